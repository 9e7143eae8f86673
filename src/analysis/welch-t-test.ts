// Own code: simple-statistics' tTestTwoSample is the pooled-variance t, without Welch's df or a p-value.
/**
 * Welch's unequal-variances t-test, two-sided: scipy.stats.ttest_ind(a, b, equal_var=False)
 * (Welch, B.L., "The generalization of 'Student's' problem when several different population
 * variances are involved", Biometrika 34 (1947) 28–35):
 *
 *   t = (x̄_a − x̄_b) / √(s²_a/n_a + s²_b/n_b),
 *   ν = (s²_a/n_a + s²_b/n_b)² / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1))   (Welch–Satterthwaite),
 *   p = Pr(|T_ν| ≥ |t|),
 *
 * with s² the sample variances (ddof = 1).
 *
 * Undefined cases, chosen so that a caller comparing many columns never has to catch:
 * - a sample with fewer than 2 values (no variance; scipy gives NaN): `null`, skip the test;
 * - both samples constant (s²_a = s²_b = 0): scipy's ν = 1 is kept; different values give
 *   t = ±∞ and p = 0 as scipy; the same value (scipy: NaN) gives t = 0, p = 1 — no evidence of
 *   a difference. A t of ±Infinity becomes `null` in JSON.stringify: the caller renders it.
 */
import { mean, sumOfSquaredDeviations } from '../stats/moments.js';
import { studentTTwoSidedP } from '../stats/student-t.js';

export interface WelchTTestResult {
  /** t, positive when a's mean is the larger. */
  readonly statistic: number;
  /** Welch–Satterthwaite degrees of freedom (not an integer in general). */
  readonly df: number;
  readonly pValue: number;
}

export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchTTestResult | null {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return null;
  const meanA = mean(a);
  const meanB = mean(b);
  const va = sumOfSquaredDeviations(a, meanA) / (na - 1) / na;
  const vb = sumOfSquaredDeviations(b, meanB) / (nb - 1) / nb;
  const pooled = va + vb;
  if (pooled === 0) {
    if (meanA === meanB) return { statistic: 0, df: 1, pValue: 1 };
    return { statistic: meanA > meanB ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, df: 1, pValue: 0 };
  }
  const df = (pooled * pooled) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  const statistic = (meanA - meanB) / Math.sqrt(pooled);
  return { statistic, df, pValue: studentTTwoSidedP(statistic, df) };
}
