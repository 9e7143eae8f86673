/**
 * Bytes → text at the I/O edge: file errors named for people, strict streaming UTF-8 decoding
 * (WHATWG TextDecoder, fatal). A NUL byte or an invalid sequence means the input is not CSV text;
 * the error gives the byte offset of the first bad byte.
 */
import { isAscii } from 'node:buffer';
import { SpmError } from '../errors.js';
import { latin1 } from '../util/latin1.js';

/** Turns the stream's file errors into SpmErrors that name the file. */
export async function* readBytes(stream: AsyncIterable<Uint8Array>, path: string): AsyncGenerator<Uint8Array> {
  try {
    yield* stream;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT') {
      throw new SpmError('DATA_NOT_FOUND', `data file not found: ${path}`, {
        hint: 'check data.source in the params file, or the -i path',
      });
    }
    if (code === 'EISDIR') throw new SpmError('DATA_UNREADABLE', `${path} is a directory, not a CSV file`);
    if (code === 'EACCES' || code === 'EPERM') throw new SpmError('DATA_UNREADABLE', `cannot read ${path}: permission denied`);
    throw error;
  }
}

/** `offset`: 0-based byte offset of the first byte that is not UTF-8 text. */
export function notText(name: string, offset: number): SpmError {
  return new SpmError('CSV_NOT_TEXT', `${name} is not CSV text (binary data at byte ${offset})`, {
    hint: 'spm reads CSV files encoded as UTF-8; export the data as CSV (UTF-8)',
  });
}

/**
 * Lines handed over as bytes (decodeUtf8's `lines` option): simple ASCII lines, i.e. whole lines
 * of ASCII text with no quote and no CR, so each byte is its character and a line's fields are
 * split at commas only.
 */
export type LineBytes = Uint8Array;

/**
 * A simple ASCII chunk as decodeUtf8's `lines` option gives it: the text up to its first LF (the
 * end of a line begun in the chunk before), its whole lines after that as bytes (LineBytes,
 * simple ASCII lines), then the text after its last LF. One piece per chunk, so a reader takes
 * its records once per chunk.
 */
export interface SimpleAsciiChunk {
  readonly head: string;
  readonly lines: LineBytes;
  readonly tail: string;
}

/**
 * Decodes UTF-8 chunks strictly; a NUL byte or an invalid sequence is an SpmError naming `name`.
 * `start`: the file offset of the first chunk (a part of a file), so offsets in messages are the file's.
 * With `lines`, a simple ASCII chunk with whole lines in it comes as a SimpleAsciiChunk: a reader that
 * converts bytes straight to columns skips making the text (csv-source.ts).
 */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>, name: string, start = 0, options: { lines?: boolean } = {}): AsyncGenerator<string | SimpleAsciiChunk> {
  // ignoreBOM keeps a BOM in the text: the scanner drops one at the very start, nowhere else.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = start; // bytes before the current chunk
  let carry: Uint8Array = new Uint8Array(0); // the incomplete sequence the decoder holds
  for await (const chunk of chunks) {
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      // Report the first problem: an invalid sequence may come before the NUL.
      const bad = firstInvalidUtf8(concatBytes(carry, chunk.subarray(0, nul)), true);
      throw notText(name, bad === -1 ? offset + nul : offset - carry.length + bad);
    }
    let text: string;
    // Pure ASCII (the usual CSV) is its own UTF-8 decoding: a native check and a byte copy
    // instead of the decoder (measured: about 2x less time on a 62 MiB file). Only between
    // sequences, when the decoder holds no bytes of an unfinished one.
    if (carry.length === 0 && isAscii(chunk)) {
      offset += chunk.length;
      const piece = options.lines === true ? simpleAsciiChunk(chunk) : latin1(chunk, 0, chunk.length);
      if (piece !== '') yield piece;
      continue;
    }
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const bytes = concatBytes(carry, chunk);
      throw notText(name, offset - carry.length + Math.max(0, firstInvalidUtf8(bytes, false)));
    }
    carry = incompleteTail(chunk.length >= 3 ? chunk : concatBytes(carry, chunk));
    offset += chunk.length;
    if (text.length > 0) yield text;
  }
  let last: string;
  try {
    last = decoder.decode();
  } catch {
    throw notText(name, offset - carry.length);
  }
  if (last.length > 0) yield last;
}

/**
 * An ASCII chunk as a SimpleAsciiChunk (its lines a copy: their buffer is the consumer's to keep or
 * transfer), or as text when it has a quote or CR anywhere, or no whole line after its first LF.
 */
function simpleAsciiChunk(chunk: Uint8Array): string | SimpleAsciiChunk {
  const n = chunk.length;
  const first = chunk.indexOf(LF);
  const last = first === -1 ? -1 : chunk.lastIndexOf(LF);
  if (last <= first || chunk.indexOf(QUOTE) !== -1 || chunk.indexOf(CR) !== -1) return latin1(chunk, 0, n);
  return {
    head: latin1(chunk, 0, first + 1),
    lines: new Uint8Array(chunk.subarray(first + 1, last + 1)), // a copy (Buffer's slice would be a view)
    tail: latin1(chunk, last + 1, n),
  };
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Index of the first byte that starts an invalid UTF-8 sequence, or -1. With `final` false an
 * incomplete sequence at the end is not an error (more bytes may follow).
 * Byte ranges from RFC 3629 §4 (no overlongs, no surrogates, nothing above U+10FFFF).
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The trailing bytes of an unfinished multi-byte sequence (what a streaming decoder keeps). */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  // Three continuation bytes at the end close a 4-byte sequence (or the decoder has thrown).
  const n = bytes.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const b = bytes[n - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? bytes.slice(n - k) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
