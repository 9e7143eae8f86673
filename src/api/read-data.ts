/** `readData`: a data file read by spm's own reader (RFC 4180, UTF-8, the messages of `spm ingest`). */
import { readCsvAll } from '../data/csv-source.js';

/** A data file as text cells: the header, the well-formed records, and the others with their reasons. */
export interface DataTable {
  readonly header: readonly string[];
  /** One array of fields per well-formed record (as many as the header has), in file order. */
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
  const data = await readCsvAll(path);
  const rows: string[][] = [];
  const lines: number[] = [];
  const rejects: { line: number; reason: string }[] = [];
  data.rows.forEach((row, i) => {
    const reason = data.malformed.get(i);
    if (reason === undefined) {
      rows.push(row);
      lines.push(data.lines[i]!);
    } else rejects.push({ line: data.lines[i]!, reason });
  });
  return { header: data.header, rows, lines, rejects };
}
