/** Content hashing for version ids and output verification (SPEC §5). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * sha256 of bytes on libuv's thread pool (WebCrypto's digest runs there, not on this thread),
 * so the caller can go on working while a large output is hashed; small data is hashed here.
 */
export async function sha256Async(data: Uint8Array): Promise<string> {
  if (data.byteLength < 1 << 20) return sha256(data);
  const { webcrypto } = await import('node:crypto');
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}

/** sha256 of a file, streamed so large data files do not load into memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * JSON with object keys sorted at every level, so that equal values always hash equally
 * whatever order a params file or a code path wrote them in.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * A copy of `value` with object keys sorted at every level. Keys are defined, not assigned, so
 * a key named `__proto__` stays an ordinary key.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, { value: sortKeys((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Length of a version id in hex characters (48 bits: collisions are not a practical concern). */
export const ID_LENGTH = 12;

/** A version id derived from everything that determines a stage's outputs. */
export const contentId = (content: unknown): string => sha256(stableStringify(content)).slice(0, ID_LENGTH);
