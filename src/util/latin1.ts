/** Latin-1 bytes [start, end) as text: for ASCII, each byte is its character (one native copy). */
export const latin1 = (bytes: Uint8Array, start: number, end: number): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', start, end);
