/**
 * A whole data file as a table of text columns (every column categorical: codes into the
 * distinct texts), read by the one CSV reader so that whatever it reads, this reads: the form
 * ingest's inference works on, for `spm init` and drift of two files, and the library's readData.
 */
import type { Dialect } from './csv-dialect.js';
import { readCsvTableAll } from './csv-source.js';
import { readHeaders } from './source-files.js';
import type { Table } from './table.js';
import type { RowReject } from './to-table.js';

export interface TextTable {
  readonly header: readonly string[];
  readonly table: Table;
  /** The 1-based physical line where each row of `table` starts. */
  readonly lines: Int32Array;
  /** Records the reader could not use (wrong field count, malformed quoting), with their lines and reasons. */
  readonly rejects: readonly RowReject[];
  /**
   * Dialect settings the reader detected that differ from the defaults (comma, decimal point,
   * UTF-8), as data.csv keys: what `spm init` writes so the params say how the file is read.
   */
  readonly dialect: Readonly<Record<string, string>>;
}

export async function readTextTable(path: string): Promise<TextTable> {
  const { headers, dialects } = await readHeaders([path]);
  const result = await readCsvTableAll(path, (headers[0] ?? []).map((name) => ({ name, type: 'categorical' as const })));
  return { header: result.header, table: result.table, lines: result.lines, rejects: result.rejects, dialect: dialectParams(dialects[0]) };
}

/** The data.csv keys of a detected dialect that are not the defaults. */
function dialectParams(d: Dialect | undefined): Record<string, string> {
  if (d === undefined) return {};
  return {
    ...(d.delimiter === ',' ? {} : { delimiter: d.delimiter }),
    ...(d.decimal === '.' ? {} : { decimal: d.decimal }),
    ...(d.encoding === 'utf-8' ? {} : { encoding: d.encoding }),
  };
}
