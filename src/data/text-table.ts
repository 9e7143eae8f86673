/**
 * A whole data file as a table of text columns (every column categorical: codes into the
 * distinct texts), read by the one CSV reader so that whatever it reads, this reads: the form
 * ingest's inference works on, for `spm init` and drift of two files.
 */
import { readCsvTableAll } from './csv-source.js';
import { readHeaders } from './source-files.js';
import type { Table } from './table.js';

export interface TextTable {
  readonly header: readonly string[];
  readonly table: Table;
  /** Records the reader could not use (wrong field count, malformed quoting). */
  readonly rejected: number;
  /**
   * Dialect settings the reader detected that differ from its defaults, as data.csv keys
   * (delimiter, decimal, encoding, header). HOOK: the reader reports none yet; when it reports
   * its dialect, fill this from it and `spm init` writes the lines with no other change.
   */
  readonly dialect: Readonly<Record<string, string>>;
}

export async function readTextTable(path: string): Promise<TextTable> {
  const [header] = await readHeaders([path]);
  const result = await readCsvTableAll(path, header!.map((name) => ({ name, type: 'categorical' as const })));
  return { header: result.header, table: result.table, rejected: result.rejects.length, dialect: {} };
}
