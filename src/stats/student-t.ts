// Own code: simple-statistics' tTest and tTestTwoSample return t, not its distribution or a p-value.
/**
 * Student's t distribution with ν degrees of freedom (ν > 0, not necessarily an integer, as
 * Welch's test needs): the survival function Pr(T ≥ t) (scipy.stats.t.sf(t, ν)) and the
 * two-sided p-value Pr(|T| ≥ |t|) = 2·t.sf(|t|, ν) that scipy's t-tests report.
 *
 * Abramowitz & Stegun 26.7.1 with 26.5.27: Pr(|T| ≥ |t|) = I_x(ν/2, ½), x = ν/(ν + t²), the
 * regularized incomplete beta (regularized-beta.ts), with 1 − x = t²/(ν + t²) passed as computed
 * so that the tiny tails of large t and the near-½ values of small t both keep full precision.
 * Beyond |t| ≈ 1e154 (t² overflows) the leading term of the series is used; scipy 1.10 returns
 * 0 there even where the tail is a double (ν = 1: Pr(T ≥ 1e200) = 3.2e-201).
 */
import { logBeta } from './log-beta.js';
import { regularizedBetaPair } from './regularized-beta.js';

/** Pr(|T_ν| ≥ |t|). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  const abs = Math.abs(t);
  if (abs === Number.POSITIVE_INFINITY) return 0;
  const t2 = t * t;
  if (t2 === Number.POSITIVE_INFINITY) {
    // |t| > 1e154: x = ν/t² may underflow, but I_x(a, ½) = x^a/(a·B(a, ½))·(1 + O(x)) with O(x)
    // below 1e-300, so the leading term, taken in logs, is the value to double precision.
    const a = df / 2;
    return Math.exp(a * (Math.log(df) - 2 * Math.log(abs)) - Math.log(a) - logBeta(a, 0.5));
  }
  const denominator = df + t2;
  return regularizedBetaPair(df / denominator, t2 / denominator, df / 2, 0.5);
}

/** Pr(T_ν ≥ t), the survival function (scipy.stats.t.sf(t, df)). */
export function studentTSf(t: number, df: number): number {
  const tail = 0.5 * studentTTwoSidedP(t, df);
  return t >= 0 ? tail : 1 - tail;
}
