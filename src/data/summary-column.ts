/**
 * What ingest asks of a SummaryColumn (table.ts; its id and dropped columns), answered exactly
 * as `inferTable` and `findValueProblems` answer for the same column read as text: its summary
 * under the same inference rules, and the rows whose value is impossible. The few texts needed
 * (a numeric id column's non-numbers) are read back from the rows' lines by `textAt`.
 */
import { compareText, type ColumnSummary, type InferOptions } from './infer.js';
import { SUMMARY_MISSING, SUMMARY_TEXT, type SummaryColumn } from './table.js';
import { notNumberReason, outsideBoundsReason } from './to-table.js';

/** The row's value as read, for the rows whose text is needed. */
export type TextAt = (row: number) => string;

/** `inferTable`'s summary of the column read as text, but with `categories: []` (the schema keeps no values of these columns). */
export function summarizeColumn(column: SummaryColumn, options: InferOptions, textAt: TextAt, given?: ColumnSummary['type']): ColumnSummary {
  const { values: numbersOf, flags } = column;
  const skip = options.skip;
  let count = 0;
  let nullCount = 0;
  let numbers = 0;
  let texts = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < flags.length; r++) {
    if (skip !== undefined && skip[r] === 1) continue;
    count++;
    const kind = flags[r]! & 3;
    if (kind === SUMMARY_MISSING) nullCount++;
    else if (kind === SUMMARY_TEXT) texts++;
    else {
      numbers++;
      const v = numbersOf[r]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const values = count - nullCount;
  const share = options.numericShare ?? 1;
  const minValues = options.minValues ?? 0;
  // inferTable's rule: numeric when every value is a number, or enough of them are.
  const mostlyNumbers = texts === 0 || (values >= minValues && numbers >= share * values);
  const type = given ?? (values > 0 && mostlyNumbers ? 'numeric' : 'categorical');
  if (type === 'numeric' && numbers > 0) {
    const summary = { name: column.name, type: 'numeric' as const, count, nullCount, min, max };
    return texts === 0 ? summary : { ...summary, nonNumeric: textCounts(column, skip, textAt) };
  }
  return { name: column.name, type: 'categorical', count, nullCount, categories: [] };
}

/** The non-numbers of the column with their counts, sorted by value (inferTable's nonNumeric). */
function textCounts(column: SummaryColumn, skip: Uint8Array | undefined, textAt: TextAt): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  column.flags.forEach((flag, r) => {
    if ((flag & 3) !== SUMMARY_TEXT || (skip !== undefined && skip[r] === 1)) return;
    const text = textAt(r);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  });
  return [...counts].sort(([a], [b]) => compareText(a, b)).map(([value, count]) => ({ value, count }));
}

/** An impossible value in one cell. */
export interface ValueProblem {
  readonly row: number;
  readonly column: string;
  readonly kind: 'not_a_number' | 'outside_bounds';
  /** The value as written. */
  readonly value: string;
  /** The reject reason, worded as predict words it (to-table.ts). */
  readonly reason: string;
}

/**
 * What is impossible about `text` in numeric column `column`, if anything: not a number
 * (`value`, its number, is NaN), or a number outside `bound`. Both ingest routes judge with it.
 */
export function valueProblem(column: string, text: string, value: number, bound: readonly [number | null, number | null] | undefined): Omit<ValueProblem, 'row'> | undefined {
  if (value !== value) return { column, kind: 'not_a_number', value: text, reason: notNumberReason(column, text) };
  if (outside(value, bound)) return { column, kind: 'outside_bounds', value: text.trim(), reason: outsideBoundsReason(column, text, bound!) };
  return undefined;
}

const outside = (value: number, bound: readonly [number | null, number | null] | undefined): boolean =>
  bound !== undefined && (value < (bound[0] ?? -Infinity) || value > (bound[1] ?? Infinity));

/** findValueProblems (ingest-plan.ts) for a summary column: the rows of a numeric-typed column with a non-number or a number outside `bound`, in row order. */
export function summaryProblems(
  column: SummaryColumn, summary: ColumnSummary, bound: readonly [number | null, number | null] | undefined, textAt: TextAt,
): ValueProblem[] {
  if (summary.type !== 'numeric' || (summary.nonNumeric === undefined && bound === undefined)) return [];
  const problems: ValueProblem[] = [];
  const { name, flags, values } = column;
  for (let row = 0; row < flags.length; row++) {
    const kind = flags[row]! & 3;
    if (kind === SUMMARY_MISSING) continue;
    const value = kind === SUMMARY_TEXT ? NaN : values[row]!;
    // The text is read back only for a row with a problem; valueProblem words it.
    if (value === value && !outside(value, bound)) continue;
    problems.push({ row, ...valueProblem(name, textAt(row), value, bound)! });
  }
  return problems;
}
