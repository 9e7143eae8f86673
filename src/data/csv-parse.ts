/**
 * CSV text → records (string[][]) with their line numbers, incrementally: the convenient form
 * for whole-file work (ingest, tests), a sink of the one scanner (csv-scan.ts) that makes a string
 * per field. Typed columns for a known schema come straight from the scanner through
 * `TableBuilder` (to-table.ts) without this step.
 */
import { DecimalCommaSink, type DecimalMark } from './csv-dialect.js';
import { CsvScanner, utf8Bytes, utf8Text, type CsvSink } from './csv-scan.js';

export { MAX_FIELD_CHARS } from './csv-scan.js';

export interface CsvBatch {
  /** One array of fields per record, in input order. */
  rows: string[][];
  /** The 1-based physical line where each record starts. */
  lines: number[];
  /** Why a record is malformed, keyed by its index in `rows` (absent = well-formed). */
  malformed: Map<number, string>;
  /** With `keepRaw`: each record's source text without its line terminator. */
  raw?: string[];
}

export interface CsvParserOptions {
  /** Also return each record's exact source text (lets `predict` echo input rows verbatim). */
  keepRaw?: boolean;
  /** The field delimiter (default a comma). */
  delimiter?: string;
}

/** Collects the scanner's fields into string arrays; `take` returns the records so far. */
export class CsvRecordSink implements CsvSink {
  batch: CsvBatch;
  private record: string[] = [];

  constructor(private readonly keepRaw: boolean) {
    this.batch = emptyBatch(keepRaw);
  }

  field(b: Uint8Array, start: number, end: number): void {
    this.record.push(utf8Text(b, start, end));
  }

  endRecord(line: number, malformed: string | undefined, b: Uint8Array, start: number, end: number): void {
    const out = this.batch;
    if (malformed !== undefined) out.malformed.set(out.rows.length, malformed);
    out.rows.push(this.record);
    out.lines.push(line);
    out.raw?.push(utf8Text(b, start, end));
    this.record = [];
  }

  fieldsSoFar(): number {
    return this.record.length;
  }

  discardRecord(): void {
    this.record = [];
  }

  take(): CsvBatch {
    const batch = this.batch;
    this.batch = emptyBatch(this.keepRaw);
    return batch;
  }
}

/** An incremental RFC 4180 parser: push chunks (split anywhere), get the completed records. */
export class CsvParser {
  private readonly sink: CsvRecordSink;
  private readonly scanner: CsvScanner;
  /** A high surrogate that ended the last chunk: its character is encoded with the next chunk. */
  private high = '';

  constructor(options: CsvParserOptions = {}) {
    this.sink = new CsvRecordSink(options.keepRaw === true);
    this.scanner = new CsvScanner(this.sink, options);
  }

  /** Parses `chunk` (split anywhere, between the halves of a surrogate pair too) and returns the records it completes. */
  push(chunk: string): CsvBatch {
    let text = this.high + chunk;
    const last = text.charCodeAt(text.length - 1);
    this.high = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (this.high !== '') text = text.slice(0, -1);
    this.scanner.push(utf8Bytes(text));
    return this.sink.take();
  }

  /** Ends the input and returns the last record, if it had no final newline. */
  end(): CsvBatch {
    if (this.high !== '') this.scanner.push(utf8Bytes(this.high));
    this.high = '';
    this.scanner.end();
    return this.sink.take();
  }
}

function emptyBatch(keepRaw: boolean): CsvBatch {
  const batch: CsvBatch = { rows: [], lines: [], malformed: new Map() };
  if (keepRaw) batch.raw = [];
  return batch;
}

/** A whole CSV text: the header, and the records after it (malformed keyed by index in rows). */
export interface ParsedCsv extends CsvBatch {
  /** The first record ([] for empty text). */
  header: string[];
  /** The line of the header (0 for empty text). */
  headerLine: number;
  /** Why the header record is malformed, if it is. */
  headerMalformed?: string;
}

/** Parses a whole CSV text: the first record is the header. */
export function parseCsv(text: string): ParsedCsv {
  const parser = new CsvParser();
  return splitHeader(mergeBatches([parser.push(text), parser.end()]));
}

/**
 * The fields of one record's source text (a BOM at its start is data: it is not a file's
 * start), read in its file's dialect: decimal-comma numbers come with a point, as every reader
 * of that file gives them. One scanner per dialect serves every call (each leaves it between
 * records), so reading many records one by one costs no scanner each.
 */
export function recordFields(text: string, delimiter = ',', decimal: DecimalMark = '.'): string[] {
  const key = `${delimiter}${decimal}`;
  let one = RECORD_READERS.get(key);
  if (one === undefined) {
    const sink = new CsvRecordSink(false);
    one = { sink, scanner: new CsvScanner(decimal === ',' ? new DecimalCommaSink(sink) : sink, { delimiter, bom: false, width: 0 }) };
    RECORD_READERS.set(key, one);
  }
  one.scanner.push(utf8Bytes(text));
  one.scanner.end();
  return one.sink.take().rows[0] ?? [];
}

const RECORD_READERS = new Map<string, { sink: CsvRecordSink; scanner: CsvScanner }>();

/** Concatenates batches, re-keying the malformed reasons. */
export function mergeBatches(batches: readonly CsvBatch[]): CsvBatch {
  if (batches.length === 1) return batches[0]!;
  const merged = emptyBatch(batches.some((b) => b.raw !== undefined));
  for (const b of batches) {
    const offset = merged.rows.length;
    for (const [index, reason] of b.malformed) merged.malformed.set(offset + index, reason);
    for (let i = 0; i < b.rows.length; i++) {
      merged.rows.push(b.rows[i]!);
      merged.lines.push(b.lines[i]!);
      merged.raw?.push(b.raw?.[i] ?? '');
    }
  }
  return merged;
}

/** The batch without its first record (the header). */
export function dropFirstRecord(batch: CsvBatch): CsvBatch {
  const malformed = new Map<number, string>();
  for (const [index, reason] of batch.malformed) if (index > 0) malformed.set(index - 1, reason);
  const rest: CsvBatch = { rows: batch.rows.slice(1), lines: batch.lines.slice(1), malformed };
  if (batch.raw) rest.raw = batch.raw.slice(1);
  return rest;
}

/** Takes the first record of `batch` as the header. */
export function splitHeader(batch: CsvBatch): ParsedCsv {
  const header = batch.rows[0];
  if (header === undefined) return { header: [], headerLine: 0, rows: [], lines: [], malformed: new Map() };
  const parsed: ParsedCsv = { header, headerLine: batch.lines[0]!, ...dropFirstRecord(batch) }; // lines: one per row
  const headerReason = batch.malformed.get(0);
  if (headerReason !== undefined) parsed.headerMalformed = headerReason;
  return parsed;
}
