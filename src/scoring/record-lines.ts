/**
 * The lines a scored chunk adds to its recorded predictions (`predict.record`): each scored
 * row's ids, then its prediction (and, for a classifier, the probability predict writes), as
 * CSV. Ids are the schema's id columns (data.id_columns) the input has; a row is recorded only
 * with all of them present, as nothing else names a student: a row's line number is not an id
 * (the same student is on another line in the next file), so an input without its id columns
 * records nothing and says so (predict's `record_note`).
 */
import { recordFields } from '../data/csv-parse.js';
import { formatCsvField, formatCsvRow } from '../data/csv-write.js';
import type { Dialect } from '../data/csv-dialect.js';
import type { Schema } from '../data/schema.js';
import { writeRounded4, writeText } from './format.js';
import type { ParsedChunk } from './parse-protocol.js';
import type { ScoredRows } from './score.js';

/** Where a scored chunk's record lines go (a predictions version being written, serve's buffer). */
export interface RecordTarget {
  /** Takes a chunk's lines (whole lines, ending with a line break). */
  write(lines: string | Uint8Array, rows: number): void | Promise<void>;
  /** The input is scored: keep what was written. */
  commit(): Promise<void>;
  /** The input failed: drop what was written. */
  discard(): Promise<void>;
}

/** Recording for one scored input: `open` is asked once the input's header is known. */
export interface PredictionRecorder {
  open(idColumns: readonly string[]): RecordTarget | Promise<RecordTarget>;
}

/** The id columns of the schema, in schema order, with their index in `header`; empty when the input lacks one of them. */
export function recordedIds(schema: Schema, header: readonly string[]): { name: string; index: number }[] {
  const ids = schema.columns.filter((c) => c.role === 'id').map((c) => ({ name: c.name, index: header.indexOf(c.name) }));
  return ids.some((c) => c.index < 0) ? [] : ids;
}

/** Why an input's predictions were not recorded (its id columns are missing); null when they were. */
export function unrecordedNote(schema: Schema, header: readonly string[]): string | null {
  const ids = schema.columns.filter((c) => c.role === 'id').map((c) => c.name);
  if (ids.length === 0) return 'predictions not recorded: the model has no id column (data.id_columns), and a line number is not an id';
  const missing = ids.filter((name) => !header.includes(name));
  if (missing.length === 0) return null;
  return `predictions not recorded: the input has no ${missing.join(', ')} column (data.id_columns), and a line number is not an id`;
}

/** The header line of a recorded predictions file. */
export function recordHeader(idColumns: readonly string[], classification: boolean): string {
  return `${formatCsvRow([...idColumns, 'prediction', ...(classification ? ['probability'] : [])])}\n`;
}

/** One field of a raw record: split on the delimiter while it holds no quote, else parsed (quoted ids are rare). */
function fieldOf(raw: string, index: number, dialect: Dialect): string {
  if (raw.indexOf('"') < 0) {
    let start = 0;
    for (let k = 0; k < index; k++) {
      const at = raw.indexOf(dialect.delimiter, start);
      if (at < 0) return '';
      start = at + 1;
    }
    const end = raw.indexOf(dialect.delimiter, start);
    return (end < 0 ? raw.slice(start) : raw.slice(start, end)).trim();
  }
  return (recordFields(raw, dialect.delimiter, '.')[index] ?? '').trim();
}

/**
 * The record lines of a scored chunk, as UTF-8 bytes: rows with an empty id are left out.
 * Ids are copied from the record's bytes and predictions printed into the buffer (as predict's
 * writer does): no string per row, so that recording adds little to scoring a million rows
 * (bench/predict-record.mjs). A record whose id is quoted, or not held as bytes, is parsed.
 */
export function recordLines(batch: ParsedChunk, result: ScoredRows, rowOf: Int32Array, ids: readonly { index: number }[], dialect: Dialect): { text: Buffer; rows: number } {
  const values = result.predictionValues;
  const { prediction, probability } = result;
  const delimiter = dialect.delimiter.charCodeAt(0);
  let size = 0;
  for (let i = 0; i < batch.records; i++) {
    const row = rowOf[i]!;
    if (row < 0) continue;
    size += ids.length * 3 * batch.rawMaxBytes(i) + 2 * ids.length + 2;
    size += values ? 32 : 3 * prediction[row]!.length + 2;
    if (probability) size += probability[row]!.length + 1;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  let rows = 0;
  for (let i = 0; i < batch.records; i++) {
    const row = rowOf[i]!;
    if (row < 0) continue;
    const lineStart = at;
    let complete = true;
    for (const id of ids) {
      let n = dialect.delimiter.length === 1 ? batch.copyField(i, id.index, delimiter, out, at) : -1;
      if (n < 0) n = writeText(formatCsvField(fieldOf(batch.raw(i), id.index, dialect), { spreadsheetSafe: false }), out, at);
      else if (needsQuotes(out, at, n)) n = writeText(formatCsvField(out.toString('utf8', at, at + n), { spreadsheetSafe: false }), out, at);
      if (n === 0) complete = false;
      at += n;
      out[at++] = COMMA;
    }
    if (!complete) {
      at = lineStart;
      continue;
    }
    at += values ? writeRounded4(values[row]!, out, at) : writeText(formatCsvField(prediction[row]!, { spreadsheetSafe: false }), out, at);
    if (probability) {
      out[at++] = COMMA;
      at += writeText(probability[row]!, out, at);
    }
    out[at++] = LF;
    rows++;
  }
  return { text: out.subarray(0, at), rows };
}

const COMMA = 44;
const LF = 10;

/** An id copied as bytes holds a comma (the input's delimiter was another): it must be quoted in the comma CSV. */
function needsQuotes(out: Buffer, at: number, n: number): boolean {
  for (let k = at; k < at + n; k++) if (out[k] === COMMA) return true;
  return false;
}
