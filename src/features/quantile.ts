// Own code: simple-statistics' quantileSorted interpolates from the lower end, not numpy's _lerp (tests/features pin np.quantile exactly).
/**
 * Order statistics of sorted samples, matching numpy so that fitted pipelines agree with the
 * pandas + scikit-learn reference to the last bit where possible.
 */
import { lerp } from '../stats/lerp.js';

/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending `sorted` values, numpy's default 'linear' method
 * (Hyndman & Fan type 7): h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * The interpolation is numpy's `_lerp` (src/stats/lerp.ts), which evaluates from the upper end
 * when the weight is ≥ 0.5, so results equal `np.quantile(x, q)` exactly.
 * Empty input gives NaN.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo >= n - 1) return a;
  return lerp(a, sorted[lo + 1]!, h - lo);
}

/**
 * The median of ascending `sorted` values as `np.median` computes it: the middle value, or
 * the mean (a + b) / 2 of the two middle values for an even count. Empty input gives NaN.
 */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Tukey's fences (Tukey 1977, Exploratory Data Analysis §2): [Q1 − 1.5·IQR, Q3 + 1.5·IQR] with
 * IQR = Q3 − Q1, the quartiles by quantileSorted (numpy's default 'linear' method, Hyndman &
 * Fan type 7), so the fences equal `np.quantile(x, [0.25, 0.75])` put through the same formula.
 */
export function iqrFences(sorted: Float64Array): [number, number] {
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return [q1 - 1.5 * iqr, q3 + 1.5 * iqr];
}
