import { describe, expect, it } from 'vitest';
import { kFold, trainTestSplit, type SplitIndices } from '../../src/data/split.js';
import { SpmError } from '../../src/errors.js';
import { createRng } from '../../src/util/rng.js';

/** Checks that train and test are disjoint, sorted ascending and together cover 0..n−1. */
function expectPartition({ train, test }: SplitIndices, n: number): void {
  expect(train.length + test.length).toBe(n);
  const seen = new Uint8Array(n);
  for (const part of [train, test]) {
    for (let i = 0; i < part.length; i++) {
      if (i > 0) expect(part[i]!).toBeGreaterThan(part[i - 1]!);
      expect(seen[part[i]!]).toBe(0);
      seen[part[i]!] = 1;
    }
  }
}

/** Class codes with the given counts, in a shuffled order. */
function strata(counts: readonly number[], seed = 9): Int32Array {
  const codes = counts.flatMap((c, k) => Array<number>(c).fill(k));
  const rng = createRng(seed);
  for (let i = codes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  return Int32Array.from(codes);
}

const countIn = (rows: Uint32Array, s: Int32Array, code: number): number => rows.filter((i) => s[i] === code).length;

describe('trainTestSplit', () => {
  it('takes ceil(test_size·n) test rows, disjoint from train and covering all rows', () => {
    const split = trainTestSplit(101, { testSize: 0.2, seed: 42 });
    expect(split.test.length).toBe(21); // sklearn: ceil(0.2 * 101)
    expectPartition(split, 101);
    expect(trainTestSplit(50, { testSize: 7, seed: 1 }).test.length).toBe(7);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = trainTestSplit(1000, { testSize: 0.25, seed: 7 });
    const b = trainTestSplit(1000, { testSize: 0.25, seed: 7 });
    const c = trainTestSplit(1000, { testSize: 0.25, seed: 8 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('stratifies: every class keeps its share in the test set', () => {
    const s = strata([700, 200, 90, 10]);
    const split = trainTestSplit(s.length, { testSize: 0.2, seed: 3, strata: s });
    expectPartition(split, s.length);
    expect([0, 1, 2, 3].map((c) => countIn(split.test, s, c))).toEqual([140, 40, 18, 2]);
    expect(split.test.length).toBe(200);
  });

  it('gives every class with ≥ 2 rows a test row, keeps singletons in train', () => {
    const s = strata([95, 2, 2, 1]);
    const split = trainTestSplit(s.length, { testSize: 0.1, seed: 5, strata: s });
    expectPartition(split, s.length);
    expect(countIn(split.test, s, 1)).toBe(1);
    expect(countIn(split.test, s, 2)).toBe(1);
    expect(countIn(split.test, s, 3)).toBe(0);
    expect(countIn(split.train, s, 1)).toBe(1);
  });

  it('rejects too few rows and a bad test size with the param to change', () => {
    expect(() => trainTestSplit(1, { testSize: 0.2, seed: 1 })).toThrow(/cannot split 1 row into train and test/);
    expect(() => trainTestSplit(10, { testSize: 10, seed: 1 })).toThrow(SpmError);
    expect(() => trainTestSplit(10, { testSize: 1.5, seed: 1 })).toThrow(/split.test_size must be a fraction in \(0, 1\)/);
    expect(() => trainTestSplit(10, { testSize: 0, seed: 1 })).toThrow(SpmError);
    expect(() => trainTestSplit(3, { testSize: 0.5, seed: 1, strata: Int32Array.from([0, 1, 2]) })).toThrow(
      /no class has the 2 rows a stratified split needs/,
    );
  });
});

describe('kFold', () => {
  it('partitions the rows: test sets disjoint and covering, each fold a partition', () => {
    const n = 103;
    const folds = kFold(n, { folds: 5, seed: 42 });
    expect(folds.map((f) => f.test.length)).toEqual([21, 21, 21, 20, 20]); // sklearn KFold sizes
    const seen = new Uint8Array(n);
    for (const f of folds) {
      expectPartition(f, n);
      for (const i of f.test) seen[i]! += 1;
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = kFold(200, { folds: 4, seed: 1 }).map((f) => Array.from(f.test));
    const b = kFold(200, { folds: 4, seed: 1 }).map((f) => Array.from(f.test));
    const c = kFold(200, { folds: 4, seed: 2 }).map((f) => Array.from(f.test));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const s = strata([120, 80]);
    expect(kFold(200, { folds: 4, seed: 1, strata: s }).map((f) => Array.from(f.test))).toEqual(
      kFold(200, { folds: 4, seed: 1, strata: s }).map((f) => Array.from(f.test)),
    );
  });

  it('stratified folds keep each class within one row of its share', () => {
    const counts = [503, 301, 97, 12];
    const s = strata(counts);
    const folds = kFold(s.length, { folds: 5, seed: 11, strata: s });
    const seen = new Uint8Array(s.length);
    for (const f of folds) {
      expectPartition(f, s.length);
      for (const i of f.test) seen[i]! += 1;
      counts.forEach((count, c) => {
        const inFold = countIn(f.test, s, c);
        expect(inFold === Math.floor(count / 5) || inFold === Math.ceil(count / 5)).toBe(true);
      });
    }
    expect(seen.every((v) => v === 1)).toBe(true);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('names the class that has fewer rows than folds', () => {
    const s = strata([50, 30, 3]);
    const run = (): unknown => kFold(s.length, { folds: 5, seed: 1, strata: s, classNames: ['pass', 'fail', 'withdrawn'] });
    expect(run).toThrow(/class "withdrawn" has 3 rows, fewer than the 5 cross-validation folds/);
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(SpmError);
      expect((e as SpmError).hint).toMatch(/lower train.cv.folds to at most 3/);
    }
  });

  it('rejects fewer rows than folds and invalid fold counts', () => {
    expect(() => kFold(3, { folds: 5, seed: 1 })).toThrow(/cannot make 5 cross-validation folds from 3 training rows/);
    expect(() => kFold(10, { folds: 1, seed: 1 })).toThrow(/train.cv.folds must be a whole number >= 2/);
    expect(() => kFold(10, { folds: 2.5, seed: 1 })).toThrow(SpmError);
  });
});
