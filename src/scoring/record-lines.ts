/**
 * The lines a scored chunk adds to its recorded predictions (`predict.record`): each scored
 * row's ids, then its prediction (and, for a classifier, the probability predict writes), as
 * CSV. Ids are the schema's id columns (data.id_columns) the input has; a row is recorded only
 * with all of them present, as nothing else names a student: a row's line number is not an id
 * (the same student is on another line in the next file), so an input without its id columns
 * records nothing and says so (predict's `record_note`).
 */
import { formatCsvField, formatCsvRow } from '../data/csv-write.js';
import type { Schema } from '../data/schema.js';
import { writeRounded4, writeText } from './format.js';
import type { ParsedChunk } from './parse-protocol.js';
import { idColumnIndexes } from './record-ids.js';
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
  const names = idNames(schema);
  const indexes = idColumnIndexes(names, header);
  return indexes.map((index, k) => ({ name: names[k]!, index }));
}

/** The schema's id columns (data.id_columns), in schema order: what predictions are recorded with. */
export const idNames = (schema: Schema): string[] => schema.columns.filter((c) => c.role === 'id').map((c) => c.name);

/** Why an input's predictions were not recorded (its id columns are missing); null when they were. */
export function unrecordedNote(schema: Schema, header: readonly string[]): string | null {
  const ids = idNames(schema);
  if (ids.length === 0) return 'predictions not recorded: the model has no id column (data.id_columns), and a line number is not an id';
  const missing = ids.filter((name) => !header.includes(name));
  if (missing.length === 0) return null;
  return `predictions not recorded: the input has no ${missing.join(', ')} column (data.id_columns), and a line number is not an id`;
}

/** The header line of a recorded predictions file. */
export function recordHeader(idColumns: readonly string[], classification: boolean): string {
  return `${formatCsvRow([...idColumns, 'prediction', ...(classification ? ['probability'] : [])])}\n`;
}

/** Where each row's prediction was printed (predict's output lines, scoredLines): recording copies it rather than print it again. */
export interface PrintedPredictions {
  readonly bytes: Uint8Array;
  /** Per row of the scored result: where its prediction's text starts and ends in `bytes`. */
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/**
 * The record lines of a scored chunk, as UTF-8 bytes: each scored row's ids (made with the chunk,
 * on the parse worker when there is one: record-ids.ts), then its prediction — copied from where
 * predict printed it (`printed`, numeric predictions), or written — and probability. No string per
 * row, so that recording adds little to scoring a million rows (bench/predict-record.mjs). Rows
 * with an empty id are left out.
 */
export function recordLines(batch: ParsedChunk, result: ScoredRows, rowOf: Int32Array, ids: readonly { index: number }[], printed?: PrintedPredictions): { text: Buffer; rows: number } {
  const { text, end } = batch.ids(ids.map((c) => c.index));
  const values = result.predictionValues;
  const { prediction, probability } = result;
  let size = 0;
  for (let i = 0; i < batch.records; i++) {
    const row = rowOf[i]!;
    if (row < 0) continue;
    size += end[i]! - (i ? end[i - 1]! : 0) + 2;
    size += values ? (printed ? printed.end[row]! - printed.start[row]! : 32) : 3 * prediction[row]!.length + 2;
    if (probability) size += probability[row]!.length + 1;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  let rows = 0;
  for (let i = 0; i < batch.records; i++) {
    const row = rowOf[i]!;
    const from = i ? end[i - 1]! : 0;
    const to = end[i]!;
    if (row < 0 || from === to) continue;
    for (let k = from; k < to; k++) out[at++] = text[k]!;
    out[at++] = COMMA;
    if (printed) {
      const { bytes } = printed;
      for (let k = printed.start[row]!, stop = printed.end[row]!; k < stop; k++) out[at++] = bytes[k]!;
    } else at += values ? writeRounded4(values[row]!, out, at) : writeText(formatCsvField(prediction[row]!, { spreadsheetSafe: false }), out, at);
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
