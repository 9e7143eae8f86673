/**
 * What ingest asks of a SummaryColumn (table.ts; its id and dropped columns), answered exactly
 * as `inferTable` and `findValueProblems` answer for the same column read as text: its summary
 * under the same inference rules, and the rows whose value is impossible. The few texts needed
 * (a numeric id column's non-numbers) are read back from the rows' lines by `textAt`.
 */
import { compareText, type ColumnSummary, type InferOptions } from './infer.js';
import { SUMMARY_MISSING, SUMMARY_NUMBER, SUMMARY_TEXT, type SummaryColumn } from './table.js';
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
  return [...counts.keys()].sort(compareText).map((value) => ({ value, count: counts.get(value)! }));
}

/** An impossible value of a summary column: `findValueProblems`'s answer for it (ingest-plan.ts). */
export interface SummaryProblem {
  readonly row: number;
  readonly column: string;
  readonly kind: 'not_a_number' | 'outside_bounds';
  readonly value: string;
  readonly reason: string;
}

/** The rows of a numeric-typed column with a non-number, or a number outside `bound`, in row order. */
export function summaryProblems(
  column: SummaryColumn, summary: ColumnSummary, bound: readonly [number | null, number | null] | undefined, textAt: TextAt,
): SummaryProblem[] {
  if (summary.type !== 'numeric' || (summary.nonNumeric === undefined && bound === undefined)) return [];
  const low = bound?.[0] ?? -Infinity;
  const high = bound?.[1] ?? Infinity;
  const problems: SummaryProblem[] = [];
  const { name, flags, values } = column;
  for (let row = 0; row < flags.length; row++) {
    const kind = flags[row]! & 3;
    if (kind === SUMMARY_TEXT) {
      const text = textAt(row);
      problems.push({ row, column: name, kind: 'not_a_number', value: text, reason: notNumberReason(name, text) });
    } else if (kind === SUMMARY_NUMBER && (values[row]! < low || values[row]! > high)) {
      const text = textAt(row);
      problems.push({ row, column: name, kind: 'outside_bounds', value: text.trim(), reason: outsideBoundsReason(name, text, bound!) });
    }
  }
  return problems;
}
