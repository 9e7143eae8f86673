/**
 * What the parse worker sends the main thread, and how a parsed chunk travels: typed column
 * buffers are transferred; the raw records go as one string with their end offsets (one copy
 * instead of a million small strings).
 */
import { mayHoldFormula } from '../data/csv-write.js';
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
  /** Every record of the chunk (kept and rejected) joined by '\n', and where each ends. */
  readonly rawText: string;
  readonly rawEnds: Int32Array;
}

export type WorkerMessage =
  | { readonly type: 'header'; readonly name: string; readonly header: string[] }
  | PackedBatch
  | { readonly type: 'end' }
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
  /**
   * Some record of the chunk holds a character a spreadsheet formula can start with; when
   * false (the usual case), records are echoed without checking each one.
   */
  readonly mayNeedEscaping: boolean;
}



export function packBatch(batch: ToTableResult): { message: PackedBatch; transfer: ArrayBuffer[] } {
  const raw = batch.raw ?? [];
  const rawEnds = new Int32Array(raw.length);
  let at = 0;
  for (let i = 0; i < raw.length; i++) {
    at += raw[i]!.length;
    rawEnds[i] = at;
    at += 1;
  }
  const lines = batch.lines.slice();
  const transfer: ArrayBuffer[] = [rawEnds.buffer, lines.buffer];
  for (const c of batch.table.columns) {
    const array = c.kind === 'numeric' ? c.values : c.codes;
    // Only whole buffers can be transferred; a view into a larger one is copied instead.
    if (array.byteOffset === 0 && array.byteLength === array.buffer.byteLength && !transfer.includes(array.buffer as ArrayBuffer)) transfer.push(array.buffer as ArrayBuffer);
  }
  return {
    message: { type: 'batch', rowCount: batch.table.rowCount, columns: batch.table.columns, rejects: batch.rejects, lines, rawText: raw.join('\n'), rawEnds },
    transfer,
  };
}

export function unpackBatch(message: PackedBatch): ParsedChunk {
  const { rawText, rawEnds } = message;
  return {
    table: { rowCount: message.rowCount, columns: message.columns },
    rejects: message.rejects,
    lines: message.lines,
    records: rawEnds.length,
    raw: (i) => rawText.slice(i === 0 ? 0 : rawEnds[i - 1]! + 1, rawEnds[i]!),
    mayNeedEscaping: mayHoldFormula(rawText),
  };
}

export function localChunk(batch: ToTableResult): ParsedChunk {
  const raw = batch.raw ?? [];
  return { table: batch.table, rejects: batch.rejects, lines: batch.lines, records: raw.length, raw: (i) => raw[i]!, mayNeedEscaping: raw.some(mayHoldFormula) };
}
