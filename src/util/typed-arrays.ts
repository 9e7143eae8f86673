/** The typed arrays columns are kept in. */
type Column = Float64Array | Int32Array | Uint8Array;

/** An empty array of `array`'s kind with `length` elements. */
const like = <T extends Column>(array: T, length: number): T => new (array.constructor as new (n: number) => T)(length);

/** A typed array of `capacity` elements holding `array`'s (capacity ≥ its length): growable column buffers. */
export function grow<T extends Column>(array: T, capacity: number): T {
  const next = like(array, capacity);
  next.set(array);
  return next;
}

/** The first `n` elements (n ≤ its length): a view when little would be wasted, else a compact copy. */
export function trimTo<T extends Column>(array: T, n: number): T {
  if (array.length === n) return array;
  return (n * 4 >= array.length * 3 ? array.subarray(0, n) : array.slice(0, n)) as T;
}

/** The arrays one after the other (the one array itself when there is one). */
export function concat<T extends Column>(arrays: readonly T[]): T {
  const first = arrays[0];
  if (first === undefined) throw new Error('concat: no arrays (the kind of the result is unknown)');
  if (arrays.length === 1) return first;
  const length = arrays.reduce((n, a) => n + a.length, 0);
  const out = like(first, length);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
