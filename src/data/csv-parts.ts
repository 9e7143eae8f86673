/**
 * A whole CSV file read into one table on two threads: the file is cut at a line break near its
 * middle, this thread reads the first part (header included) while a worker reads the second
 * (csv-part-worker.ts), and the two tables are joined. Reading is most of `spm ingest` on large
 * files (measured on 1,000,000 rows: about 1.7 s of its 4.4 s on one thread).
 *
 * The result is exactly the one-thread result, whatever the file:
 * - A line break may be inside a quoted field, which only a read from the start can tell. The
 *   first part's scanner knows when it reaches the cut: if it is inside a record, the second
 *   part is thrown away and the file is read again on one thread.
 * - The second part's scanner starts where the one-thread scanner would be at the cut (between
 *   records, no BOM to drop), so its records, reasons and fields are the same; its line numbers
 *   are shifted by the first part's lines.
 * - Category codes are joined by value in order of first appearance (concatTables), which is
 *   the one-thread order.
 * - A file error in the second part (not UTF-8, a NUL byte) reads the file on one thread too,
 *   so the message and its byte offset are the one-thread ones.
 * - UTF-16 text is cut after a line feed code unit (at an even offset: see LINE_FEED), so each
 *   part is decoded on its own thread from a character boundary.
 *
 * SPM_PARSE_THREADS=1 reads every file on one thread; =2 cuts even small files (tests compare
 * the two). SPM_DEBUG=parts says on stderr which way each file was read.
 */
import { open as openFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { addCounts } from '../util/counts.js';
import { debug } from '../util/debug.js';
import { concat } from '../util/typed-arrays.js';
import { runTask } from '../util/worker.js';
import type { CsvParams, Dialect, Encoding } from './csv-dialect.js';
import { readCsvTableAll, type TextEnd } from './csv-source.js';
import { RawRecords } from './raw-records.js';
import { concatSummaries, concatTables, type SummaryColumn, type Table } from './table.js';
import type { ColumnSpec, ToTableResult } from './to-table.js';
import { isConvertedInput, type SheetRef } from './input-format.js';

/** Files from this size on are read in two parts (a worker costs about 40 ms to start). */
const PARTS_MIN_BYTES = 8 << 20;

export type FileTable = Awaited<ReturnType<typeof readCsvTableAll>>;

/** What the worker is given. */
export interface PartJob {
  readonly path: string;
  readonly start: number;
  readonly header: readonly string[];
  readonly columns: readonly ColumnSpec[];
  readonly keepRaw: boolean;
  /** The dialect, all given (the part starts past the header: nothing to sniff). */
  readonly csv: CsvParams;
}

/** A part's ToTableResult as structured-clonable data (RawRecords as its parts), to cross threads. */
export interface TransferablePart {
  readonly table: Table;
  readonly lines: Int32Array;
  readonly rejects: ToTableResult['rejects'];
  readonly unseen: Record<string, number>;
  readonly summaries: SummaryColumn[];
  readonly ending: TextEnd;
  readonly raw?: ReturnType<RawRecords['parts']>;
  readonly warnings: readonly string[];
}

export interface PartsOptions {
  readonly keepRaw?: boolean;
  /** The file's header, read already (readHeaders): the worker needs it to find its columns. */
  readonly header: readonly string[];
  /** An .xlsx input's sheet (data.sheet). */
  readonly sheet?: SheetRef;
  /** data.csv as given (a read on one thread sniffs what is auto again). */
  readonly csv?: CsvParams;
  /** The dialect the header's read found: both parts are read with it. */
  readonly dialect: Dialect;
}

/**
 * Each part read with the delimiter and decimal mark found on the header (a part past the header
 * has nothing to sniff), and the encoding given or named by a BOM, else auto: a part that falls
 * back to windows-1252 says so (warnings) and the file is read again on one thread.
 */
const givenDialect = (d: Dialect, csv: CsvParams | undefined): CsvParams => ({
  delimiter: d.delimiter,
  decimal: d.decimal,
  encoding: csv !== undefined && csv.encoding !== 'auto' ? csv.encoding : d.bom ? d.encoding : 'auto',
  header: true,
});

/** How many threads read `path`: 2 for a large file on a machine with two cores or more. */
async function threadsFor(path: string): Promise<number> {
  const forced = process.env.SPM_PARSE_THREADS;
  if (forced === '1' || forced === '2') return Number(forced);
  if (path === '-') return 1;
  if (availableParallelism() < 2) return 1;
  try {
    return (await stat(path)).size >= PARTS_MIN_BYTES ? 2 : 1;
  } catch {
    return 1; // the one-thread reader names the problem
  }
}

/** As `readCsvTableAll(path, columns)`, the file read on two threads when it is large. */
export async function readCsvTableInParts(path: string, columns: readonly ColumnSpec[], options: PartsOptions): Promise<FileTable> {
  const whole = (): Promise<FileTable> => readCsvTableAll(path, columns, { keepRaw: options.keepRaw === true, sheet: options.sheet ?? null, ...(options.csv ? { csv: options.csv } : {}) });
  // A workbook or Parquet file is converted as one stream: it has no byte offset to cut CSV at.
  if (isConvertedInput(path) || (await threadsFor(path)) < 2) return whole();
  const csv = givenDialect(options.dialect, options.csv);
  const cut = await firstPartEnd(path, options.dialect.encoding);
  if (cut === undefined) return whole();
  const worker = startPart({ path, start: cut, header: options.header, columns, keepRaw: options.keepRaw === true, csv });
  const again = async (why: string): Promise<FileTable> => {
    await worker.cancel();
    debug('parts', `${path}: read again on one thread (${why})`);
    return whole();
  };
  let first: FileTable;
  try {
    first = await readCsvTableAll(path, columns, { keepRaw: options.keepRaw === true, range: { start: 0, end: cut }, csv });
  } catch (error) {
    // The cut may be inside the header (blank lines before it, a quoted line break in it): the
    // one-thread read says what is wrong, if anything is.
    return again(`the first part failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (first.ending.cut) return again(`the cut at byte ${cut} is inside a record`);
  const second = await worker.result;
  if (second.part === undefined) return again(`the second part failed: ${second.error}`);
  // "the quote opened on line N is never closed": N counts from the part's start, and a reason
  // cannot be shifted as a line is (a record read again line by line names no line).
  if (second.part.rejects.some((r) => r.reason.includes('opened on line'))) return again('the second part has malformed quoting');
  // A fallback's line counts from the part's start too.
  if (second.part.warnings.length > 0) return again('the second part is not UTF-8');
  debug('parts', `${path}: read in two parts, cut at byte ${cut}`);
  return joinParts(first, second.part);
}

/**
 * Where the worker's part starts: a little past the middle, as the worker starts later (it loads
 * its code first) and its table crosses threads at the end. Measured on 1,000,000 rows with an
 * even cut: this thread's half took about 1.1 s, the worker's 1.3 s.
 */
const FIRST_PART_SHARE = 0.55;

/**
 * The line feed in each encoding, and where it may start: in UTF-16 the code unit 0x000A (no
 * other character has those two bytes at an even offset: a surrogate is 0xD800–0xDFFF), so the
 * part after it starts at a character too, and is decoded on its own as UTF-16 (the BOM, at 0,
 * keeps every code unit at an even offset).
 */
const LINE_FEED: Readonly<Record<Encoding, { readonly bytes: Buffer; readonly step: 1 | 2 }>> = {
  'utf-8': { bytes: Buffer.from([10]), step: 1 },
  'windows-1252': { bytes: Buffer.from([10]), step: 1 },
  latin1: { bytes: Buffer.from([10]), step: 1 },
  'utf-16le': { bytes: Buffer.from([10, 0]), step: 2 },
  'utf-16be': { bytes: Buffer.from([0, 10]), step: 2 },
};

/** The byte just after the first line feed (in `encoding`) from FIRST_PART_SHARE of the file on (undefined: none). */
async function firstPartEnd(path: string, encoding: Encoding): Promise<number | undefined> {
  const { bytes: lf, step } = LINE_FEED[encoding];
  const file = await openFile(path, 'r');
  try {
    const size = (await file.stat()).size;
    // Reads of an even length from an even offset: a code unit is never split between two.
    const buffer = Buffer.alloc(1 << 16);
    for (let at = Math.floor((size * FIRST_PART_SHARE) / step) * step; at < size; at += buffer.length) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, at);
      const read = buffer.subarray(0, bytesRead);
      let found = read.indexOf(lf);
      while (found !== -1 && found % step !== 0) found = read.indexOf(lf, found + 1);
      if (found !== -1) {
        const end = at + found + lf.length;
        return end < size ? end : undefined;
      }
      if (bytesRead === 0) break;
    }
    return undefined;
  } finally {
    await file.close();
  }
}

/** Starts the worker on the second part; `result` has no part when it failed (the file is read again on one thread). */
function startPart(job: PartJob): { result: Promise<{ part?: TransferablePart; error?: string }>; cancel(): Promise<void> } {
  const abort = new AbortController();
  const result = runTask<TransferablePart>(new URL('./csv-part-worker.js', import.meta.url), job, { signal: abort.signal }).then(
    (part) => ({ part }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  return {
    result,
    // Settles once the worker is terminated.
    cancel: async () => {
      abort.abort();
      await result;
    },
  };
}

/** The first part's result followed by the second's, as one read would give it. */
function joinParts(first: FileTable, second: TransferablePart): FileTable {
  const records = first.table.rowCount + first.rejects.length; // every record is kept or rejected
  const shift = first.ending.nextLine - 1;
  const unseen = { ...first.unseen };
  addCounts(unseen, second.unseen);
  const raw = first.raw && second.raw ? { raw: RawRecords.join(first.raw, new RawRecords(second.raw)) } : {};
  return {
    name: first.name,
    header: first.header,
    headerLine: first.headerLine,
    dialect: first.dialect,
    warnings: first.warnings,
    ending: { cut: second.ending.cut, nextLine: second.ending.nextLine + shift },
    table: concatTables([first.table, second.table]),
    summaries: concatSummaries([first.summaries, second.summaries]),
    lines: concat([first.lines, second.lines.map((line) => line + shift)]),
    rejects: [...first.rejects, ...second.rejects.map((r) => ({ line: r.line + shift, row: r.row + records, reason: r.reason }))],
    unseen,
    ...raw,
  };
}

/** A part's result as structured-clonable data (worker side; its buffers to transfer: table-transfer.ts). */
export function transferablePart(result: ToTableResult, ending: TextEnd, warnings: readonly string[] = []): TransferablePart {
  const raw = result.raw?.parts();
  return { table: result.table, lines: result.lines, rejects: result.rejects, unseen: result.unseen, summaries: result.summaries, ending, warnings, ...(raw ? { raw } : {}) };
}
