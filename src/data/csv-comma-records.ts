/**
 * Records of any dialect as the comma CSV lines spm writes (ingest's split files, predict's
 * output): the one place both get them. Most records need no string of their own: a chunk of
 * UTF-8 bytes the reader holds whose every record is plain — no quote, no comma, no space beside
 * a delimiter or line break, a decimal point — becomes comma CSV at once, its delimiters replaced
 * byte by byte (the same length, so every record keeps its range; formatCsvRow would write
 * those records so). Records of other chunks, and those at a chunk's very start or end (a chunk
 * may be cut inside a field, so its edges are taken record by record), are read again by the
 * scanner and written one by one (commaLine).
 *
 * The earlier route replaced the delimiters of each chunk's string with String.replaceAll and
 * wrote predict's records again one by one on the main thread: replaceAll's result is a tree of
 * a string per field, which on 1,000,000 semicolon rows cost ingest about 5 s of garbage
 * collection and 0.6 GB, and predict 1.2 s of its main thread (profiled with --cpu-prof).
 */
import { recordFields } from './csv-parse.js';
import { formatCsvRow } from './csv-write.js';
import type { DecimalMark } from './csv-dialect.js';
import { RawRecords, type RecordText } from './raw-records.js';

export interface CommaDialect {
  readonly delimiter: string;
  readonly decimal: DecimalMark;
}

/** The dialect of the lines spm writes: records in it are their own comma lines. */
export const isCommaDialect = (d: CommaDialect): boolean => d.delimiter === ',' && d.decimal === '.';

/**
 * `raw`'s records (same count, same order) as comma CSV lines: `raw` itself when the dialect is
 * comma with a decimal point.
 */
export function commaRecords(raw: RawRecords, dialect: CommaDialect): RawRecords {
  if (isCommaDialect(dialect)) return raw;
  const converted = raw.texts.map((t) => commaText(t, dialect));
  const out = new RawRecords();
  for (let r = 0; r < raw.length; r++) {
    const t = raw.textOf(r);
    const text = converted[t];
    const start = raw.startOf(r);
    const end = raw.endOf(r);
    if (text !== undefined && start > 0 && end < text.length) out.push(text, start, end);
    else {
      const line = commaLine(raw.at(r), dialect.delimiter, dialect.decimal);
      out.push(line, 0, line.length);
    }
  }
  return out;
}

const COMMA = 44;
const QUOTE = 34;
const SPACE = 32;
const LF = 10;
const CR = 13;

/** Text `t` with its delimiters replaced by commas when each of its records is plain (see the top), else undefined. */
function commaText(t: RecordText, dialect: CommaDialect): RecordText | undefined {
  if (dialect.decimal !== '.') return undefined;
  if (typeof t !== 'string') return commaBytes(t, dialect.delimiter.charCodeAt(0), false);
  // A text (not the reader's: records written again) keeps its character offsets as bytes only when ASCII.
  return Buffer.byteLength(t) === t.length ? commaBytes(Buffer.from(t, 'latin1'), dialect.delimiter.charCodeAt(0), true) : undefined;
}

/**
 * One record's source text as the comma CSV line spm writes: its fields (read by the one
 * scanner, in its dialect: decimal-comma numbers with a point) joined by commas, quoting only
 * where a field needs it.
 */
export function commaLine(text: string, delimiter: string, decimal: DecimalMark): string {
  if (isCommaDialect({ delimiter, decimal })) return text;
  return formatCsvRow(recordFields(text, delimiter, decimal), { spreadsheetSafe: false });
}

/**
 * UTF-8 bytes with their delimiters replaced by commas (an ASCII delimiter is never a byte of a
 * multi-byte character), or undefined when a record in them is not
 * plain. `own`: the bytes are a fresh copy, replaced in place; else a copy is made. One pass of
 * a plain loop: with a delimiter every 7 bytes or so, a native search per delimiter costs more.
 */
function commaBytes(bytes: Uint8Array, delimiter: number, own: boolean): Uint8Array | undefined {
  const n = bytes.length;
  const out = own ? new Uint8Array(bytes.buffer, bytes.byteOffset, n) : new Uint8Array(bytes);
  for (let i = 0; i < n; i++) {
    const c = out[i]!;
    // Most bytes are letters and digits, above every special byte (a comma is the largest) but the delimiter.
    if (c > COMMA && c !== delimiter) continue;
    if (c === delimiter || c === LF || c === CR) {
      // A space beside a delimiter or line break: a field that may start or end with a space (formatCsvField quotes it).
      if ((i > 0 && out[i - 1] === SPACE) || (i + 1 < n && out[i + 1] === SPACE)) return undefined;
      if (c === delimiter) out[i] = COMMA;
    } else if (c === QUOTE || c === COMMA) return undefined;
  }
  return out;
}
