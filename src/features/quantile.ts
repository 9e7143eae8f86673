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
