/** Prediction text: the fast formatter must print exactly what String(rounded) prints. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRounded4, writeRounded4 } from '../../src/scoring/format.js';

const reference = (x: number): string => String(Math.round(x * 1e4) / 1e4);

describe('formatRounded4', () => {
  it('matches String(Math.round(x * 1e4) / 1e4) on fixed cases', () => {
    for (const x of [0, -0, 1, -1, 0.5, 72.00004, 72.00005, 66.1449, -3.25, 0.0001, -0.00004, 1e-5, 123456.78901, 99.99995, 0.1 + 0.2]) {
      expect(formatRounded4(x), String(x)).toBe(reference(x));
    }
  });
  it('matches it on random doubles of every magnitude (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => formatRounded4(x) === reference(x)),
      { seed: 42, numRuns: 20000 },
    );
    // Scores and probabilities: the range the whole-part table covers (and just past it).
    fc.assert(
      fc.property(fc.double({ min: -10_001, max: 10_001, noNaN: true }), (x) => formatRounded4(x) === reference(x)),
      { seed: 7, numRuns: 20000 },
    );
    for (let f = 0; f < 10_000; f++) expect(formatRounded4(3 + f / 1e4)).toBe(reference(3 + f / 1e4));
  });
  it('a finite value too large to scale by 1e4 is printed as itself, never as Infinity', () => {
    expect(formatRounded4(5e307)).toBe('5e+307');
    expect(formatRounded4(-1.7e308)).toBe('-1.7e+308');
  });
  it('NaN is empty, infinities as String', () => {
    expect(formatRounded4(Number.NaN)).toBe('');
    expect(formatRounded4(Infinity)).toBe('Infinity');
  });
});

describe('writeRounded4', () => {
  const written = (x: number): string => {
    const out = Buffer.alloc(40, 35);
    const n = writeRounded4(x, out, 3);
    expect(out[2]).toBe(35); // nothing written before `at`
    expect(out[3 + n]).toBe(35); // nor past its length
    return Buffer.from(out.subarray(3, 3 + n)).toString('latin1');
  };
  it('writes the bytes of formatRounded4 (fast-check, fixed seed)', () => {
    for (const x of [0, -0, 1, -1, 0.5, 72.00004, 72.00005, 66.1449, -3.25, 0.0001, -0.00004, 1e-5, 123456.78901, 99.99995, 10, 100.1, 5e307, -1.7e308, 9e11, 1e15]) {
      expect(written(x), String(x)).toBe(formatRounded4(x));
    }
    fc.assert(fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => written(x) === formatRounded4(x)), { seed: 9, numRuns: 20000 });
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => written(x) === formatRounded4(x)), { seed: 10, numRuns: 5000 });
    for (let f = 0; f < 10_000; f++) expect(written(-7 - f / 1e4)).toBe(formatRounded4(-7 - f / 1e4));
  });
});
