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
 * Either sample may be raw values or counted (counted.ts): the statistic walks the distinct
 * values, so both give the same result to the bit.
 *
 * Missing values: the caller drops them first. scipy would propagate a NaN into the result;
 * here a NaN in either sample is an error, so it cannot pass unnoticed.
 * Cost: one merge walk over the distinct values, after counting raw samples (a sorted copy
 * unless already sorted, O(n log n)).
 */
import { toCounted, type CountedSample, type NumericSample } from './counted.js';
import { exactKsPValue } from './ks-exact.js';
import { kolmogorovSf } from './kolmogorov-n.js';

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
}

/** 'auto' tries the exact p-value when both samples have at most this many values (scipy MAX_AUTO_N). */
const MAX_EXACT_N = 10_000;

/** max |F_a − F_b| over the pooled values, F = cumulative count / n. */
function ksStatistic(a: CountedSample, b: CountedSample): number {
  const { values: av, counts: ac, n: n1 } = a;
  const { values: bv, counts: bc, n: n2 } = b;
  let i = 0;
  let j = 0;
  let below1 = 0; // values of a ≤ x
  let below2 = 0;
  let maxDiff = 0; // largest F_a − F_b
  let minDiff = 0; // smallest F_a − F_b
  while (i < av.length && j < bv.length) {
    const x = av[i]! <= bv[j]! ? av[i]! : bv[j]!;
    if (av[i] === x) below1 += ac[i++]!;
    if (bv[j] === x) below2 += bc[j++]!;
    const diff = below1 / n1 - below2 / n2;
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

export function ksTwoSample(a: NumericSample, b: NumericSample): KsResult {
  const ca = toCounted(a, 'ksTwoSample: sample a');
  const cb = toCounted(b, 'ksTwoSample: sample b');
  const n1 = ca.n;
  const n2 = cb.n;
  const d = ksStatistic(ca, cb);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const exact = exactKsPValue(n1, n2, d);
    if (exact.success) return { statistic: exact.statistic, pValue: exact.pValue };
  }
  return { statistic: d, pValue: Math.min(Math.max(kolmogorovSf(roundHalfEven((n1 * n2) / (n1 + n2)), d), 0), 1) };
}
