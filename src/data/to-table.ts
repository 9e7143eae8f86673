/**
 * CSV records → a columnar `Table` for given column specs, with row-level rejects that say why,
 * so nothing is lost silently (SPEC §4 predict). Columns are found by header name: column order
 * is free and extra columns are ignored. `TableBuilder` is the one table builder, a `CsvSink`
 * of the one scanner (csv-scan.ts): it parses numbers and looks up categories straight from the
 * scanner's UTF-8 bytes (no string per cell); fed with string rows (`add`, `recordsToTable`) it
 * gives exactly the same result.
 */
import { SpmError } from '../errors.js';
import { fieldAutomaton, TextIndex } from './csv-dictionary.js';
import { utf8Bytes, utf8Text, type CsvSink } from './csv-scan.js';
import { RawRecords, type RecordText } from './raw-records.js';
import { grow, trimTo } from '../util/typed-arrays.js';
import { showValues } from '../util/privacy.js';
import { clip, clipList } from '../util/clip.js';
import { categoricalToNumeric, isMissing, parseNumberBytes } from './infer.js';
import type { ColumnType } from './schema.js';
import { findColumn, SUMMARY_MISSING, SUMMARY_NUMBER, SUMMARY_SPACE, SUMMARY_TEXT, type CategoricalColumn, type Column, type SummaryColumn, type Table } from './table.js';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Categorical: codes 0..n-1 are these values; unseen values get codes after them. */
  readonly dictionary?: readonly string[];
  /** Numeric: the possible values [min, max] (null: unbounded); a value outside rejects its row. */
  readonly bounds?: readonly [number | null, number | null];
  /** Categorical: read as a SummaryColumn (table.ts), no dictionary; its values never reject a row. */
  readonly summaryOnly?: boolean;
}

export interface RowReject {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** Index of the record among those this result covers (0 = the first after the header). */
  readonly row: number;
  readonly reason: string;
}

export interface ToTableResult {
  readonly table: Table;
  /** Source line of each kept row. */
  readonly lines: Int32Array;
  readonly rejects: RowReject[];
  /** Columns given a fixed dictionary: how many kept rows had a value not in it. */
  readonly unseen: Record<string, number>;
  /** With keepRaw: the source text of every record covered (kept and rejected), by `row`. */
  readonly raw?: RawRecords;
  /** The summaryOnly columns, in the order of their specs (`table` has the others). */
  readonly summaries: SummaryColumn[];
}

export interface TableBuilderOptions {
  /** Names the input in whole-file errors (default 'the input'). */
  source?: string;
  /** Keep each record's source text (the scanner must run with keepRaw too). */
  keepRaw?: boolean;
  /** The field delimiter the scanner splits at (its automata end fields there; default a comma). */
  delimiter?: string;
}

/** The header index of each spec's column; a whole-file SpmError when any is missing. */
export function resolveColumns(header: readonly string[], columns: readonly ColumnSpec[], source: string): Int32Array {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const missing = columns.filter((c) => !index.has(c.name)).map((c) => `'${clip(c.name)}'`);
  if (missing.length > 0) {
    const what = missing.length === 1 ? 'column' : 'columns';
    throw new SpmError('MISSING_COLUMN', `missing ${what} ${clipList(missing)} in ${source}`, {
      hint: `the header has: ${clipList(header.map((h) => clip(h, 40)), 30)}`,
    });
  }
  return Int32Array.from(columns, (c) => index.get(c.name)!);
}

/** Shows a value in a reject reason: quoted, and cut short when long. */
export const quoteValue = (text: string): string => `'${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;

/**
 * The reason a row is rejected for a non-number in a numeric column (ingest and predict say the
 * same): "column 'x': not a number", with the value only under --verbose (util/privacy.ts).
 */
export const notNumberReason = (column: string, text: string): string =>
  showValues() ? `column '${column}': ${quoteValue(text)} is not a number` : `column '${column}': not a number`;

/** The reason a row is rejected for an impossible value: "column 'x': outside its bounds [0, 100]" (the value under --verbose). */
export const outsideBoundsReason = (column: string, text: string, bounds: readonly [number | null, number | null]): string =>
  `column '${column}': ${showValues() ? `${text.trim()} is ` : ''}outside its bounds [${String(bounds[0])}, ${String(bounds[1])}]`;

/**
 * Typed columns for the given specs, built record by record: as a `CsvSink` straight from the
 * scanner, or from string rows with `add`. `take` hands over what was built so far.
 */
export class TableBuilder implements CsvSink {
  private readonly width: number;
  /** Per spec: its field in the header. */
  private readonly at: Int32Array;
  /** Per header field: the spec it feeds, or -1. */
  private readonly specOf: Int32Array;
  private readonly numbers: (Float64Array | undefined)[];
  private readonly codes: (Int32Array | undefined)[];
  /** Per spec: the flags of a summaryOnly column (its numbers are in `numbers`). */
  private readonly flags: (Uint8Array | undefined)[];
  private readonly summary: boolean[];
  private readonly indexes: (TextIndex | undefined)[];
  /** CsvSink: per header field, a fieldAutomaton of its spec's fixed dictionary, when it has a short one. */
  readonly automata: readonly (Int32Array | undefined)[];
  /** Per spec: the size of its fixed dictionary, or -1. */
  private readonly fixed: Int32Array;
  /** Per spec: its bounds, ±Infinity when open (every value passes: NaN compares false). */
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly categorical: number[] = [];
  private lines: Int32Array;
  private size = 0;
  private records = 0;
  private rejects: RowReject[] = [];
  private raw: RawRecords | undefined;
  // The record being read:
  private fieldCount = 0;
  private failure: string | undefined;
  private readonly pending: (string | undefined)[];
  private hasPending = false;

  constructor(header: readonly string[], private readonly columns: readonly ColumnSpec[], options: TableBuilderOptions = {}) {
    this.at = resolveColumns(header, columns, options.source ?? 'the input');
    this.width = header.length;
    this.specOf = new Int32Array(header.length).fill(-1);
    this.at.forEach((f, k) => {
      if (this.specOf[f] !== -1) throw new Error(`column ${columns[k]!.name} is listed twice`);
      this.specOf[f] = k;
    });
    this.fixed = Int32Array.from(columns, (c) => (c.type === 'categorical' && c.dictionary ? c.dictionary.length : -1));
    this.low = Float64Array.from(columns, (c) => c.bounds?.[0] ?? -Infinity);
    this.high = Float64Array.from(columns, (c) => c.bounds?.[1] ?? Infinity);
    this.summary = columns.map((c) => c.type === 'categorical' && c.summaryOnly === true);
    this.indexes = columns.map((c, k) => (c.type === 'categorical' && !this.summary[k] ? new TextIndex(c.dictionary) : undefined));
    columns.forEach((c, k) => {
      if (c.type === 'categorical' && !this.summary[k]) this.categorical.push(k);
    });
    this.numbers = columns.map(() => undefined);
    this.codes = columns.map(() => undefined);
    this.flags = columns.map(() => undefined);
    this.lines = new Int32Array(0);
    this.allocate(64);
    this.pending = columns.map(() => undefined);
    if (options.keepRaw === true) this.raw = new RawRecords();
    const delimiter = (options.delimiter ?? ',').charCodeAt(0);
    this.automata = Array.from(this.specOf, (k) => {
      const dictionary = k >= 0 && this.indexes[k] !== undefined ? columns[k]!.dictionary : undefined;
      return dictionary ? fieldAutomaton(dictionary, undefined, delimiter) : undefined;
    });
  }

  /** CsvSink: one field of the current record (kept small: it runs once per cell). */
  field(b: Uint8Array, start: number, end: number): void {
    const f = this.fieldCount++;
    if (f >= this.width) return;
    const k = this.specOf[f]!;
    if (k < 0) return;
    const flags = this.flags[k];
    if (flags !== undefined) {
      this.summarize(this.numbers[k]!, flags, b, start, end);
      return;
    }
    const numbers = this.numbers[k];
    if (numbers !== undefined) this.setNumber(k, numbers, parseNumberBytes(b, start, end), b, start, end);
    else this.setCode(k, this.indexes[k]!.findBytes(b, start, end), b, start, end);
  }

  /**
   * CsvSink: a field its automaton read (a field with one: a categorical spec's), with its code
   * among the fixed values, or -1: then one added since (an unseen category of an earlier row), or new.
   */
  fieldCode(code: number, b: Uint8Array, start: number, end: number): void {
    const k = this.specOf[this.fieldCount++]!;
    this.setCode(k, code >= 0 ? code : start === end ? -1 : this.indexes[k]!.findBytes(b, start, end), b, start, end);
  }

  /** A number read from `text` [start, end) (NaN: none): stored, and the row failed when it cannot hold it. */
  private setNumber(k: number, numbers: Float64Array, value: number, text: RecordText, start: number, end: number): void {
    numbers[this.size] = value;
    if (value !== value) {
      if (start !== end) this.notNumber(k, textOf(text, start, end));
    } else if (value < this.low[k]! || value > this.high[k]!) {
      this.outside(k, textOf(text, start, end));
    }
  }

  /** A category's code read from `text` [start, end) (-1: not in the index yet). */
  private setCode(k: number, code: number, text: RecordText, start: number, end: number): void {
    this.codes[k]![this.size] = code;
    if (code < 0 && start !== end) this.newCategory(k, textOf(text, start, end));
  }

  /** A summaryOnly column's value: missing, a number or text (see SummaryColumn), with no string made for most. */
  private summarize(numbers: Float64Array, flags: Uint8Array, b: Uint8Array, start: number, end: number): void {
    const n = this.size;
    if (start === end) {
      numbers[n] = NaN;
      flags[n] = SUMMARY_MISSING;
      return;
    }
    const spaced = b[start] === 32 || b[end - 1] === 32 ? SUMMARY_SPACE : 0;
    // A letter cannot start a number (parseNumber trims whitespace, then wants a sign, digit or point).
    const lower = b[start]! | 32;
    const value = lower >= 97 && lower <= 122 ? NaN : parseNumberBytes(b, start, end);
    numbers[n] = value;
    if (value === value) {
      flags[n] = SUMMARY_NUMBER | spaced;
      return;
    }
    // Missing tokens are at most 4 characters, trimmed (isMissing): longer unpadded text is not one.
    const missing = (isShort(b, start, end) || spaced !== 0 || b[start]! <= 32 || b[end - 1]! <= 32) && isMissing(utf8Text(b, start, end));
    flags[n] = missing ? SUMMARY_MISSING : SUMMARY_TEXT | spaced;
  }

  private notNumber(k: number, text: string): void {
    if (this.failure === undefined && !isMissing(text)) this.failure = notNumberReason(this.columns[k]!.name, text);
  }

  private outside(k: number, text: string): void {
    this.failure ??= outsideBoundsReason(this.columns[k]!.name, text, this.columns[k]!.bounds!);
  }

  /** Coded once the record is kept, so rejected rows add no categories. */
  private newCategory(k: number, text: string): void {
    if (isMissing(text)) return;
    this.pending[k] = text;
    this.hasPending = true;
  }

  /** CsvSink: fields of the current record so far. */
  fieldsSoFar(): number {
    return this.fieldCount;
  }

  /** CsvSink: the current record is read again line by line; its cells are overwritten, its new categories dropped. */
  discardRecord(): void {
    this.fieldCount = 0;
    this.failure = undefined;
    if (this.hasPending) {
      this.hasPending = false;
      this.pending.fill(undefined);
    }
  }

  /** CsvSink: the current record is complete; keep it or reject it with its reason. */
  endRecord(line: number, malformed: string | undefined, text: RecordText, start: number, end: number): void {
    const count = this.fieldCount;
    this.fieldCount = 0;
    const reason = malformed ?? (count !== this.width ? `expected ${this.width} fields, found ${count}` : this.failure);
    this.failure = undefined;
    const row = this.records++;
    this.raw?.push(text, start, end);
    const n = this.size;
    if (this.hasPending) {
      this.hasPending = false;
      for (let j = 0; j < this.categorical.length; j++) {
        const k = this.categorical[j]!;
        const text = this.pending[k];
        if (text === undefined) continue;
        this.pending[k] = undefined;
        if (reason !== undefined) continue;
        this.codes[k]![n] = this.indexes[k]!.add(text); // not in the index when read; nothing added since
      }
    }
    if (reason !== undefined) {
      this.rejects.push({ line, row, reason });
      return;
    }
    this.lines[n] = line;
    this.size = n + 1;
    if (this.size === this.lines.length) this.allocate(this.size * 2);
  }

  /** Adds records already split into fields; `malformed` (by index in `rows`) comes from the parser. */
  add(rows: readonly (readonly string[])[], lines: ArrayLike<number>, malformed?: ReadonlyMap<number, string>): void {
    this.allocate(this.size + rows.length + 1);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let f = 0; f < row.length; f++) {
        const b = utf8Bytes(row[f]!);
        this.field(b, 0, b.length);
      }
      this.endRecord(lines[r]!, malformed?.get(r), '', 0, 0);
    }
  }

  /**
   * The rows since the last take: the table of kept rows, their lines, the rejects, unseen
   * counts. Codes of first-seen categories carry on across takes (a later take's dictionary
   * extends an earlier one's; the arrays are shared and only ever appended to). Values appended
   * to a fixed dictionary are per take, so streaming many batches keeps memory bounded.
   */
  take(): ToTableResult {
    const n = this.size;
    const summaries: SummaryColumn[] = [];
    const columns: Column[] = [];
    this.columns.forEach((spec, k) => {
      const numbers = this.numbers[k];
      const flags = this.flags[k];
      if (flags !== undefined) summaries.push({ name: spec.name, values: trimTo(numbers!, n), flags: trimTo(flags, n) });
      else columns.push(this.column(spec, k, n));
    });
    const unseen: Record<string, number> = {};
    this.columns.forEach((spec, k) => {
      if (this.fixed[k]! >= 0) unseen[spec.name] = countAtLeast(this.codes[k]!, n, this.fixed[k]!);
    });
    const result: ToTableResult = { table: { rowCount: n, columns }, lines: trimTo(this.lines, n), rejects: this.rejects, unseen, summaries, ...(this.raw ? { raw: this.raw } : {}) };
    this.rejects = [];
    if (this.raw) this.raw = new RawRecords();
    this.size = 0;
    this.records = 0;
    const numbers = this.numbers.slice();
    const codes = this.codes.slice();
    const flags = this.flags.slice();
    this.lines = new Int32Array(0);
    this.numbers.fill(undefined);
    this.codes.fill(undefined);
    this.flags.fill(undefined);
    this.allocate(Math.max(64, n));
    this.carryOver(numbers, codes, flags, n, columns);
    return result;
  }

  /** Spec k's column of the first n rows (not a summaryOnly one). */
  private column(spec: ColumnSpec, k: number, n: number): Column {
    const numbers = this.numbers[k];
    if (numbers !== undefined) return { kind: 'numeric', name: spec.name, values: trimTo(numbers, n) };
    // Shared, not copied: the builder only ever appends to it (truncate swaps in a new array).
    const index = this.indexes[k]!;
    const dictionary = index.values;
    if (this.fixed[k]! >= 0) index.truncate(this.fixed[k]!);
    return { kind: 'categorical', name: spec.name, codes: trimTo(this.codes[k]!, n), dictionary };
  }

  /**
   * A record may be half read (a chunk ended inside it): moves the cells already read from row
   * `n` of the old buffers to row 0 of the new ones. A value appended to a fixed dictionary has
   * just been dropped from it, so it becomes pending again.
   */
  private carryOver(numbers: (Float64Array | undefined)[], codes: (Int32Array | undefined)[], flags: (Uint8Array | undefined)[], n: number, columns: Column[]): void {
    const byName = new Map(columns.map((c) => [c.name, c]));
    for (let k = 0; k < this.columns.length; k++) {
      if (this.at[k]! >= this.fieldCount) continue; // not read yet (the old row may hold a rejected record's cells)
      const flag = flags[k];
      if (flag !== undefined) {
        this.numbers[k]![0] = numbers[k]![n]!;
        this.flags[k]![0] = flag[n]!;
        continue;
      }
      const number = numbers[k];
      if (number !== undefined) {
        this.numbers[k]![0] = number[n]!;
        continue;
      }
      let code = codes[k]![n]!;
      const fixed = this.fixed[k]!;
      if (fixed >= 0 && code >= fixed) {
        this.pending[k] = (byName.get(this.columns[k]!.name) as CategoricalColumn).dictionary[code]!;
        this.hasPending = true;
        code = -1;
      }
      this.codes[k]![0] = code;
    }
  }

  /** Records read since the last take. */
  get pendingRecords(): number {
    return this.records;
  }

  /** Grows every column buffer to at least `capacity` rows, keeping what is there. */
  private allocate(capacity: number): void {
    if (capacity <= this.lines.length) return;
    this.lines = grow(this.lines, capacity);
    this.columns.forEach((c, k) => {
      if (c.type === 'numeric' || this.summary[k]) this.numbers[k] = grow(this.numbers[k] ?? new Float64Array(0), capacity);
      if (this.summary[k]) this.flags[k] = grow(this.flags[k] ?? new Uint8Array(0), capacity);
      else if (c.type !== 'numeric') this.codes[k] = grow(this.codes[k] ?? new Int32Array(0), capacity);
    });
  }
}

/** UTF-8 bytes [start, end) are at most 4 characters (UTF-16 code units). */
function isShort(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n <= 4) return true;
  if (n > 12) return false;
  for (let i = start; i < end; i++) if (b[i]! > 127) return utf8Text(b, start, end).length <= 4;
  return false;
}

const textOf = (text: RecordText, start: number, end: number): string => (typeof text === 'string' ? text.slice(start, end) : utf8Text(text, start, end));

/** How many of the first `n` codes are `min` or more (values appended to a fixed dictionary). */
function countAtLeast(codes: Int32Array, n: number, min: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (codes[i]! >= min) count++;
  return count;
}

/**
 * Converts parsed records to a table (see `TableBuilder`). Missing values (MISSING_TOKENS)
 * become NaN / -1; they are not rejected here, imputation decides later.
 */
export function recordsToTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lines: ArrayLike<number>,
  columns: readonly ColumnSpec[],
  options: { source?: string; malformed?: ReadonlyMap<number, string> } = {},
): ToTableResult {
  const builder = new TableBuilder(header, columns, options.source === undefined ? {} : { source: options.source });
  builder.add(rows, lines, options.malformed);
  return builder.take();
}

/**
 * Typed columns from a table of text columns (every column categorical, as ingest reads it):
 * the specs' columns, numbers parsed once per distinct text (`categoricalToNumeric`), categories
 * re-coded to the spec's dictionary; only the `rows` given, in that order. The caller has
 * rejected every row with a value the specs cannot hold (a non-number, an unknown category).
 */
export function typeTextColumns(text: Table, specs: readonly ColumnSpec[], rows: Int32Array): Table {
  // Each needed column is gathered through `rows` once (no copy of every column, ids and
  // dropped ones included, before the typed copy).
  const columns = specs.map((spec): Column => {
    const column = findColumn(text, spec.name);
    if (column?.kind !== 'categorical') throw new Error(`typeTextColumns: no text column ${spec.name}`);
    if (spec.type === 'numeric') return categoricalToNumeric(column, rows);
    const dictionary = spec.dictionary ?? column.dictionary;
    const index = new Map(dictionary.map((value, code) => [value, code]));
    const recode = Int32Array.from(column.dictionary, (value) => index.get(value) ?? -2);
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < codes.length; i++) {
      const code = column.codes[rows[i]!]!;
      codes[i] = code < 0 ? code : recode[code]!;
      if (codes[i] === -2) throw new Error(`typeTextColumns: column ${spec.name} has a value outside its dictionary`);
    }
    return { kind: 'categorical', name: spec.name, codes, dictionary };
  });
  return { rowCount: rows.length, columns };
}
