// Own code: simple-statistics has no analysis of variance or F distribution.
/**
 * One-way analysis of variance, the F test of equal group means: scipy.stats.f_oneway(*groups).
 *
 *   F = (SS_between/(k − 1)) / (SS_within/(N − k)),  p = Pr(F_{k−1, N−k} ≥ F)
 *
 * over k groups of N values in all (Fisher 1925; the sums in anova-sums.ts).
 *
 * Undefined cases (scipy returns NaN or raises), so that a caller never has to catch:
 * - empty groups are dropped (groups.ts); fewer than 2 groups left, or no group with 2 or more
 *   values (N − k = 0: no within-group variance to compare with): `null`, skip the test;
 * - every group constant (SS_within = 0): different values give F = ∞, p = 0 as scipy; all
 *   values identical (scipy: NaN) give F = 0, p = 1 — no evidence of a difference. An F of
 *   Infinity becomes `null` in JSON.stringify: the caller renders it.
 */
import { anovaSums } from './anova-sums.js';
import { fSf } from '../stats/f-distribution.js';
import type { Groups } from './groups.js';

export interface OneWayAnovaResult {
  readonly statistic: number;
  /** k − 1. */
  readonly df1: number;
  /** N − k. */
  readonly df2: number;
  readonly pValue: number;
}

export function oneWayAnova(groups: Groups): OneWayAnovaResult | null {
  const { groupCount, total, ssBetween, ssWithin } = anovaSums(groups);
  const df1 = groupCount - 1;
  const df2 = total - groupCount;
  if (df1 < 1 || df2 < 1) return null;
  if (ssWithin === 0) {
    return ssBetween === 0 ? { statistic: 0, df1, df2, pValue: 1 } : { statistic: Number.POSITIVE_INFINITY, df1, df2, pValue: 0 };
  }
  const statistic = ssBetween / df1 / (ssWithin / df2);
  return { statistic, df1, df2, pValue: fSf(statistic, df1, df2) };
}
