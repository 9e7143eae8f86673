/**
 * Shared fixtures for the model tests (tree, forest, boosting, linear, logistic): the data
 * generators and fixed datasets their scikit-learn references were computed on, and the small
 * scoring and comparison helpers they use. Each generator draws from the seeded RNG in a fixed
 * order; changing that order changes every reference value computed on its output.
 */
import { expect } from 'vitest';
import type { Matrix } from '../../src/models/matrix.js';
import type { Model } from '../../src/models/model.js';
import { createRng } from '../../src/util/rng.js';

/** Features plus a regression, a binary and a 3-class target for the same rows. */
export interface LabelledData {
  X: Matrix;
  reg: Float64Array;
  bin: Float64Array;
  multi: Float64Array;
}

/**
 * 400 (or n) rows × 5 features on a grid of 200 float32-exact values (k/8, so scikit-learn's
 * float32 copy of X is exact and every feature has < 255 distinct values: binning is lossless).
 * Targets: a nonlinear regression, a binary and a 3-class label. Used by tests/models/tree.test.ts and
 * tests/models/boosting.test.ts; the scikit-learn references in both were computed on its output (dumped
 * to JSON) with scikit-learn 1.2.1.
 */
export function gridData(n: number, seed: number): LabelledData {
  const rng = createRng(seed);
  const cols = 5;
  const X = { rows: n, cols, data: new Float64Array(n * cols) };
  const reg = new Float64Array(n);
  const bin = new Float64Array(n);
  const multi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) X.data[i * cols + j] = rng.int(200) / 8;
    const x = X.data.subarray(i * cols, i * cols + cols);
    const f = 10 * Math.sin((x[0]! * x[1]!) / 40) + 0.1 * (x[2]! - 12) ** 2 + 2 * x[3]!;
    reg[i] = f + rng.normal();
    bin[i] = rng.next() < 1 / (1 + Math.exp(-(f - 25) / 4)) ? 1 : 0;
    const g = f + 3 * rng.normal();
    multi[i] = g < 18 ? 0 : g < 32 ? 1 : 2;
  }
  return { X, reg, bin, multi };
}

/**
 * Friedman #1 (Friedman 1991, "Multivariate adaptive regression splines"): 10 uniform features,
 * 5 informative; y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1); a binary label
 * drawn with P(1) = σ((f − 14) / 2) and a 3-class label cutting f + N(0, 2²) at 11 and 17.
 * Used by tests/models/forest.test.ts and tests/models/boosting.test.ts; the scikit-learn scores in
 * tests/models/forest.test.ts were computed on its output (train = friedman(2000, 21),
 * test = friedman(1000, 22)) with scikit-learn 1.2.1.
 */
export function friedman(n: number, seed: number): LabelledData {
  const rng = createRng(seed);
  const cols = 10;
  const X = { rows: n, cols, data: new Float64Array(n * cols) };
  const reg = new Float64Array(n);
  const bin = new Float64Array(n);
  const multi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) X.data[i * cols + j] = rng.next();
    const x = X.data.subarray(i * cols, i * cols + cols);
    const f = 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]!;
    reg[i] = f + rng.normal();
    bin[i] = rng.next() < 1 / (1 + Math.exp(-(f - 14) / 2)) ? 1 : 0;
    const g = f + 2 * rng.normal();
    multi[i] = g < 11 ? 0 : g < 17 ? 1 : 2;
  }
  return { X, reg, bin, multi };
}

/**
 * Fixed 24-row dataset shared by tests/models/linear.test.ts and tests/models/logistic.test.ts
 * (Python, numpy 1.24): rng = np.random.default_rng(7); num = round(normal((24, 3)), 2);
 * cat = shuffled [i % 3]; X = [num, one_hot(cat)] (6 columns; the one-hot block is collinear with
 * the intercept); then (same rng, in this order)
 * y = round(3 + 2·x0 − x1 + 0.5·x2 + [0, 1.5, −1][cat] + normal(0, 0.5), 2);
 * z = 0.3 + 1.2·x0 − 0.8·x1 + [0, 0.7, −0.5][cat] + normal(); yb = z > 0;
 * s = [x0 + 0.5·cat, −x1, 0.7·x2 − 0.4·cat]; ym = argmax(s + normal(0, 0.8, (24, 3)));
 * w = round(uniform(0.5, 2, 24), 2).
 * ROWS is X; Y, YB, YM and W below are y, yb, ym and w.
 */
export const ROWS = [
  [0.0, 0.3, -0.27, 0, 0, 1], [-0.89, -0.45, -0.99, 1, 0, 0], [0.06, 1.34, -0.49, 0, 0, 1],
  [-0.62, 0.49, 0.36, 0, 1, 0], [0.11, -0.93, -0.03, 0, 1, 0], [0.7, -1.34, -0.46, 1, 0, 0],
  [-1.9, -1.29, -1.84, 0, 1, 0], [-0.24, -1.27, 0.27, 1, 0, 0], [0.16, -0.19, -2.52, 0, 1, 0],
  [-0.54, -0.05, 0.11, 0, 0, 1], [-1.53, -0.48, -0.98, 0, 0, 1], [-0.81, 1.06, -0.81, 0, 1, 0],
  [-0.03, 0.88, -0.58, 1, 0, 0], [-0.11, 0.11, 0.06, 0, 1, 0], [-1.23, 0.08, 1.36, 1, 0, 0],
  [-1.55, 0.86, 0.12, 0, 0, 1], [-0.64, 2.0, 0.76, 1, 0, 0], [-1.2, 0.07, 0.58, 0, 1, 0],
  [-0.19, 0.68, -0.07, 0, 0, 1], [0.67, 1.44, -0.68, 1, 0, 0], [0.2, -0.46, 0.13, 0, 0, 1],
  [-1.19, -0.58, -0.2, 0, 1, 0], [0.9, 1.15, -1.32, 0, 0, 1], [-0.79, 0.65, -1.99, 1, 0, 0],
];
/** Regression target of ROWS. */
export const Y = [
  1.89, 1.16, 0.87, 2.78, 6.16, 5.51, 1.36, 3.28, 3.92, 0.18, -2.09, 1.26, 1.32, 4.28, 2.26, -2.32, -0.21,
  2.42, 1.15, 2.47, 2.82, 2.95, 2.25, -0.74,
];
/** Binary label of ROWS. */
export const YB = [0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0];
/** 3-class label of ROWS. */
export const YM = [0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 2, 0, 2, 0, 0, 0, 0, 1, 0, 2];
/** Sample weights of ROWS. */
export const W = [
  0.67, 1.44, 1.7, 0.97, 1.79, 1.7, 0.69, 1.65, 1.82, 0.8, 1.36, 1.46, 1.41, 0.64, 1.49, 1.45, 1.74, 1.71,
  0.99, 1.58, 1.8, 1.84, 0.74, 0.54,
];

/** A row-major matrix from an array of equally long rows. */
export function matrix(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]!.length;
  return { rows: rows.length, cols, data: Float64Array.from(rows.flat()) };
}

/** Column k of a matrix. */
export const column = (m: Matrix, k: number): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + k]!);

/** [Σ p, Σ p², Σ (i+1)·p] of a flat row-major array: pins every value and its position. */
export function digest(p: ArrayLike<number>): [number, number, number] {
  let s = 0;
  let s2 = 0;
  let si = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i]!;
    s2 += p[i]! * p[i]!;
    si += (i + 1) * p[i]!;
  }
  return [s, s2, si];
}

/** Asserts digest(p) equals expected to 7 decimal places, component by component. */
export function expectDigest(p: ArrayLike<number>, expected: [number, number, number]): void {
  const d = digest(p);
  for (let k = 0; k < 3; k++) expect(d[k]).toBeCloseTo(expected[k], 7);
}

/** Asserts the same length and |actual[i] − expected[i]| < tol for every i. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tol);
}

/** Coefficient of determination R² of predictions p for targets y. */
export function r2(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]! / y.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i]! - p[i]!) ** 2;
    tot += (y[i]! - mean) ** 2;
  }
  return 1 - res / tot;
}

/** ROC AUC as the Mann–Whitney U statistic over midranks. */
export function auc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  const rank = new Float64Array(y.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]!] === score[idx[i]!]) j++;
    for (let k = i; k <= j; k++) rank[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      pos++;
      sum += rank[i]!;
    }
  }
  return (sum - (pos * (pos + 1)) / 2) / (pos * (y.length - pos));
}

/** base + Σ contributions, per row. */
export function explainedTotals(model: Model, X: Matrix, classIndex?: Int32Array): Float64Array {
  const e = model.explain(X, classIndex);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = e.base[i]!;
    for (let j = 0; j < X.cols; j++) s += e.values.data[i * X.cols + j]!;
    out[i] = s;
  }
  return out;
}
