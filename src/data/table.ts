/**
 * Column tables (STYLE 8): numbers as Float64Array with NaN for missing, categories as
 * Int32Array codes into a dictionary with -1 for missing. Tables are treated as immutable.
 */
import { concat } from '../util/typed-arrays.js';
import { TextIndex } from './csv-dictionary.js';

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  /** Index into `dictionary`; -1 marks a missing value. */
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

/** SummaryColumn.flags: what a row's value is (SUMMARY_SPACE may be added to NUMBER and TEXT). */
export const SUMMARY_MISSING = 0;
export const SUMMARY_NUMBER = 1;
export const SUMMARY_TEXT = 2;
/** The value starts or ends with a space. */
export const SUMMARY_SPACE = 4;

/**
 * A column read only to be summarised (ingest's id and dropped columns): per row, whether its
 * value is missing, a number (and which) or other text, with no dictionary of its values. An id
 * column of a million distinct values cost about 1.5 s of a 1,000,000-row ingest as a
 * categorical column (a string and a look-up per value, on both threads, then joined).
 */
export interface SummaryColumn {
  readonly name: string;
  /** The number, or NaN (missing or text). */
  readonly values: Float64Array;
  /** SUMMARY_MISSING, SUMMARY_NUMBER or SUMMARY_TEXT, plus SUMMARY_SPACE. */
  readonly flags: Uint8Array;
}

/** Summary columns of the same names, one after the other. */
export function concatSummaries(parts: readonly (readonly SummaryColumn[])[]): SummaryColumn[] {
  // Every part has the same columns in the same order, so p[k] is there when parts[0][k] is.
  return (parts[0] ?? []).map((first, k) => ({ name: first.name, values: concat(parts.map((p) => p[k]!.values)), flags: concat(parts.map((p) => p[k]!.flags)) }));
}

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

export const MISSING_CODE = -1;

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function getColumn(table: Table, name: string): Column {
  const column = findColumn(table, name);
  if (!column) throw new Error(`column ${name} is not in the table`);
  return column;
}

/** Rows of `table` at `indices`, in that order (used for splits and CV folds). */
export function takeRows(table: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns = table.columns.map((column): Column => {
    if (column.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = column.values[indices[i]!]!;
      return { kind: 'numeric', name: column.name, values };
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[indices[i]!]!;
    return { kind: 'categorical', name: column.name, codes, dictionary: column.dictionary };
  });
  return { rowCount: n, columns };
}

/** The table without the named columns. */
export function dropColumns(table: Table, names: readonly string[]): Table {
  const drop = new Set(names);
  return { rowCount: table.rowCount, columns: table.columns.filter((c) => !drop.has(c.name)) };
}

/** The value of one cell as text ('' for missing), for writing CSV and messages. */
export function cellText(column: Column, row: number): string {
  if (column.kind === 'numeric') {
    const v = column.values[row]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  const code = column.codes[row]!;
  return code < 0 ? '' : column.dictionary[code]!;
}

/**
 * Tables with the same columns (by position), one after the other. Numeric columns are joined;
 * categorical codes of later tables are re-keyed into one dictionary (the first table's values
 * keep their codes, new ones follow in order of appearance).
 */
export function concatTables(tables: readonly Table[]): Table {
  const head = tables[0];
  if (head === undefined) throw new Error('concatTables: no tables (the columns are unknown)');
  if (tables.length === 1) return head;
  const rowCount = tables.reduce((n, t) => n + t.rowCount, 0);
  const columns = head.columns.map((first, k): Column => {
    if (first.kind === 'numeric') return { kind: 'numeric', name: first.name, values: concat(tables.map((t) => (t.columns[k] as NumericColumn).values)) };
    // TextIndex, not a Map: a text column of a million distinct values took about 1 s to join
    // with a Map (the two parts of a file read on two threads, csv-parts.ts).
    const index = new TextIndex();
    const codes = new Int32Array(rowCount);
    let at = 0;
    for (const table of tables) {
      const column = table.columns[k] as CategoricalColumn;
      let same = true; // the usual first table: its codes are kept as they are
      const recode = Int32Array.from(column.dictionary, (value, code) => {
        let to = index.find(value, 0, value.length);
        if (to === -1) to = index.add(value);
        same &&= to === code;
        return to;
      });
      const from = column.codes;
      if (same) {
        codes.set(from, at);
        at += from.length;
        continue;
      }
      for (let r = 0; r < from.length; r++, at++) {
        const code = from[r]!;
        codes[at] = code < 0 ? code : recode[code]!;
      }
    }
    return { kind: 'categorical', name: first.name, codes, dictionary: index.values };
  });
  return { rowCount, columns };
}
