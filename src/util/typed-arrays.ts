/** A typed array of `capacity` elements holding `array`'s (capacity ≥ its length): growable column buffers. */
export function grow<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  const next = (array instanceof Float64Array ? new Float64Array(capacity) : new Int32Array(capacity)) as T;
  next.set(array);
  return next;
}
