/**
 * Bytes → UTF-8 bytes at the I/O edge: file errors named for people, strict streaming checks of
 * UTF-8 and transcoding of UTF-16 (BOM) or a single-byte encoding (WHATWG TextDecoder, fatal), so
 * the one scanner after it (csv-scan.ts) reads UTF-8 whatever the file's encoding, and whatever
 * spm writes is UTF-8. Each chunk is transcoded on its own (a part of a file too, on its own
 * thread); a chunk never ends inside a character. A NUL byte or an invalid sequence means the
 * input is not CSV text; the error gives the byte offset of the first bad byte.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { SpmError } from '../errors.js';
import type { Encoding } from './csv-dialect.js';
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

/** `offset`: 0-based byte offset of the first byte that is not text. */
export function notText(name: string, offset: number): SpmError {
  return new SpmError('CSV_NOT_TEXT', `${name} is not CSV text (binary data at byte ${offset})`, {
    hint: 'spm reads CSV text in UTF-8, UTF-16 (with a BOM), Windows-1252 or Latin-1 (data.csv.encoding): export the data as CSV',
  });
}

/** What the decoder found out while reading (filled in as it goes). */
export interface Decoded {
  encoding: Encoding;
  bom: boolean;
  /** auto: the file offset of the first byte that is not UTF-8, when the text was read as windows-1252 from there. */
  fallbackAt?: number;
  /** With countLines: the line of that byte (1-based). */
  fallbackLine?: number;
}

export interface DecodeOptions {
  /** The encoding; auto (default): a BOM decides, else UTF-8, else (text that is not UTF-8) windows-1252. */
  readonly encoding?: Encoding | 'auto';
  /** Filled in with what was decided. */
  readonly found?: Decoded;
  /** Count line breaks until a fallback (fallbackLine): for input that cannot be read twice (stdin). */
  readonly countLines?: boolean;
}

/**
 * The chunks of a file as UTF-8 bytes, checked strictly: a NUL byte or an invalid sequence is an
 * SpmError naming `name` and the byte. `start`: the file offset of the first chunk (a part of a
 * file, where no BOM is looked for), so offsets in messages are the file's. A UTF-8 BOM is kept
 * (the scanner drops one at the very start); a UTF-16 BOM is dropped. Every encoding gives the
 * same kind of chunks, so the reader after it is one whatever the file's encoding.
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>, name: string, start = 0, options: DecodeOptions = {}): AsyncGenerator<Uint8Array> {
  const found: Decoded = options.found ?? { encoding: 'utf-8', bom: false };
  const iterator = chunks[Symbol.asyncIterator]();
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };
  let head: Uint8Array = new Uint8Array(0);
  // Enough bytes to see a BOM (at the start of a file only).
  while (start === 0 && head.length < 3) {
    const next = await iterator.next();
    if (next.done === true) break;
    head = concatBytes(head, next.value);
  }
  const bom = start === 0 ? bomOf(head) : undefined;
  const encoding = options.encoding === undefined || options.encoding === 'auto' ? (bom ?? 'auto') : options.encoding;
  found.bom = bom !== undefined;
  found.encoding = encoding === 'auto' ? 'utf-8' : encoding;
  const all = withHead(head, rest);
  try {
    if (encoding === 'utf-16le' || encoding === 'utf-16be') yield* decodeUtf16(all, name, start, encoding, bom === encoding);
    else if (encoding === 'windows-1252' || encoding === 'latin1') yield* decodeSingleByte(all, name, start, encoding, false);
    else yield* decodeUtf8(all, name, start, encoding === 'auto' ? found : undefined, options.countLines === true);
  } finally {
    await iterator.return?.();
  }
}

/** The encoding a byte order mark names (UTF-8's is left in the text: the scanner drops it). */
function bomOf(b: Uint8Array): Encoding | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

async function* withHead(head: Uint8Array, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (head.length > 0) yield head;
  yield* rest;
}

/**
 * UTF-8, strictly: each chunk up to its last whole character (the rest waits for the next).
 * `auto` (the decision to fill in): text that is not UTF-8 and has no control bytes (binary data
 * has) is read as windows-1252 from its first chunk with such a byte on, when every byte before
 * was ASCII (the two agree there); a file of both is refused.
 */
async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>, name: string, start: number, auto: Decoded | undefined, countLines: boolean): AsyncGenerator<Uint8Array> {
  let offset = start; // bytes before the current chunk
  let carry: Uint8Array = new Uint8Array(0); // an unfinished sequence at the end of the chunk before
  let multibyte = false; // some text so far was not ASCII
  let breaks = 0; // with countLines: LFs before the current chunk
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    const chunk = next.value;
    if (countLines && auto !== undefined) breaks += countLf(chunk, chunk.length);
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      // Report the first problem: an invalid sequence may come before the NUL.
      const bad = firstInvalidUtf8(concatBytes(carry, chunk.subarray(0, nul)), true);
      throw notText(name, bad === -1 ? offset + nul : offset - carry.length + bad);
    }
    // Pure ASCII (the usual CSV) is its own UTF-8: one native check.
    if (carry.length === 0 && isAscii(chunk)) {
      offset += chunk.length;
      if (chunk.length > 0) yield chunk;
      continue;
    }
    const bytes = concatBytes(carry, chunk);
    const tail = incompleteTail(bytes);
    const body = bytes.subarray(0, bytes.length - tail.length);
    // Invalid: in the body, or a tail that no byte can complete (where a streaming decoder throws).
    if (!isUtf8(body) || firstInvalidUtf8(tail, false) !== -1) {
      const at = offset - carry.length + Math.max(0, firstInvalidUtf8(bytes, false));
      if (auto === undefined || multibyte) throw notText(name, at);
      // Binary data, not text in another encoding: named at its control byte, as the reading on would.
      const control = CONTROL_BYTES.exec(latin1(bytes, 0, bytes.length));
      if (control !== null) throw notText(name, offset - carry.length + control.index);
      auto.encoding = 'windows-1252';
      auto.fallbackAt = at;
      if (countLines) auto.fallbackLine = breaks - countLf(chunk, chunk.length) + countLf(bytes, at - (offset - carry.length)) + 1;
      yield* decodeSingleByte(withHead(bytes, { [Symbol.asyncIterator]: () => iterator }), name, offset - carry.length, 'windows-1252', true);
      return;
    }
    if (!isAscii(body)) multibyte = true;
    carry = tail;
    offset += chunk.length;
    if (body.length > 0) yield body;
  }
  if (carry.length > 0) {
    if (auto === undefined || multibyte) throw notText(name, offset - carry.length);
    auto.encoding = 'windows-1252';
    auto.fallbackAt = offset - carry.length;
    if (countLines) auto.fallbackLine = breaks + 1;
    yield Buffer.from(decodeWindows1252(carry), 'utf8');
  }
}

/** How many LF bytes b[0, end) holds. */
export function countLf(b: Uint8Array, end: number): number {
  let count = 0;
  for (let at = b.indexOf(LF); at !== -1 && at < end; at = b.indexOf(LF, at + 1)) count++;
  return count;
}

/** Control characters text does not hold (TAB, LF, FF and CR aside): binary data, not another encoding. */
const CONTROL_BYTES = /[\x00-\x08\x0b\x0e-\x1f]/;

/**
 * Windows-1252 bytes 0x80–0x9F as WHATWG maps them (https://encoding.spec.whatwg.org/index-windows-1252.txt);
 * the other bytes are their code points. Node 20's TextDecoder('windows-1252') decodes as Latin-1
 * (0x80 → U+0080, not €), so the table is spm's own.
 */
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
] as const;
const C1 = /[\x80-\x9f]/g;
const cp1252Char = (c: string): string => String.fromCharCode(CP1252_80_9F[c.charCodeAt(0) - 0x80]!);

/** Windows-1252 bytes as text. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = latin1(bytes, 0, bytes.length);
  return C1.test(text) ? text.replace(C1, cp1252Char) : text;
}

/**
 * A single-byte encoding: windows-1252 (WHATWG's table) or latin1 (ISO-8859-1 proper: each byte
 * its code point), as UTF-8. A NUL byte (or, read so because the text was not UTF-8, any control
 * byte) is binary data. ASCII chunks are their own UTF-8: the encodings agree on them.
 */
async function* decodeSingleByte(chunks: AsyncIterable<Uint8Array>, name: string, start: number, encoding: 'windows-1252' | 'latin1', guessed: boolean): AsyncGenerator<Uint8Array> {
  let offset = start;
  for await (const chunk of chunks) {
    if (isAscii(chunk)) {
      const nul = guessed ? CONTROL_BYTES.exec(latin1(chunk, 0, chunk.length))?.index ?? -1 : chunk.indexOf(0);
      if (nul !== -1) throw notText(name, offset + nul);
      offset += chunk.length;
      if (chunk.length > 0) yield chunk;
      continue;
    }
    const text = encoding === 'latin1' ? latin1(chunk, 0, chunk.length) : decodeWindows1252(chunk);
    const control = (guessed ? CONTROL_BYTES : /\x00/).exec(text);
    if (control !== null) throw notText(name, offset + control.index); // one byte per character
    offset += chunk.length;
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
}

/**
 * UTF-16 (a BOM at the start is dropped) as UTF-8, strictly: unpaired surrogates and NUL
 * characters are not text. Each chunk is transcoded on its own (an odd byte or a high surrogate
 * at its end waits for the next); a chunk of ASCII characters only — most of a CSV file — is
 * copied byte by byte to its ASCII bytes, with no text made.
 */
async function* decodeUtf16(chunks: AsyncIterable<Uint8Array>, name: string, start: number, encoding: 'utf-16le' | 'utf-16be', bom: boolean): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const low = encoding === 'utf-16le' ? 0 : 1; // the byte of a code unit that holds an ASCII character
  let units = 0; // code units before the current piece: two bytes each
  let carry: Uint8Array = new Uint8Array(0);
  let first = bom;
  const unitsAt = (k: number): number => start + (bom ? 2 : 0) + 2 * (units + k);
  for await (const chunk of chunks) {
    let bytes = concatBytes(carry, chunk);
    if (first && bytes.length >= 2) {
      bytes = bytes.subarray(2); // the BOM
      first = false;
    }
    let even = bytes.length & ~1;
    // A high surrogate at the end waits for its low half.
    const last = even >= 2 ? (low === 0 ? bytes[even - 1]! : bytes[even - 2]!) : 0;
    if (last >= 0xd8 && last <= 0xdb) even -= 2;
    carry = bytes.slice(even);
    const body = bytes.subarray(0, even);
    const ascii = asciiOfUtf16(body, low);
    if (ascii !== undefined) {
      const nul = ascii.indexOf(0);
      if (nul !== -1) throw notText(name, unitsAt(nul));
      units += ascii.length;
      if (ascii.length > 0) yield ascii;
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      throw notText(name, unitsAt(unpairedSurrogate(body, low)));
    }
    const nul = text.indexOf('\0');
    if (nul !== -1) throw notText(name, unitsAt(nul));
    units += text.length;
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  if (carry.length > 0) throw notText(name, unitsAt(0)); // half a character, or a lone high surrogate, at the end
}

/** Index of the first code unit that is half a surrogate pair without its other half (0 when none is found). */
function unpairedSurrogate(body: Uint8Array, low: number): number {
  const n = body.length >> 1;
  const unit = (k: number): number => body[2 * k + low]! | (body[2 * k + 1 - low]! << 8);
  for (let k = 0; k < n; k++) {
    const u = unit(k);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = k + 1 < n ? unit(k + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return k;
      k++;
    } else if (u >= 0xdc00 && u <= 0xdfff) return k;
  }
  return 0;
}

/** The ASCII bytes of UTF-16 code units that are all ASCII (`low`: the index of the byte that holds it), else undefined. */
function asciiOfUtf16(body: Uint8Array, low: number): Uint8Array | undefined {
  const n = body.length >> 1;
  const out = new Uint8Array(n);
  const high = 1 - low;
  for (let k = 0; k < n; k++) {
    const b = body[2 * k + low]!;
    if (b > 0x7f || body[2 * k + high] !== 0) return undefined;
    out[k] = b;
  }
  return out;
}

const LF = 10;

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

/** The trailing bytes of an unfinished multi-byte sequence (what waits for the next chunk). */
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
