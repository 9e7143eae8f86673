// Own code: simple-statistics has no effect sizes.
/**
 * Cohen's d for two independent samples with the pooled standard deviation (Cohen, J.,
 * Statistical Power Analysis for the Behavioral Sciences, 2nd ed. (1988) §2.2.1, eq. 2.2.1 with
 * the pooled s of §2.5):
 *
 *   d = (x̄_a − x̄_b)/s_p,  s_p = √(((n_a − 1)s²_a + (n_b − 1)s²_b)/(n_a + n_b − 2)),
 *
 * s² with ddof = 1. scipy has no Cohen's d; the tests check it against the numpy expression.
 *
 * Undefined cases: an empty sample, or n_a + n_b ≤ 2 (no degrees of freedom for s_p): `null`.
 * Both samples constant (s_p = 0): 0 for the same value, ±Infinity for different ones (the
 * limit, matching Welch's t; Infinity becomes `null` in JSON.stringify).
 */
import { mean, sumOfSquaredDeviations } from '../stats/moments.js';

export function cohensD(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0 || na + nb <= 2) return null;
  const meanA = mean(a);
  const meanB = mean(b);
  const pooledVariance = (sumOfSquaredDeviations(a, meanA) + sumOfSquaredDeviations(b, meanB)) / (na + nb - 2);
  const difference = meanA - meanB;
  if (pooledVariance === 0) return difference === 0 ? 0 : difference > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return difference / Math.sqrt(pooledVariance);
}
