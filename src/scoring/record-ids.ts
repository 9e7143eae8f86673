/**
 * The ids of every record of a chunk as the comma CSV text recorded predictions start with
 * (`predict.record`, record-lines.ts), cut from the chunk's bytes in one pass. Recording then
 * only appends each row's prediction to its ids (cutting each record's ids out one by one took
 * about 0.3 s of predict's main thread on 1,000,000 records, --cpu-prof).
 */
import { recordFields } from '../data/csv-parse.js';
import { formatCsvField } from '../data/csv-write.js';
import type { Delimiter } from '../data/csv-dialect.js';
import type { RawRecords } from '../data/raw-records.js';
import { writeText } from './format.js';

/** The id texts of a chunk's records: record i's are `text.subarray(i ? end[i - 1] : 0, end[i])`. */
export interface RecordIds {
  /** The id columns (indexes in the header) these are the texts of, in recorded order. */
  readonly columns: readonly number[];
  /** Every record's ids as comma CSV (quoted where needed), UTF-8, one record after the other, no line breaks. */
  readonly text: Uint8Array;
  /** Where each record's ids end in `text`; a record with an empty id has none (start = end) and is not recorded. */
  readonly end: Int32Array;
}

/** The indexes of the id columns `names` in `header`, in the order of `names`; empty when the header lacks one of them. */
export function idColumnIndexes(names: readonly string[], header: readonly string[]): number[] {
  const indexes = names.map((name) => header.indexOf(name));
  return indexes.some((i) => i < 0) ? [] : indexes;
}

/** The same id columns: texts made for `a` serve `b`. */

/**
 * The ids of `records` (fields `columns`, split on `delimiter`), each trimmed and written as a
 * comma CSV field. A field is copied from the record's bytes while it holds no quote (the usual
 * case: no string per record); a quoted one, or a record held as text, is parsed.
 */
export function recordIds(records: RawRecords, columns: readonly number[], delimiter: Delimiter): RecordIds {
  const n = records.length;
  let size = 0;
  for (let i = 0; i < n; i++) size += columns.length * (3 * records.maxBytes(i) + 2);
  const out = scratch(size);
  const end = new Int32Array(n);
  const byte = delimiter.charCodeAt(0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const start = at;
    let complete = true;
    for (let c = 0; c < columns.length && complete; c++) {
      if (c > 0) out[at++] = COMMA;
      const column = columns[c]!;
      let written = records.copyField(i, column, byte, out, at);
      if (written < 0) written = writeText(formatCsvField(fieldOf(records.at(i), column, delimiter), { spreadsheetSafe: false }), out, at);
      else if (holdsComma(out, at, written)) written = writeText(formatCsvField(out.toString('utf8', at, at + written), { spreadsheetSafe: false }), out, at);
      complete = written > 0;
      at += written;
    }
    if (!complete) at = start;
    end[i] = at;
  }
  // A copy of its own, of the bytes used: it is transferred to the main thread, and the scratch is reused.
  return { columns: [...columns], text: new Uint8Array(out.subarray(0, at)), end };
}


const COMMA = 44;

/**
 * Room for a chunk's ids, reused from chunk to chunk (only the bytes used are copied out): a
 * fresh buffer of the worst case, three times the records' bytes per id column, for each chunk
 * would allocate about 0.2 GB on 1,000,000 rows.
 */
let room = Buffer.alloc(0);
function scratch(size: number): Buffer {
  if (room.length < size) room = Buffer.allocUnsafeSlow(Math.max(size, 2 * room.length));
  return room;
}

/** One field of a record's text, trimmed: split on the delimiter while it holds no quote, else parsed (quoted ids are rare). */
function fieldOf(raw: string, index: number, delimiter: string): string {
  if (raw.indexOf('"') < 0) {
    let start = 0;
    for (let k = 0; k < index; k++) {
      const at = raw.indexOf(delimiter, start);
      if (at < 0) return '';
      start = at + 1;
    }
    const end = raw.indexOf(delimiter, start);
    return (end < 0 ? raw.slice(start) : raw.slice(start, end)).trim();
  }
  return (recordFields(raw, delimiter, '.')[index] ?? '').trim();
}

/** An id copied as bytes holds a comma (the input's delimiter was another): it must be quoted in the comma CSV. */
function holdsComma(out: Buffer, at: number, n: number): boolean {
  for (let k = at; k < at + n; k++) if (out[k] === COMMA) return true;
  return false;
}
