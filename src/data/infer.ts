/**
 * Text → number conversion and column type inference. `parseNumber` is shared by everything that
 * reads numbers from CSV text, so ingest, predict and drift agree on what a number is.
 */
import { MISSING_TOKENS, type ColumnType } from './schema.js';
import type { CategoricalColumn, NumericColumn, Table } from './table.js';

/** Exact powers of ten: 10^k is exactly representable for k ≤ 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The finite number written in `s`, or NaN. Accepts an optional sign, decimals (`1.`, `.5`),
 * exponents (`1e3`) and surrounding whitespace; rejects hex/binary literals, `Infinity`,
 * thousands separators (`1,5`), and blank text (Number('') would say 0).
 *
 * Fast path (Clinger 1990, "How to read floating point numbers accurately"): with at most 15
 * digits the digits form an exact integer m < 2^53 and 10^k (k ≤ 15) is exact, so m / 10^k is a
 * single correctly rounded IEEE operation, identical to Number(s). Anything else goes to Number().
 */
export function parseNumber(s: string): number {
  return parseNumberRange(s, 0, s.length);
}

/** `parseNumber(s.slice(start, end))` without making the slice in the common case. */
export function parseNumberRange(s: string, start: number, end: number): number {
  let i = start;
  let c = i < end ? s.charCodeAt(i) : 0;
  const negative = c === 45; // '-'
  if (negative || c === 43) i++; // '+'
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (c === 46 && fraction < 0) {
      fraction = digits; // digits before the point
    } else {
      return parseNumberSlow(s.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return parseNumberSlow(s.slice(start, end));
  const value = fraction < 0 || fraction === digits ? mantissa : mantissa / POW10[digits - fraction]!;
  return negative ? -value : value;
}

/**
 * `parseNumberRange` on UTF-8 bytes (the scanner's, csv-scan.ts): the same fast path, reading
 * bytes instead of characters, and the same slow path on the text. Kept apart from
 * parseNumberRange so that each reads one kind of input (a loop that reads both costs the hot
 * path); tests check that the two agree.
 */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let c = i < end ? b[i]! : 0;
  const negative = c === 45; // '-'
  if (negative || c === 43) i++; // '+'
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    c = b[i]!;
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (c === 46 && fraction < 0) {
      fraction = digits;
    } else {
      return parseNumberSlow(utf8(b, start, end));
    }
  }
  if (digits === 0 || digits > 15) return parseNumberSlow(utf8(b, start, end));
  const value = fraction < 0 || fraction === digits ? mantissa : mantissa / POW10[digits - fraction]!;
  return negative ? -value : value;
}

/** UTF-8 bytes [start, end) as text. */
const utf8 = (b: Uint8Array, start: number, end: number): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8', start, end);

function parseNumberSlow(s: string): number {
  const t = s.trim();
  if (!NUMBER_RE.test(t)) return NaN;
  const value = Number(t);
  return Number.isFinite(value) ? value : NaN;
}

/** True when `s` is a missing-value token (MISSING_TOKENS), ignoring surrounding whitespace. */
export function isMissing(s: string): boolean {
  if (MISSING_TOKENS.has(s)) return true;
  const n = s.length;
  if (n === 0 || (s.charCodeAt(0) > 32 && s.charCodeAt(n - 1) > 32)) return false;
  return MISSING_TOKENS.has(s.trim());
}

/** A category and how many rows have it (infer's summaries, drift's new categories). */
export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

interface SummaryBase {
  readonly name: string;
  /** Rows examined (rows with the header's field count and no malformed quoting). */
  readonly count: number;
  /** Missing values among them. */
  readonly nullCount: number;
}

export interface NumericSummary extends SummaryBase {
  readonly type: 'numeric';
  /** Range of the numbers (non-numbers aside). */
  readonly min: number;
  readonly max: number;
  /** `inferTable` with a `numericShare` below 1: the values that are not numbers, sorted, with counts. */
  readonly nonNumeric?: readonly CategoryCount[];
}

export interface CategoricalSummary extends SummaryBase {
  readonly type: 'categorical';
  /** Distinct non-missing values with their counts, sorted by value (code-unit order). */
  readonly categories: readonly CategoryCount[];
}

export type ColumnSummary = NumericSummary | CategoricalSummary;

/**
 * Infers each column's type: numeric when every non-missing value parses with `parseNumber`,
 * categorical otherwise. A column with no values at all is categorical (nothing says numeric).
 * Rows whose field count differs from the header's, and rows listed in `skip` (malformed
 * quoting, by row index), are ignored: they are rejected when the table is built.
 */
export function inferColumns(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  skip?: ReadonlyMap<number, unknown>,
): ColumnSummary[] {
  const width = header.length;
  const used = (r: number): boolean => rows[r]!.length === width && !(skip?.has(r) ?? false);
  let count = 0;
  for (let r = 0; r < rows.length; r++) if (used(r)) count++;
  return header.map((name, col): ColumnSummary => {
    let nullCount = 0;
    let min = Infinity;
    let max = -Infinity;
    let numeric = true;
    for (let r = 0; r < rows.length && numeric; r++) {
      if (!used(r)) continue;
      const text = rows[r]![col]!;
      const value = parseNumber(text);
      if (value === value) {
        if (value < min) min = value;
        if (value > max) max = value;
      } else if (isMissing(text)) {
        nullCount++;
      } else {
        numeric = false;
      }
    }
    if (numeric && nullCount < count) return { name, type: 'numeric', count, nullCount, min, max };
    return { name, type: 'categorical', count, ...countCategories(rows, col, used) };
  });
}

function countCategories(
  rows: readonly (readonly string[])[],
  col: number,
  used: (r: number) => boolean,
): { nullCount: number; categories: CategoryCount[] } {
  const counts = new Map<string, number>();
  let nullCount = 0;
  for (let r = 0; r < rows.length; r++) {
    if (!used(r)) continue;
    const text = rows[r]![col]!;
    if (isMissing(text)) nullCount++;
    else counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return { nullCount, categories: [...counts].sort(([a], [b]) => compareText(a, b)).map(([value, count]) => ({ value, count })) };
}

/** Code-unit order: locale-independent, so the same data sorts the same everywhere. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How `inferTable` decides types (defaults: numeric only when every non-missing value is a number). */
export interface InferOptions {
  /**
   * Numeric when at least this share of the non-missing values are numbers (default 1) and the
   * column has at least `minValues` of them; the other values are listed as `nonNumeric`.
   */
  readonly numericShare?: number;
  readonly minValues?: number;
  /** Rows to leave out (1 = skip), e.g. rows rejected for a value in another column. */
  readonly skip?: Uint8Array;
  /** Types decided earlier (by a first pass, or declared in data.types): summarise under them instead of inferring; undefined: infer. */
  readonly types?: readonly (ColumnType | undefined)[];
}

/**
 * The fast ingest path: `inferColumns` for a table read with every column categorical (e.g.
 * `readCsvTableAll`), so each distinct value is parsed once instead of every cell. With the
 * default options, the same result as `inferColumns` on the same file: the builder keeps exactly
 * the rows inference looks at. A numeric column's min and max cover its numbers only.
 */
export function inferTable(table: Table, options: InferOptions = {}): ColumnSummary[] {
  const share = options.numericShare ?? 1;
  const minValues = options.minValues ?? 0;
  return table.columns.map((column, i): ColumnSummary => {
    if (column.kind === 'numeric') throw new Error(`inferTable: column ${column.name} is already numeric`);
    const { counts, count, nullCount } = countCodes(column.codes, column.dictionary.length, options.skip);
    let min = Infinity;
    let max = -Infinity;
    let numbers = 0;
    let notNumbers = 0;
    const invalid: number[] = [];
    const values = count - nullCount;
    const given = options.types?.[i];
    // Parse each distinct text once; stop as soon as the column can only be text (an id column
    // of 1,000,000 distinct values is decided by its first one): min, max and the invalid
    // values describe numeric columns only.
    for (let code = 0; code < column.dictionary.length && given !== 'categorical'; code++) {
      if (counts[code] === 0) continue;
      const value = parseNumber(column.dictionary[code]!);
      if (value !== value) {
        invalid.push(code);
        notNumbers += counts[code]!;
        if (given === undefined && (values < minValues || values - notNumbers < share * values)) break;
        continue;
      }
      numbers += counts[code]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const mostlyNumbers = invalid.length === 0 || (values >= minValues && numbers >= share * values);
    const type = given ?? (values > 0 && mostlyNumbers ? 'numeric' : 'categorical');
    if (type === 'numeric' && numbers > 0) {
      const summary: NumericSummary = { name: column.name, type: 'numeric', count, nullCount, min, max };
      return invalid.length === 0 ? summary : { ...summary, nonNumeric: sortedCounts(invalid, column.dictionary, counts) };
    }
    const present = column.dictionary.map((_, code) => code).filter((code) => counts[code]! > 0);
    return { name: column.name, type: 'categorical', count, nullCount, categories: sortedCounts(present, column.dictionary, counts) };
  });
}

/** Rows per code, rows examined and missing values (code < 0), leaving out the `skip` rows. */
export function countCodes(codes: Int32Array, size: number, skip: Uint8Array | undefined): { counts: Int32Array; count: number; nullCount: number } {
  const counts = new Int32Array(size);
  let nullCount = 0;
  let skipped = 0;
  for (let r = 0; r < codes.length; r++) {
    if (skip !== undefined && skip[r] === 1) {
      skipped++;
      continue;
    }
    const code = codes[r]!;
    if (code < 0) nullCount++;
    else counts[code]!++;
  }
  return { counts, count: codes.length - skipped, nullCount };
}

/** The values of `codes` with their counts, sorted by value (code-unit order). */
function sortedCounts(codes: number[], dictionary: readonly string[], counts: Int32Array): CategoryCount[] {
  let sorted = true; // often so (ids, values met in order): one pass instead of a sort
  for (let i = 1; i < codes.length && sorted; i++) sorted = dictionary[codes[i - 1]!]! < dictionary[codes[i]!]!;
  if (!sorted) codes.sort((a, b) => compareText(dictionary[a]!, dictionary[b]!));
  return codes.map((code) => ({ value: dictionary[code]!, count: counts[code]! }));
}

/** A categorical column whose values are all numbers (see `inferTable`) as a numeric column; `rows`: only those, in that order. */
export function categoricalToNumeric(column: CategoricalColumn, rows?: Int32Array): NumericColumn {
  const lookup = Float64Array.from(column.dictionary, (text) => parseNumber(text));
  const values = new Float64Array(rows ? rows.length : column.codes.length);
  for (let i = 0; i < values.length; i++) {
    const code = column.codes[rows ? rows[i]! : i]!;
    values[i] = code < 0 ? NaN : lookup[code]!;
  }
  return { kind: 'numeric', name: column.name, values };
}
