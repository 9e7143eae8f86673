/**
 * The one place a data file's bytes are opened for reading: a CSV file as it is, an .xlsx
 * workbook or a Parquet file converted to CSV bytes (UTF-8, RFC 4180), so that everything
 * downstream (the dialect, types, rejects with line numbers, unseen categories) is the CSV rule
 * by construction. The converters and their libraries are imported only when such a file is
 * read: CSV users never load them.
 */
import { createReadStream } from 'node:fs';
import { inputFormatOf, type InputFormat, type SheetRef } from './input-format.js';

export interface InputBytesOptions {
  /** Bytes per read of a CSV file. */
  readonly chunkBytes?: number;
  /** Only bytes [start, end] (inclusive) of a CSV file. */
  readonly range?: { readonly start?: number; readonly end?: number };
  /** The sheet of a workbook (default: the first). */
  readonly sheet?: SheetRef;
}

/** The bytes of the file at `path`, as CSV. */
export function openInputBytes(path: string, options: InputBytesOptions = {}): AsyncIterable<Uint8Array> {
  const format = inputFormatOf(path);
  if (format === 'csv') return createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20, ...options.range });
  return convertedCsv(format, { path }, path, options.sheet ?? null);
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
