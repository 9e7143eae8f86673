/**
 * The I/O edge of CSV reading (Arquero's loadCSV vs fromCSV split): a file or stdin, streamed in
 * chunks, checked or transcoded to UTF-8 bytes (csv-decode.ts), scanned once by the one scanner
 * (csv-scan.ts) into the one table builder or a record sink. Whole-file problems (missing
 * file, empty or binary input, a bad header, a missing column) are SpmErrors naming the file;
 * row problems are left to the caller, with line numbers. Two forms: records (`readCsv`,
 * `readCsvAll`) and typed tables for known columns (`readCsvTable`, the fast path).
 */
import { SpmError } from '../errors.js';
import { clip } from '../util/clip.js';
import { CsvParser, CsvRecordSink, dropFirstRecord, mergeBatches, type CsvBatch } from './csv-parse.js';
import { decodeText, notText, type Decoded } from './csv-decode.js';
import { AUTO_CSV, checkHeaderLooksLikeNames, DecimalCommaSink, sniffDialect, type CsvParams, type Delimiter, type Dialect, type DecimalMark } from './csv-dialect.js';
import { lineOfByte, openInputBytes } from './input-bytes.js';
import { CsvScanner, utf8Text, type CsvSink } from './csv-scan.js';
import { TableBuilder, type ColumnSpec, type ToTableResult } from './to-table.js';
import type { SheetRef } from './input-format.js';

export interface ReadCsvOptions {
  /** Also keep each record's source text (`raw`), e.g. to echo input rows verbatim. */
  keepRaw?: boolean;
  /** Bytes per read (default 1 MiB). */
  chunkBytes?: number;
  /** The stream read for path '-' (default process.stdin). */
  stdin?: AsyncIterable<Uint8Array>;
  /** What messages call the input read for path '-' (default 'stdin'), e.g. 'request body'. */
  stdinName?: string;
  /** Only bytes [start, end) of the file (a part read on its own thread: csv-parts.ts). */
  range?: { readonly start: number; readonly end?: number };
  /**
   * The header, already read: the text starts at a record after it (a part that starts past the
   * header), so no header line is read and a BOM there is data. Lines count from 1 in the part.
   */
  header?: readonly string[];
  /** An .xlsx input's sheet (data.sheet): a name or a 1-based position; default the first. */
  sheet?: SheetRef;
  /** data.csv: the dialect, each part found from the file when `auto` (default: all auto). A part of a file (`header`) needs it all given. */
  csv?: CsvParams;
}

interface Opened<T> {
  /** The path, or 'stdin'. */
  readonly name: string;
  readonly header: string[];
  readonly headerLine: number;
  /** The records after the header, a batch per chunk read; iterate once. */
  readonly batches: AsyncIterable<T>;
  /** Releases the file when the batches will not be read to the end. */
  close(): Promise<void>;
  /** Once the batches are read: how the text ended (see `TextEnd`). */
  readonly ending: TextEnd;
  /** The dialect read (the encoding may change to windows-1252 while the batches are read: see warnings). */
  readonly dialect: Dialect;
  /** What a person should know about the reading (text that was not UTF-8), complete once the batches are read. */
  readonly warnings: readonly string[];
  /**
   * Bytes of the input read so far (of the CSV bytes: an .xlsx or Parquet input's converted
   * text), at most a chunk ahead of the last batch: progress against a file's size.
   */
  readonly bytesRead: number;
}

/** How a text ended, for reading a file in parts (csv-parts.ts). */
export interface TextEnd {
  /** The text ended inside a record (it was completed as if the input ended there). */
  cut: boolean;
  /** The line after the last one read (1-based): where a following part's line 1 is. */
  nextLine: number;
}

export type CsvSource = Opened<CsvBatch>;
export type CsvTableSource = Opened<ToTableResult>;

/** A whole CSV file in memory: the records after the header (malformed keyed by index in rows). */
export interface CsvData extends CsvBatch {
  readonly name: string;
  readonly header: string[];
  readonly headerLine: number;
}

/** Opens a CSV file (or stdin for '-'), reads up to its header and checks it. */
export function readCsv(path: string, options: ReadCsvOptions = {}): Promise<CsvSource> {
  const keepRaw = options.keepRaw === true;
  return open(path, options, () => new CsvRecordSink(keepRaw), (sink) => {
    const batch = sink.take();
    return batch.rows.length > 0 ? batch : undefined;
  });
}

/** Reads a whole CSV file into memory as records (training-sized files: ingest). */
export async function readCsvAll(path: string, options: ReadCsvOptions = {}): Promise<CsvData> {
  const source = await readCsv(path, options);
  const batches: CsvBatch[] = [];
  for await (const batch of source.batches) batches.push(batch);
  return { name: source.name, header: source.header, headerLine: source.headerLine, ...mergeBatches(batches) };
}

/**
 * Opens a CSV file (or stdin) and streams typed tables of the given columns, one per chunk read:
 * numbers and category codes come straight from the text, no string per cell (predict, drift).
 * A column missing from the header is a whole-file SpmError. `columns` may depend on the header
 * (a column read only when the file has it, as drift reads the target).
 */
export function readCsvTable(
  path: string,
  columns: readonly ColumnSpec[] | ((header: readonly string[]) => readonly ColumnSpec[]),
  options: ReadCsvOptions = {},
): Promise<CsvTableSource> {
  const keepRaw = options.keepRaw === true;
  const specsFor = typeof columns === 'function' ? columns : () => columns;
  return open(path, options, (header, name, delimiter) => new TableBuilder(header, specsFor(header), { source: name, keepRaw, delimiter }), (builder) =>
    builder.pendingRecords > 0 ? builder.take() : undefined,
  );
}

/** The whole file as one table of the given columns (see `readCsvTable`): drift, large ingests. */
export async function readCsvTableAll(
  path: string,
  columns: readonly ColumnSpec[],
  options: ReadCsvOptions = {},
): Promise<ToTableResult & { name: string; header: string[]; headerLine: number; ending: TextEnd; dialect: Dialect; warnings: readonly string[] }> {
  const keepRaw = options.keepRaw === true;
  const source = await open(path, options, (header, name, delimiter) => new TableBuilder(header, columns, { source: name, keepRaw, delimiter }), (builder) =>
    builder.pendingRecords > 0 ? builder : undefined,
  );
  let builder: TableBuilder | undefined;
  for await (const filled of source.batches) builder = filled; // the same builder, filling up chunk by chunk
  const result = builder?.take() ?? new TableBuilder(source.header, columns, { source: source.name, keepRaw }).take();
  return { name: source.name, header: source.header, headerLine: source.headerLine, ending: source.ending, dialect: source.dialect, warnings: source.warnings, ...result };
}

/** The same checks as `readCsv` on CSV text already in memory (an HTTP body, say). */
export function readCsvText(text: string, name: string, options: { keepRaw?: boolean } = {}): CsvData {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw notText(name, Buffer.byteLength(text.slice(0, nul)));
  const parser = new CsvParser({ keepRaw: options.keepRaw === true });
  const all = mergeBatches([parser.push(text), parser.end()]);
  if (all.rows.length === 0) throw emptyInput(name);
  trimHeader(all.rows[0]!);
  checkHeader(all.rows[0]!, all.lines[0]!, all.malformed.get(0), name);
  return { name, header: all.rows[0]!, headerLine: all.lines[0]!, ...dropFirstRecord(all) };
}

/** Whole-file header problems: malformed quoting, empty or duplicate names. */
export function checkHeader(header: readonly string[], line: number, malformed: string | undefined, name: string, delimiter: Delimiter = ','): void {
  if (malformed !== undefined) {
    throw new SpmError('CSV_BAD_HEADER', `bad header in ${name} (line ${line}): ${malformed}`, {
      hint: `the first line must name the columns, separated by ${delimiter === ',' ? 'commas' : `'${delimiter === '\t' ? 'tab' : delimiter}'`} (data.csv.delimiter)`,
    });
  }
  const seen = new Map<string, number>();
  header.forEach((column, i) => {
    if (column.trim() === '') {
      throw new SpmError('CSV_BAD_HEADER', `empty column name in header of ${name} (column ${i + 1})`, {
        hint: 'give every column a name in the first line',
      });
    }
    const first = seen.get(column);
    if (first !== undefined) {
      throw new SpmError('CSV_BAD_HEADER', `duplicate column '${clip(column)}' in header of ${name} (columns ${first + 1} and ${i + 1})`, {
        hint: 'rename one of the columns so that every name is unique',
      });
    }
    seen.set(column, i);
  });
}

/** Collects the header record, checks it, then hands the scanner over to the body's sink. */
class HeaderSink implements CsvSink {
  header: string[] | undefined;
  line = 0;
  private fields: string[] = [];

  constructor(private readonly done: (header: string[], line: number, malformed: string | undefined) => void) {}

  field(b: Uint8Array, start: number, end: number): void {
    this.fields.push(utf8Text(b, start, end));
  }

  endRecord(line: number, malformed: string | undefined): void {
    this.header = this.fields;
    this.line = line;
    this.done(this.fields, line, malformed);
  }

  fieldsSoFar(): number {
    return this.fields.length;
  }

  discardRecord(): void {
    this.fields = [];
  }
}

/** How much text the dialect is sniffed on. */
const SNIFF_CHARS = 1 << 16;

/** Line breaks in `text`, counted up to 3. */
function countBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1 && n < 3; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Header names are read trimmed; the names that had whitespace around them, as they were. */
function trimHeader(header: string[]): string[] {
  const trimmed: string[] = [];
  header.forEach((name, i) => {
    const t = name.trim();
    if (t !== name) {
      trimmed.push(name);
      header[i] = t;
    }
  });
  return trimmed;
}

/**
 * Reads chunks until the header is complete, then returns the source; `take` drains the body
 * sink after each chunk (undefined: nothing to yield yet). The dialect is decided first: the
 * encoding by the decoder, the delimiter and decimal mark on the first block of text.
 */
async function open<S extends CsvSink, T>(
  path: string,
  options: ReadCsvOptions,
  makeSink: (header: string[], name: string, delimiter: Delimiter) => S,
  take: (sink: S) => T | undefined,
): Promise<Opened<T>> {
  const name = path === '-' ? (options.stdinName ?? 'stdin') : path;
  const csv = options.csv ?? AUTO_CSV;
  const found: Decoded = { encoding: 'utf-8', bom: false };
  const read = { bytes: 0 };
  const texts = decodeText(counted(openInputBytes(path, options), read), name, options.range?.start ?? 0, {
    encoding: csv.encoding,
    found,
    countLines: path === '-',
  });
  const ending: TextEnd = { cut: false, nextLine: 1 };
  const keepRaw = options.keepRaw === true;
  const warnings: string[] = [];
  let trimmed: readonly string[] = [];
  const noteFallback = async (): Promise<void> => {
    const at = found.fallbackAt;
    if (at === undefined || warnings.length > 0) return;
    const line = found.fallbackLine ?? (path === '-' ? undefined : await lineOfByte(path, at));
    warnings.push(`${name} is not UTF-8 (byte ${at}${line === undefined ? '' : `, line ${line}`}): read as Windows-1252; set data.csv.encoding if it is another encoding`);
  };
  let delimiter: Delimiter = csv.delimiter === 'auto' ? ',' : csv.delimiter;
  let decimal: DecimalMark = csv.decimal === 'auto' ? '.' : csv.decimal;
  const dialect = (): Dialect => ({ delimiter, decimal, encoding: found.encoding, bom: found.bom, trimmed });
  const close = async (): Promise<void> => void (await texts.return(undefined));
  try {
    // The first block, for the sniffer; it is then read as any other.
    const first: Uint8Array[] = [];
    let done = false;
    if (options.header === undefined && (csv.delimiter === 'auto' || csv.decimal === 'auto')) {
      // Up to SNIFF_CHARS, or less when a few lines have come: a stream kept open (stdin) may send no more for now.
      let sample = '';
      while (sample.length < SNIFF_CHARS && countBreaks(sample) < 3) {
        const next = await texts.next();
        if (next.done === true) {
          done = true;
          break;
        }
        first.push(next.value);
        sample += utf8Text(next.value, 0, Math.min(next.value.length, 4 * SNIFF_CHARS)).slice(0, SNIFF_CHARS);
      }
      ({ delimiter, decimal } = sniffDialect(sample, csv, name, done));
    }
    const pieces = then(first, done ? undefined : texts);
    const sinkOf = (body: S): CsvSink => (decimal === ',' ? new DecimalCommaSink(body) : body);
    if (options.header !== undefined) {
      // A part past the header: its records go straight to the body's sink.
      const header = [...options.header];
      const body = makeSink(header, name, delimiter);
      const scanner = new CsvScanner(sinkOf(body), { keepRaw, bom: false, delimiter, width: header.length });
      return {
        name, header, headerLine: 0, ending, warnings, dialect: dialect(),
        get bytesRead() {
          return read.bytes;
        },
        batches: rest(pieces, scanner, body, take, false, ending, noteFallback),
        close,
      };
    }
    let body: S | undefined;
    const scanner: CsvScanner = new CsvScanner(
      new HeaderSink((header, line, malformed) => {
        trimmed = trimHeader(header);
        checkHeader(header, line, malformed, name, delimiter);
        if (csv.header === 'auto') checkHeaderLooksLikeNames(header, name);
        body = makeSink(header, name, delimiter);
        scanner.sink = sinkOf(body);
      }),
      { keepRaw, delimiter },
    );
    const headerSink = scanner.sink as HeaderSink;
    let ended = false;
    while (headerSink.header === undefined && !ended) {
      const next = await pieces.next();
      ended = next.done === true;
      if (ended) {
        ending.cut = !scanner.atRecordStart;
        ending.nextLine = scanner.nextLine;
        scanner.end();
      } else {
        scanner.push(next.value as Uint8Array);
      }
    }
    if (headerSink.header === undefined || body === undefined) throw emptyInput(name);
    return {
      name,
      header: headerSink.header,
      headerLine: headerSink.line,
      ending,
      warnings,
      get dialect() {
        return dialect();
      },
      get bytesRead() {
        return read.bytes;
      },
      batches: rest(pieces, scanner, body, take, ended, ending, noteFallback),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The chunks of `bytes`, adding their lengths up in `read` (one addition per chunk of a MiB or so). */
async function* counted(bytes: AsyncIterable<Uint8Array>, read: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of bytes) {
    read.bytes += chunk.length;
    yield chunk;
  }
}

/** The pieces read already, then the rest of `more`. */
async function* then<P>(first: readonly P[], more: AsyncGenerator<P> | undefined): AsyncGenerator<P> {
  yield* first;
  if (more !== undefined) yield* more;
}

async function* rest<S extends CsvSink, T>(
  chunks: AsyncGenerator<Uint8Array>,
  scanner: CsvScanner,
  body: S,
  take: (sink: S) => T | undefined,
  done: boolean,
  ending: TextEnd,
  finish: () => Promise<void>,
): AsyncGenerator<T> {
  const first = take(body);
  if (first !== undefined) yield first;
  if (done) {
    await finish();
    return;
  }
  for await (const chunk of chunks) {
    scanner.push(chunk);
    const batch = take(body);
    if (batch !== undefined) yield batch;
  }
  ending.cut = !scanner.atRecordStart;
  ending.nextLine = scanner.nextLine;
  scanner.end();
  await finish();
  const last = take(body);
  if (last !== undefined) yield last;
}

function emptyInput(name: string): SpmError {
  return new SpmError('CSV_EMPTY', `${name} is empty: expected a CSV header line`, {
    hint: 'the first line of a CSV file names its columns',
  });
}
