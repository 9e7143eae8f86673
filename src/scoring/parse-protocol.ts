/**
 * What the parse worker sends the main thread, and how a parsed chunk travels: typed column
 * buffers are transferred; the raw records go as the chunk's text with each record's range (one
 * copy instead of a million small strings). Records of another dialect also go as the comma
 * lines the output echoes (csv-comma-records.ts), made on the thread that read them. The
 * recorded ids (record-ids.ts) are cut out on the main thread: since the one byte scanner, the
 * parse worker is predict's busier thread (profiled: the main thread waits for it ~0.4 s of 1.3 s
 * on 1,000,000 rows), and ids made there measured slower (median 1.22 s against 1.14 s).
 */
import { commaRecords } from '../data/csv-comma-records.js';
import type { Delimiter, Dialect } from '../data/csv-dialect.js';
import { mayHoldFormula } from '../data/csv-write.js';
import { RawRecords } from '../data/raw-records.js';
import { tableTransfer } from '../data/table-transfer.js';
import type { Column, Table } from '../data/table.js';
import type { ColumnSpec, RowReject, ToTableResult } from '../data/to-table.js';
import { recordIds, type RecordIds } from './record-ids.js';

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
  /** Every record's id fields `columns` as recorded text: made by the parse worker when its job named them, else now. */
  ids(columns: readonly number[]): RecordIds;
  /**
   * Some line of the chunk holds a character a spreadsheet formula can start with; when
   * false (the usual case), records are echoed without checking each one.
   */
  readonly mayNeedEscaping: boolean;
  /** Bytes of the input the reader had read when it gave this chunk (the source's bytesRead): progress against a file's size. */
  readonly bytesRead: number;
}


/** A parsed chunk as the worker posts it (its buffers to transfer: data/table-transfer.ts). */
export function packBatch(batch: ToTableResult, bytesRead: number, dialect: Dialect): PackedBatch {
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

/** A chunk the parse worker posted; `delimiter` is its input's (to cut out the recorded ids). */
export function unpackBatch(message: PackedBatch, delimiter: Delimiter): ParsedChunk {
  const raw = new RawRecords(message.raw);
  const table = { table: { rowCount: message.rowCount, columns: message.columns }, rejects: message.rejects, lines: message.lines };
  return chunkOf(table, raw, message.echo ? new RawRecords(message.echo) : raw, message.bytesRead, delimiter);
}

export function localChunk(batch: ToTableResult, bytesRead: number, dialect: Dialect): ParsedChunk {
  const raw = batch.raw ?? new RawRecords();
  return chunkOf(batch, raw, commaRecords(raw, dialect), bytesRead, dialect.delimiter);
}

function chunkOf(batch: { table: Table; rejects: readonly RowReject[]; lines: Int32Array }, raw: RawRecords, echo: RawRecords, bytesRead: number, delimiter: Delimiter): ParsedChunk {
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
    ids: (columns) => recordIds(raw, columns, delimiter),
    // The chunk texts may hold more than these records (the start of the next): a safe overestimate.
    mayNeedEscaping: echo.texts.some(mayHoldFormula),
  };
}
