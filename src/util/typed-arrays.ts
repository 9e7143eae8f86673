/** A typed array of `capacity` elements holding `array`'s (capacity ≥ its length): growable column buffers. */
export function grow<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  const next = (array instanceof Float64Array ? new Float64Array(capacity) : new Int32Array(capacity)) as T;
  next.set(array);
  return next;
}

/** The arrays one after the other (the one array itself when there is one). */
export function concat<T extends Float64Array | Int32Array>(arrays: readonly T[]): T {
  if (arrays.length === 1) return arrays[0]!;
  const length = arrays.reduce((n, a) => n + a.length, 0);
  const out = (arrays[0] instanceof Float64Array ? new Float64Array(length) : new Int32Array(length)) as T;
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
