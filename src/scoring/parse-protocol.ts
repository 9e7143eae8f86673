/**
 * What the parse worker sends the main thread, and how a parsed chunk travels: typed column
 * buffers are transferred; the raw records go as the chunk's text with each record's range (one
 * copy instead of a million small strings).
 */
import type { Dialect } from '../data/csv-dialect.js';
import { mayHoldFormula } from '../data/csv-write.js';
import { RawRecords } from '../data/raw-records.js';
import type { Column, Table } from '../data/table.js';
import type { RowReject, ToTableResult } from '../data/to-table.js';
import type { SerializedError } from '../util/worker-errors.js';

export interface PackedBatch {
  readonly type: 'batch';
  readonly rowCount: number;
  readonly columns: readonly Column[];
  readonly rejects: readonly RowReject[];
  /** Source line of each kept row. */
  readonly lines: Int32Array;
  /** Every record of the chunk (kept and rejected), as ranges of the chunk's text (RawRecords). */
  readonly raw: ReturnType<RawRecords['parts']>;
}

export type WorkerMessage =
  | { readonly type: 'header'; readonly name: string; readonly header: string[]; readonly dialect: Dialect }
  | PackedBatch
  | { readonly type: 'end'; readonly warnings: readonly string[] }
  | ({ readonly type: 'error' } & SerializedError);

/** A parsed chunk as consumed by the scorer, from this thread or from the worker. */
export interface ParsedChunk {
  readonly table: Table;
  readonly rejects: readonly RowReject[];
  /** Source line of each kept row (row i of `table`). */
  readonly lines: Int32Array;
  readonly records: number;
  /** The exact text of record i of the chunk (kept or rejected). */
  raw(i: number): string;
  /** At most how many bytes record i takes in UTF-8. */
  rawMaxBytes(i: number): number;
  /** Writes record i's text into `out` at `at` as UTF-8 (room for rawMaxBytes(i) needed); returns the bytes written. */
  copyRaw(i: number, out: Buffer, at: number): number;
  /**
   * Some record of the chunk holds a character a spreadsheet formula can start with; when
   * false (the usual case), records are echoed without checking each one.
   */
  readonly mayNeedEscaping: boolean;
}



export function packBatch(batch: ToTableResult): { message: PackedBatch; transfer: ArrayBuffer[] } {
  const raw = (batch.raw ?? new RawRecords()).parts();
  const lines = batch.lines.slice();
  const transfer = [raw.text.buffer, raw.start.buffer, raw.end.buffer, lines.buffer] as ArrayBuffer[];
  // Lines read as bytes (their own buffers, csv-decode.ts) travel without a copy too.
  for (const t of raw.texts) if (typeof t !== 'string' && t.byteOffset === 0 && t.byteLength === t.buffer.byteLength) transfer.push(t.buffer as ArrayBuffer);
  for (const c of batch.table.columns) {
    const array = c.kind === 'numeric' ? c.values : c.codes;
    // Only whole buffers can be transferred; a view into a larger one is copied instead.
    if (array.byteOffset === 0 && array.byteLength === array.buffer.byteLength && !transfer.includes(array.buffer as ArrayBuffer)) transfer.push(array.buffer as ArrayBuffer);
  }
  return {
    message: { type: 'batch', rowCount: batch.table.rowCount, columns: batch.table.columns, rejects: batch.rejects, lines, raw },
    transfer,
  };
}

export function unpackBatch(message: PackedBatch): ParsedChunk {
  return chunkOf({ table: { rowCount: message.rowCount, columns: message.columns }, rejects: message.rejects, lines: message.lines }, new RawRecords(message.raw));
}

export function localChunk(batch: ToTableResult): ParsedChunk {
  return chunkOf(batch, batch.raw ?? new RawRecords());
}

function chunkOf(batch: { table: Table; rejects: readonly RowReject[]; lines: Int32Array }, raw: RawRecords): ParsedChunk {
  return {
    table: batch.table,
    rejects: batch.rejects,
    lines: batch.lines,
    records: raw.length,
    raw: (i) => raw.at(i),
    rawMaxBytes: (i) => raw.maxBytes(i),
    copyRaw: (i, out, at) => raw.copyTo(i, out, at),
    // The chunk texts may hold more than these records (the start of the next): a safe overestimate.
    mayNeedEscaping: raw.texts.some(mayHoldFormula),
  };
}
