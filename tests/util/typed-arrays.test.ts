/** Column buffer helpers: trimTo (the first n elements, as a view or a compact copy) and concat. */
import { describe, expect, it } from 'vitest';
import { concat, trimTo } from '../../src/util/typed-arrays.js';

describe('trimTo', () => {
  it('gives the array itself when it already has n elements', () => {
    const a = new Float64Array([1, 2, 3]);
    expect(trimTo(a, 3)).toBe(a);
  });

  it('gives a view sharing the buffer when at least 3/4 of it is kept', () => {
    const a = new Int32Array([1, 2, 3, 4]);
    const t = trimTo(a, 3);
    expect(Array.from(t)).toEqual([1, 2, 3]);
    expect(t.buffer).toBe(a.buffer);
  });

  it('gives a compact copy of the same kind when less than 3/4 is kept', () => {
    const a = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const t = trimTo(a, 2);
    expect(t).toBeInstanceOf(Uint8Array);
    expect(Array.from(t)).toEqual([1, 2]);
    expect(t.buffer).not.toBe(a.buffer);
    expect(t.buffer.byteLength).toBe(2);
  });
});

describe('concat', () => {
  it('joins arrays of one kind in order, and gives a single array back as is', () => {
    const a = new Int32Array([1, 2]);
    expect(Array.from(concat([a, new Int32Array([3]), new Int32Array(0)]))).toEqual([1, 2, 3]);
    expect(concat([a])).toBe(a);
  });

  it('refuses no arrays at all: the kind of the result would be unknown', () => {
    expect(() => concat([])).toThrow('concat: no arrays');
  });
});
