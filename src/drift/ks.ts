/**
 * Two-sample Kolmogorov–Smirnov test, two-sided: scipy.stats.ks_2samp(a, b) with its defaults
 * (alternative='two-sided', method='auto'), replicated from the scipy 1.17 source.
 *
 * - Statistic: D = sup_x |F_a(x) − F_b(x)| over the empirical CDFs, evaluated after every run of
 *   tied values (scipy's searchsorted(side='right')), as the difference i/n1 − j/n2 in doubles.
 * - p-value, method 'auto': exact when max(n1, n2) ≤ 10 000 (Hodges 1958, see ks-exact.ts; the
 *   statistic is then snapped to the lattice, h/lcm(n1, n2), as scipy returns it); otherwise, or
 *   when the exact computation leaves [0, 1], Pr(D_n ≥ D) for the one-sample Kolmogorov
 *   distribution with n = round(n1·n2/(n1 + n2)) (scipy's kstwo.sf, see kolmogorov-n.ts).
 * Ties are handled as scipy handles them: the statistic is computed on the tied data and the
 * p-value still assumes continuous distributions (so it is conservative with many ties).
 *
 * Missing values: the caller drops them first. scipy would propagate a NaN into the result;
 * here a NaN in either sample is an error, so it cannot pass unnoticed.
 * Cost: two sorted copies (Float64Array.prototype.sort) and one merge walk, O(n log n).
 */
import { sortedValues } from './sorted.js';
import { exactKsPValue } from './ks-exact.js';
import { kolmogorovSf } from './kolmogorov-n.js';

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
}

/** 'auto' tries the exact p-value when both samples have at most this many values (scipy MAX_AUTO_N). */
const MAX_EXACT_N = 10_000;

/** max |F_a − F_b| over the pooled values, both sorted ascending. */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxDiff = 0; // largest F_a − F_b
  let minDiff = 0; // smallest F_a − F_b
  while (i < n1 && j < n2) {
    const x = a[i]! <= b[j]! ? a[i]! : b[j]!;
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    else if (diff < minDiff) minDiff = diff;
  }
  // Once one sample is used up the other's CDF only climbs towards 1: |diff| shrinks.
  return Math.max(maxDiff, Math.min(-minDiff, 1));
}

/** numpy's round: halves go to the even neighbour (n1 = n2 = 10 001 gives n = 5000, not 5001). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function ksTwoSample(a: Float64Array, b: Float64Array): KsResult {
  const sa = sortedValues(a, 'ksTwoSample: sample a');
  const sb = sortedValues(b, 'ksTwoSample: sample b');
  const n1 = sa.length;
  const n2 = sb.length;
  const d = ksStatistic(sa, sb);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const exact = exactKsPValue(n1, n2, d);
    if (exact.success) return { statistic: exact.statistic, pValue: exact.pValue };
  }
  return { statistic: d, pValue: Math.min(Math.max(kolmogorovSf(roundHalfEven((n1 * n2) / (n1 + n2)), d), 0), 1) };
}
