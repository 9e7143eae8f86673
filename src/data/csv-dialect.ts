/**
 * A CSV file's dialect: its delimiter, decimal mark and encoding, each given (data.csv) or found
 * from the file itself. The delimiter is sniffed on the first block by the one scanner
 * (csv-scan.ts), quote-aware: the candidate whose records keep the header's field count wins.
 * The encoding is decided by the decoder (csv-decode.ts: a BOM, else UTF-8 when valid).
 */
import { SpmError } from '../errors.js';
import { CsvScanner, utf8Bytes, utf8Text, type CsvSink } from './csv-scan.js';

/** Delimiters spm reads, by their character; `tab` is how params name the TAB. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Encodings spm reads. `latin1` is ISO-8859-1 proper (bytes 0x80–0x9F are C1 controls), not WHATWG's alias of windows-1252. */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type DecimalMark = '.' | ',';

/** data.csv as the params give it: each `auto` unless set. */
export interface CsvParams {
  readonly delimiter: Delimiter | 'auto';
  readonly decimal: DecimalMark | 'auto';
  readonly encoding: Encoding | 'auto';
  /** auto: the first line is the header and must not look like data; true: it is, unchecked. */
  readonly header: 'auto' | true;
}

export const AUTO_CSV: CsvParams = { delimiter: 'auto', decimal: 'auto', encoding: 'auto', header: 'auto' };

/** What was read: the dialect decided for one file. */
export interface Dialect {
  readonly delimiter: Delimiter;
  readonly decimal: DecimalMark;
  readonly encoding: Encoding;
  /** The file starts with a byte order mark. */
  readonly bom: boolean;
  /** Header names that had surrounding whitespace, as they were (they are read trimmed). */
  readonly trimmed: readonly string[];
}

/** The dialect spm writes (split files, predictions): comma, decimal point, UTF-8. */
export const CANONICAL: CsvParams = { delimiter: ',', decimal: '.', encoding: 'utf-8', header: true };

const DELIMITER_NAMES: Readonly<Record<Delimiter, string>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The dialect in one line, as `spm ingest` and `spm predict` show it. */
export function describeDialect(d: Dialect): string {
  const parts = [`delimiter ${DELIMITER_NAMES[d.delimiter]}`, `decimal ${d.decimal === ',' ? 'comma' : 'point'}`, `encoding ${d.encoding}${d.bom ? ' (BOM)' : ''}`];
  if (d.trimmed.length) parts.push(`header names trimmed: ${d.trimmed.map((n) => `'${n}'`).join(', ')}`);
  return parts.join(', ');
}

/** describeDialect of a file in the defaults (comma, point, UTF-8): what commands leave unsaid. */
export const DEFAULT_DIALECT = 'delimiter comma, decimal point, encoding utf-8';

/** How many records of the first block are compared. */
const SNIFF_RECORDS = 200;

/** Counts each record's fields (and keeps the first fields' texts, for the decimal mark). */
class CountSink implements CsvSink {
  readonly counts: number[] = [];
  readonly malformed: boolean[] = [];
  readonly texts: string[] = [];
  private fields = 0;

  field(b: Uint8Array, start: number, end: number): void {
    this.fields++;
    if (this.counts.length > 0 && this.texts.length < 4000) this.texts.push(utf8Text(b, start, end));
  }

  endRecord(_line: number, malformed: string | undefined): void {
    if (this.counts.length >= SNIFF_RECORDS) return;
    this.counts.push(this.fields);
    this.malformed.push(malformed !== undefined);
    this.fields = 0;
  }

  fieldsSoFar(): number {
    return this.fields;
  }

  discardRecord(): void {
    this.fields = 0;
  }
}

interface Candidate {
  readonly delimiter: Delimiter;
  readonly headerFields: number;
  /** Share of the records after the header with the header's field count (1 when there are none). */
  readonly agreement: number;
  readonly texts: readonly string[];
}

/** The first block scanned with one delimiter. `complete`: the block is the whole input. */
function tryDelimiter(sample: string, delimiter: Delimiter, complete: boolean): Candidate {
  const sink = new CountSink();
  const scanner = new CsvScanner(sink, { delimiter, width: 0 });
  // Only whole lines, unless the block is the whole input: a cut line would count short.
  const cut = complete ? sample.length : Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r')) + 1;
  scanner.push(utf8Bytes(sample.slice(0, cut)));
  if (complete) scanner.end();
  const [headerFields = 0, ...rest] = sink.counts;
  const body = rest.filter((_, i) => !sink.malformed[i + 1]);
  const agreement = body.length === 0 ? 1 : body.filter((n) => n === headerFields).length / body.length;
  return { delimiter, headerFields, agreement, texts: sink.texts };
}

/**
 * The delimiter and decimal mark of a file from its first block of text (`sample`), for those
 * given as `auto`. A delimiter is a candidate when it splits the header in two or more and at
 * least half the records that follow have the header's field count; the most consistent wins,
 * then the one with more fields, then the order of DELIMITERS. No candidate: a comma (a file
 * of one column) unless two delimiters each split the header, which cannot be told apart.
 */
export function sniffDialect(sample: string, given: Pick<CsvParams, 'delimiter' | 'decimal'>, name: string, complete: boolean): { delimiter: Delimiter; decimal: DecimalMark } {
  let delimiter: Delimiter;
  let texts: readonly string[];
  if (given.delimiter !== 'auto') {
    delimiter = given.delimiter;
    texts = given.decimal === 'auto' ? tryDelimiter(sample, delimiter, complete).texts : [];
  } else {
    const candidates = DELIMITERS.map((d) => tryDelimiter(sample, d, complete)).filter((c) => c.headerFields >= 2);
    const consistent = candidates.filter((c) => c.agreement >= 0.5);
    if (consistent.length === 0 && candidates.length > 1) {
      throw new SpmError('CSV_BAD_HEADER', `cannot tell the delimiter of ${name}: ${candidates.map((c) => `'${printable(c.delimiter)}'`).join(' and ')} each split the header, and neither keeps its field count in the lines after it`, {
        hint: "set data.csv.delimiter (',', ';', tab or '|') in the params file",
      });
    }
    const best = [...consistent].sort((a, b) => b.agreement - a.agreement || b.headerFields - a.headerFields)[0] ?? candidates[0];
    delimiter = best?.delimiter ?? ',';
    texts = best?.texts ?? [];
  }
  const decimal = given.decimal !== 'auto' ? given.decimal : delimiter !== ',' && saysDecimalComma(texts) ? ',' : '.';
  return { delimiter, decimal };
}

const printable = (d: Delimiter): string => (d === '\t' ? 'tab' : d);

const COMMA_NUMBER = /^\s*[-+]?\d*,\d+\s*$/;
const POINT_NUMBER = /^\s*[-+]?\d*\.\d+\s*$/;

/** Numbers written with a decimal comma, and none with a point. */
function saysDecimalComma(texts: readonly string[]): boolean {
  let comma = 0;
  for (const t of texts) {
    if (POINT_NUMBER.test(t)) return false;
    if (COMMA_NUMBER.test(t)) comma++;
  }
  return comma > 0;
}

/** A field written with a decimal comma ("3,5", "-0,25"), as the number text spm reads ("3.5"); else undefined. */
export function decimalCommaNumber(s: string, start: number, end: number): string | undefined {
  const comma = s.indexOf(',', start);
  if (comma === -1 || comma >= end) return undefined;
  const text = s.slice(start, end);
  return COMMA_NUMBER.test(text) ? text.replace(',', '.') : undefined;
}

const COMMA_BYTE = 44;

/**
 * A sink that reads decimal-comma numbers as numbers: every field that is a number written with
 * a decimal comma reaches `inner` with a point instead, whatever its column (so a category such
 * as "1,5" reads as "1.5" in training and in scoring alike).
 */
export class DecimalCommaSink implements CsvSink {
  /** The rewritten field (a number is short; a longer one gets bytes of its own). */
  private readonly point = new Uint8Array(64);

  constructor(readonly inner: CsvSink) {}

  field(b: Uint8Array, start: number, end: number): void {
    let comma = start;
    while (comma < end && b[comma] !== COMMA_BYTE) comma++;
    if (comma === end || !COMMA_NUMBER.test(utf8Text(b, start, end))) {
      this.inner.field(b, start, end);
      return;
    }
    if (end - start > this.point.length) {
      const long = utf8Bytes(utf8Text(b, start, end).replace(',', '.')); // much space around it
      this.inner.field(long, 0, long.length);
      return;
    }
    const point = this.point;
    point.set(b.subarray(start, end));
    point[comma - start] = 46; // '.'
    this.inner.field(point, 0, end - start);
  }

  endRecord(line: number, malformed: string | undefined, b: Uint8Array, start: number, end: number): void {
    this.inner.endRecord(line, malformed, b, start, end);
  }

  fieldsSoFar(): number {
    return this.inner.fieldsSoFar();
  }

  discardRecord(): void {
    this.inner.discardRecord();
  }
}

/** auto header: a first line of numbers only is data, not column names. */
export function checkHeaderLooksLikeNames(header: readonly string[], name: string): void {
  if (header.length > 0 && header.every((h) => h.trim() !== '' && Number.isFinite(Number(h.trim().replace(',', '.'))))) {
    throw new SpmError('CSV_BAD_HEADER', `the first line of ${name} looks like data (${header.slice(0, 4).join(', ')}${header.length > 4 ? ', …' : ''}), not column names`, {
      hint: 'spm needs a first line naming the columns: add one (or set data.csv.header: true if these are the names)',
    });
  }
}
