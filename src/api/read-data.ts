/** `readData`: a data file read by spm's own reader (RFC 4180, UTF-8, the checks and messages of `spm predict`). */
import { readCsvTableAll } from '../data/csv-source.js';
import { readHeaders } from '../data/source-files.js';
import { cellText, getColumn } from '../data/table.js';

/** A data file as text cells: the header, the rows it could read, and the others with their reasons. */
export interface DataTable {
  readonly header: readonly string[];
  /** One array of fields per readable record (as many as the header has), in file order. */
  readonly rows: readonly (readonly string[])[];
  /** The 1-based physical line of the file where each of `rows` starts (a quoted field may span lines). */
  readonly lines: readonly number[];
  /** Records that could not be read as rows (wrong field count, broken quoting): never dropped silently. */
  readonly rejects: readonly { readonly line: number; readonly reason: string }[];
}

/**
 * Reads a whole data file into memory. A missing file, an empty one, one that is not UTF-8
 * text or has a bad header is an SpmError (DATA_NOT_FOUND, CSV_EMPTY, CSV_NOT_TEXT,
 * CSV_BAD_HEADER), as in `spm ingest`.
 */
export async function readData(path: string): Promise<DataTable> {
  const { headers } = await readHeaders([path]);
  const result = await readCsvTableAll(path, (headers[0] ?? []).map((name) => ({ name, type: 'categorical' as const })));
  const columns = result.header.map((name) => getColumn(result.table, name));
  const lines = [...result.lines];
  const rows = lines.map((_, row) => columns.map((c) => cellText(c, row)));
  return { header: result.header, rows, lines, rejects: result.rejects.map((r) => ({ line: r.line, reason: r.reason })) };
}
