/** `readData`: a data file read by spm's own reader (any dialect, encoding or format it reads; the checks and messages of `spm predict`). */
import { cellText, getColumn } from '../data/table.js';
import { readTextTable } from '../data/text-table.js';

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
 * Reads a whole data file into memory. A missing file, an empty one, one that is not text
 * or has a bad header is an SpmError (DATA_NOT_FOUND, CSV_EMPTY, CSV_NOT_TEXT,
 * CSV_BAD_HEADER), as in `spm ingest`.
 */
export async function readData(path: string): Promise<DataTable> {
  const result = await readTextTable(path);
  const columns = result.header.map((name) => getColumn(result.table, name));
  const lines = [...result.lines];
  const rows = lines.map((_, row) => columns.map((c) => cellText(c, row)));
  return { header: result.header, rows, lines, rejects: result.rejects.map((r) => ({ line: r.line, reason: r.reason })) };
}
