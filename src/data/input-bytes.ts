/**
 * The one place every command opens its input bytes (ingest, predict, drift, serve's bodies):
 * a file or stdin, streamed in chunks, with file errors named for people (csv-decode.ts'
 * readBytes). A reader of another format (a workbook turned into CSV bytes, say) plugs in here.
 */
import { createReadStream } from 'node:fs';
import { countLf, readBytes } from './csv-decode.js';

export interface InputBytesOptions {
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
  /** The stream read for path '-' (default process.stdin). */
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** Only bytes [start, end) of the file. */
  readonly range?: { readonly start: number; readonly end?: number };
}

/** The bytes of `path` ('-': stdin), as chunks. */
export function openInputBytes(path: string, options: InputBytesOptions = {}): AsyncIterable<Uint8Array> {
  const range = options.range === undefined ? {} : { start: options.range.start, ...(options.range.end === undefined ? {} : { end: options.range.end - 1 }) };
  const bytes = path === '-' ? (options.stdin ?? process.stdin) : createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20, ...range });
  return readBytes(bytes, path);
}

/** The line (1-based) of byte `offset` of a file: one more than the LFs before it (for a message, read again). */
export async function lineOfByte(path: string, offset: number): Promise<number> {
  let lines = 1;
  if (offset === 0) return lines;
  for await (const chunk of openInputBytes(path, { range: { start: 0, end: offset } })) lines += countLf(chunk, chunk.length);
  return lines;
}
