import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../src/data/table.js';
import { binCounts, psi, quantileBins } from '../../src/drift/index.js';
import { SlidingPsi, windowReference } from '../../src/drift/sliding-psi.js';
import { bell } from '../helpers/bell.js';
import { close } from '../helpers/close.js';

const numeric = (name: string, values: ArrayLike<number>): Column => ({ kind: 'numeric', name, values: Float64Array.from(values) });
const categorical = (name: string, values: readonly (string | null)[]): Column => {
  const dictionary = [...new Set(values.filter((v): v is string => v !== null))];
  return { kind: 'categorical', name, codes: Int32Array.from(values, (v) => (v === null ? -1 : dictionary.indexOf(v))), dictionary };
};
const table = (...columns: Column[]): Table => ({ rowCount: columns[0]!.kind === 'numeric' ? columns[0]!.values.length : columns[0]!.codes.length, columns });
const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('SlidingPsi', () => {
  const score = { name: 'score', type: 'numeric' as const };
  const lunch = { name: 'lunch', type: 'categorical' as const, categories: ['free/reduced', 'standard'] };

  it('gives the PSI spm drift computes on the same rows: reference deciles, numpy value', () => {
    // The numpy reference of tests/drift/drift-stats.test.ts: reference bell(37, 101), batch bell(41, 200, 0.3):
    // e = np.bincount(np.digitize(ref, cuts)); a likewise; np.sum((a − e)·log(a/e)) on shares = 0.5276440150209863
    const window = new SlidingPsi(windowReference([score], table(numeric('score', bell(37, 101)))), 200);
    window.add(table(numeric('score', bell(41, 200, 0.3))), all(200));
    expect(window.rows).toBe(200);
    close(window.psi()[0]!.psi, 0.5276440150209863, 1e-12);
  });

  it('holds only the last N rows: older ones slide out of their bins', () => {
    const ref = bell(37, 101);
    const window = new SlidingPsi(windowReference([score], table(numeric('score', ref))), 200);
    // 150 rows like the reference, then the 200 shifted rows in two tables: only those remain.
    window.add(table(numeric('score', bell(5, 150))), all(150));
    const shifted = bell(41, 200, 0.3);
    window.add(table(numeric('score', shifted.subarray(0, 70))), all(70));
    window.add(table(numeric('score', shifted.subarray(70))), all(130));
    expect(window.rows).toBe(200);
    close(window.psi()[0]!.psi, 0.5276440150209863, 1e-12);
    // Half way: the window is the last 100 of the 150, then 100 shifted rows.
    const half = new SlidingPsi(windowReference([score], table(numeric('score', ref))), 200);
    const early = bell(5, 150);
    half.add(table(numeric('score', early)), all(150));
    half.add(table(numeric('score', shifted.subarray(0, 100))), all(100));
    const cuts = quantileBins(ref);
    const expected = psi(binCounts(ref, cuts), binCounts(Float64Array.from([...early.subarray(50), ...shifted.subarray(0, 100)]), cuts));
    close(half.psi()[0]!.psi, expected, 1e-12);
  });

  it('adds only the rows it is given (the scored ones) and leaves missing values out of every bin', () => {
    const ref = bell(37, 101);
    const window = new SlidingPsi(windowReference([score], table(numeric('score', ref))), 1000);
    const batch = Float64Array.from(bell(41, 200, 0.3));
    const withGaps = Float64Array.from([...batch.subarray(0, 100), Number.NaN, 99, ...batch.subarray(100)]);
    // Row 101 (the 99) is a reject: not in the list; row 100 is missing.
    window.add(table(numeric('score', withGaps)), all(withGaps.length).filter((i) => i !== 101));
    expect(window.rows).toBe(201);
    close(window.psi()[0]!.psi, 0.5276440150209863, 1e-12);
  });

  it('counts categories by name whatever a table codes them as, and new categories in one bin of their own', () => {
    const reference = table(categorical('lunch', ['standard', 'standard', 'standard', 'free/reduced']));
    const features = windowReference([lunch], reference);
    expect(Array.from(features[0]!.reference)).toEqual([1, 3, 0]);
    const window = new SlidingPsi(features, 10);
    // Coded the other way round, one missing, two values the model never saw.
    window.add(table(categorical('lunch', ['free/reduced', 'standard', null, 'paid', 'none'])), all(5));
    // shares e = [0.25, 0.75, 1e-4 (clipped)], a = [0.25, 0.25, 0.5]
    const expected = (0.25 - 0.75) * Math.log(0.25 / 0.75) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    close(window.psi()[0]!.psi, expected, 1e-12);
    expect(window.psi()[0]!.psi).toBe(psi([1, 3, 0], [1, 1, 2]));
  });

  it('is NaN for a feature the window holds no value of (a table without the column: missing)', () => {
    const window = new SlidingPsi(windowReference([score, lunch], table(numeric('score', [1, 2, 3]), categorical('lunch', ['standard', 'free/reduced', 'standard']))), 5);
    expect(window.psi().map((f) => f.psi)).toEqual([Number.NaN, Number.NaN]);
    window.add(table(categorical('lunch', ['standard'])), [0]);
    const [s, l] = window.psi();
    expect(s!.psi).toBeNaN();
    expect(l!.psi).toBe(psi([1, 2, 0], [0, 1, 0]));
  });

  it('refuses a window of no rows', () => {
    expect(() => new SlidingPsi([], 0)).toThrow('SlidingPsi: size must be a positive integer, got 0');
  });
});
