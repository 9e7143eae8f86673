/**
 * Writing CSV (RFC 4180 quoting, LF line ends) that is also safe to open in a spreadsheet:
 * a text cell starting with = + - @ tab or CR is prefixed with ' so it is shown as text, never
 * run as a formula (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseNumber } from './infer.js';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export interface CsvFormatOptions {
  /** Prefix formula-like text cells with ' (default true). */
  spreadsheetSafe?: boolean;
}

/** True when a spreadsheet could read `text` as a formula: a risky first character, and not a number. */
export function isFormulaLike(text: string): boolean {
  if (text.length === 0) return false;
  const c = text.charCodeAt(0);
  const risky = c === 61 || c === 43 || c === 45 || c === 64 || c === TAB || c === CR; // = + - @
  return risky && Number.isNaN(parseNumber(text));
}

/** One field: quoted when it holds a comma, quote, CR or LF or starts/ends with a space. */
export function formatCsvField(text: string, options?: CsvFormatOptions): string {
  if (options?.spreadsheetSafe !== false && isFormulaLike(text)) return `"'${text.replaceAll('"', '""')}"`;
  const n = text.length;
  if (n === 0) return text;
  let quote = text.charCodeAt(0) === SPACE || text.charCodeAt(n - 1) === SPACE;
  for (let i = 0; i < n && !quote; i++) {
    const c = text.charCodeAt(i);
    quote = c === COMMA || c === QUOTE || c === LF || c === CR;
  }
  if (!quote) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

/** One record, without its line end. A lone empty field is written "" (a blank line is no record). */
export function formatCsvRow(fields: readonly string[], options?: CsvFormatOptions): string {
  if (fields.length === 1 && fields[0] === '') return '""';
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += formatCsvField(fields[i]!, options);
  }
  return line;
}

/** A number as CSV text: the shortest round-trip form (String(x)); NaN (missing) is empty. */
export const formatNumber = (x: number): string => (Number.isNaN(x) ? '' : String(x));

export interface CsvWriter {
  /** Formats and buffers one record. */
  writeRow(fields: readonly string[]): void;
  /** Buffers one already formatted line (no line end). */
  writeLine(line: string): void;
  /** Resolves when the stream can take more (call between batches: backpressure). */
  ready(): Promise<void>;
  /** Flushes, ends the stream (not stdout/stderr) and resolves when everything is written. */
  end(): Promise<void>;
}

export interface CsvWriterOptions extends CsvFormatOptions {
  /** Buffer this many characters before writing (default 1 MiB). */
  flushChars?: number;
}

/** Buffered CSV writing to a stream: ~1 MB writes, honouring backpressure and stream errors. */
export function createCsvWriter(stream: Writable, options: CsvWriterOptions = {}): CsvWriter {
  const limit = options.flushChars ?? 1 << 20;
  let buffer = '';
  let blocked = false;
  let failure: unknown;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const flush = (): void => {
    if (buffer.length === 0 || failure !== undefined) return;
    if (!stream.write(buffer)) blocked = true;
    buffer = '';
  };
  const writeLine = (line: string): void => {
    buffer += `${line}\n`;
    if (buffer.length >= limit) flush();
  };
  return {
    writeLine,
    writeRow: (fields) => writeLine(formatCsvRow(fields, options)),
    async ready() {
      if (failure !== undefined) throw failure;
      if (!blocked) return;
      await once(stream, 'drain'); // rejects when the stream emits 'error'
      blocked = false;
    },
    async end() {
      flush();
      if (failure !== undefined) throw failure;
      const shared = stream === (process.stdout as Writable) || stream === (process.stderr as Writable);
      if (shared) {
        await new Promise<void>((resolve, reject) => stream.write('', (error) => (error ? reject(error) : resolve())));
      } else {
        const finished = once(stream, 'finish');
        stream.end();
        await finished;
      }
      if (failure !== undefined) throw failure;
    },
  };
}
