/**
 * What the parse worker sends the main thread, and how a parsed chunk travels: typed column
 * buffers are transferred; the raw records go as the chunk's text with each record's range (one
 * copy instead of a million small strings). Records of another dialect also go as the comma
 * lines the output echoes (csv-comma-records.ts), made on the thread that read them.
 */
import { commaRecords, type CommaDialect } from '../data/csv-comma-records.js';
import type { Dialect } from '../data/csv-dialect.js';
import { mayHoldFormula } from '../data/csv-write.js';
import { RawRecords } from '../data/raw-records.js';
import { tableTransfer } from '../data/table-transfer.js';
import type { Column, Table } from '../data/table.js';
import type { ColumnSpec, RowReject, ToTableResult } from '../data/to-table.js';

export interface PackedBatch {
  readonly type: 'batch';
  readonly rowCount: number;
  readonly columns: readonly Column[];
  readonly rejects: readonly RowReject[];
  /** Source line of each kept row. */
  readonly lines: Int32Array;
  /** Every record of the chunk (kept and rejected), as ranges of the chunk's text (RawRecords). */
  readonly raw: ReturnType<RawRecords['parts']>;
  /** Another dialect's records as comma CSV lines (commaRecords), by the same index; none: `raw` is. */
  readonly echo?: ReturnType<RawRecords['parts']>;
  /** ParsedChunk's bytesRead. */
  readonly bytesRead: number;
}

/** The values of the parse worker's stream (util/worker.ts' streamTask): the header, the batches, then what a person should know about the reading. */
export type WorkerMessage =
  | { readonly type: 'header'; readonly name: string; readonly header: string[]; readonly dialect: Dialect }
  | PackedBatch
  | { readonly type: 'warnings'; readonly warnings: readonly string[] };

/** What the parse worker is asked to read. */
export interface ParseJob {
  readonly path: string;
  readonly specs: readonly ColumnSpec[];
}

/** A parsed chunk as consumed by the scorer, from this thread or from the worker. */
export interface ParsedChunk {
  readonly table: Table;
  readonly rejects: readonly RowReject[];
  /** Source line of each kept row (row i of `table`). */
  readonly lines: Int32Array;
  readonly records: number;
  /** The exact text of record i of the chunk (kept or rejected). */
  raw(i: number): string;
  /** Record i as the comma CSV line the output echoes: its text, or, in another dialect, the text written again (commaRecords). */
  line(i: number): string;
  /** At most how many bytes line(i) takes in UTF-8. */
  lineMaxBytes(i: number): number;
  /** Writes line(i) into `out` at `at` as UTF-8 (room for lineMaxBytes(i) needed); returns the bytes written. */
  copyLine(i: number, out: Buffer, at: number): number;
  /** At most how many bytes record i's own text (raw(i)) takes in UTF-8. */
  rawMaxBytes(i: number): number;
  /** Writes field `field` of record i (split on the byte `delimiter`) into `out` at `at`; -1 when the record is not plain bytes up to it (RawRecords.copyField). */
  copyField(i: number, field: number, delimiter: number, out: Buffer, at: number): number;
  /**
   * Some line of the chunk holds a character a spreadsheet formula can start with; when
   * false (the usual case), records are echoed without checking each one.
   */
  readonly mayNeedEscaping: boolean;
  /** Bytes of the input the reader had read when it gave this chunk (the source's bytesRead): progress against a file's size. */
  readonly bytesRead: number;
}


/** A parsed chunk as the worker posts it (its buffers to transfer: data/table-transfer.ts). */
export function packBatch(batch: ToTableResult, bytesRead: number, dialect: CommaDialect): PackedBatch {
  const records = batch.raw ?? new RawRecords();
  const echo = commaRecords(records, dialect);
  const raw = records.parts();
  return { type: 'batch', rowCount: batch.table.rowCount, columns: batch.table.columns, rejects: batch.rejects, lines: batch.lines, raw, ...(echo === records ? {} : { echo: echo.parts() }), bytesRead };
}

/** The buffers a packed batch moves to the main thread with (its echo's too). */
export function batchTransfer(m: PackedBatch): ArrayBuffer[] {
  const echo = m.echo ? tableTransfer({ columns: [], lines: m.echo.text, raw: m.echo }) : [];
  return [...new Set([...tableTransfer(m), ...echo])];
}

export function unpackBatch(message: PackedBatch): ParsedChunk {
  const raw = new RawRecords(message.raw);
  const table = { table: { rowCount: message.rowCount, columns: message.columns }, rejects: message.rejects, lines: message.lines };
  return chunkOf(table, raw, message.echo ? new RawRecords(message.echo) : raw, message.bytesRead);
}

export function localChunk(batch: ToTableResult, bytesRead: number, dialect: CommaDialect): ParsedChunk {
  const raw = batch.raw ?? new RawRecords();
  return chunkOf(batch, raw, commaRecords(raw, dialect), bytesRead);
}

function chunkOf(batch: { table: Table; rejects: readonly RowReject[]; lines: Int32Array }, raw: RawRecords, echo: RawRecords, bytesRead: number): ParsedChunk {
  return {
    bytesRead,
    table: batch.table,
    rejects: batch.rejects,
    lines: batch.lines,
    records: raw.length,
    raw: (i) => raw.at(i),
    line: (i) => echo.at(i),
    lineMaxBytes: (i) => echo.maxBytes(i),
    copyLine: (i, out, at) => echo.copyTo(i, out, at),
    rawMaxBytes: (i) => raw.maxBytes(i),
    copyField: (i, field, delimiter, out, at) => raw.copyField(i, field, delimiter, out, at),
    // The chunk texts may hold more than these records (the start of the next): a safe overestimate.
    mayNeedEscaping: echo.texts.some(mayHoldFormula),
  };
}
