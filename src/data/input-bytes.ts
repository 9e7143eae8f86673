/**
 * The one place every command opens its input bytes (ingest, predict, drift, serve's bodies): a
 * CSV file or stdin streamed in chunks, an .xlsx workbook or a Parquet file converted to CSV
 * bytes (UTF-8, RFC 4180), so that everything downstream (the dialect, types, rejects with line
 * numbers, unseen categories) is the CSV rule by construction. File errors are named for people
 * (csv-decode.ts' readBytes). The converters and their libraries are imported only when such a
 * file is read: CSV users never load them.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { countLf, readBytes } from './csv-decode.js';
import { inputFormatOf, isConvertedInput, type InputFormat, type SheetRef } from './input-format.js';

export interface InputBytesOptions {
  /** Bytes per read of a CSV file (default 1 MiB). */
  readonly chunkBytes?: number;
  /** The stream read for path '-' (default process.stdin). */
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** Only bytes [start, end) of a CSV file. */
  readonly range?: { readonly start: number; readonly end?: number };
  /** The sheet of a workbook (default: the first). */
  readonly sheet?: SheetRef;
}

/** The bytes of `path` ('-': stdin), as CSV chunks. */
export function openInputBytes(path: string, options: InputBytesOptions = {}): AsyncIterable<Uint8Array> {
  const format = path === '-' ? 'csv' : inputFormatOf(path);
  if (format !== 'csv') return readBytes(convertedCsv(format, { path }, path, options.sheet ?? null), path);
  const range = options.range === undefined ? {} : { start: options.range.start, ...(options.range.end === undefined ? {} : { end: options.range.end - 1 }) };
  const bytes = path === '-' ? (options.stdin ?? process.stdin) : createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20, ...range });
  return readBytes(bytes, path);
}

/**
 * How many bytes reading `path` gives, when that is known beforehand: a regular CSV file's size.
 * Undefined for stdin, a pipe or a device (no size), an .xlsx or Parquet file (read as converted
 * CSV bytes, not its own), and a missing file (the reader reports it).
 */
export async function csvFileSize(path: string): Promise<number | undefined> {
  if (path === '-' || isConvertedInput(path)) return undefined;
  const st = await stat(path).catch(() => null);
  return st?.isFile() === true ? st.size : undefined;
}

/** Bytes already in memory (an upload) of a given format, as CSV. */
export function convertedCsv(format: Exclude<InputFormat, 'csv'>, input: { readonly path: string } | { readonly bytes: Uint8Array }, name: string, sheet: SheetRef = null): AsyncGenerator<Uint8Array> {
  return (async function* () {
    if (format === 'xlsx') {
      const { xlsxToCsv } = await import('./xlsx-to-csv.js');
      yield* xlsxToCsv(input, name, sheet);
    } else {
      const { parquetToCsv } = await import('./parquet-to-csv.js');
      yield* parquetToCsv(input, name);
    }
  })();
}

/** The line (1-based) of byte `offset` of a file: one more than the LFs before it (for a message, read again). */
export async function lineOfByte(path: string, offset: number): Promise<number> {
  let lines = 1;
  if (offset === 0) return lines;
  for await (const chunk of openInputBytes(path, { range: { start: 0, end: offset } })) lines += countLf(chunk, chunk.length);
  return lines;
}
