/**
 * Rows of text fields written as CSV bytes (RFC 4180 quoting, LF line ends, UTF-8), collected
 * into chunks of about 1 MiB: what the xlsx and Parquet converters hand the CSV reader.
 */
import { formatCsvRow } from './csv-write.js';

const CHUNK_CHARS = 1 << 20;

export class CsvChunks {
  private text = '';
  /** The physical line the next row starts on (1-based). */
  line = 1;

  /** One record. Fields are written as they are (no formula escaping: this is input, not a report). */
  row(fields: readonly string[]): void {
    const line = formatCsvRow(fields, { spreadsheetSafe: false });
    this.text += `${line}\n`;
    // A quoted line break inside a field takes a physical line too.
    for (let i = line.indexOf('\n'); i !== -1; i = line.indexOf('\n', i + 1)) this.line++;
    this.line++;
  }

  /** Empty lines up to (not including) physical line `line`: keeps a sheet's row numbers as line numbers across empty rows. */
  padTo(line: number): void {
    if (line > this.line) {
      this.text += '\n'.repeat(line - this.line);
      this.line = line;
    }
  }

  /** The bytes collected when there are enough for a chunk (or `force`), else undefined. */
  take(force = false): Buffer | undefined {
    if (this.text.length === 0 || (!force && this.text.length < CHUNK_CHARS)) return undefined;
    const bytes = Buffer.from(this.text, 'utf8');
    this.text = '';
    return bytes;
  }
}
