// Own code: simple-statistics' wilcoxonRankSum gives the rank sum only, without the tie-corrected p-value.
/**
 * Mann–Whitney U test (Wilcoxon rank-sum), two-sided, by the normal approximation with
 * continuity and tie corrections: scipy.stats.mannwhitneyu(a, b, alternative='two-sided',
 * method='asymptotic', use_continuity=True) (Mann, H.B. & Whitney, D.R., Ann. Math. Stat. 18
 * (1947) 50–60; tie-corrected variance from Hollander, Wolfe & Chicken, Nonparametric
 * Statistical Methods, 3rd ed. (2014) §4.1):
 *
 *   U_a = R_a − n_a(n_a + 1)/2,  R_a the sum of a's ranks in the pooled sample (ties averaged),
 *   σ² = n_a n_b/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))),  N = n_a + n_b,
 *   z = (max(U_a, n_a n_b − U_a) − n_a n_b/2 − ½)/σ,  p = min(1, 2·Pr(Z ≥ z)).
 *
 * The statistic reported is U_a, as scipy reports it (n_a n_b − U_a is b's).
 *
 * Undefined cases: an empty sample gives `null` (skip the test). All N values identical makes
 * σ = 0; scipy's arithmetic then gives z = −∞ and p = 1, and so does this (U_a = n_a n_b/2).
 */
import { averageRanks } from '../stats/average-ranks.js';
import { pooled } from './groups.js';
import { normalSf } from '../stats/normal-sf.js';

export interface MannWhitneyUResult {
  /** U of the first sample. */
  readonly statistic: number;
  readonly pValue: number;
}

export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyUResult | null {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return null;
  const n = na + nb;
  const { ranks, tieTerm } = averageRanks(pooled([a, b], n));
  let rankSumA = 0;
  for (let i = 0; i < na; i++) rankSumA += ranks[i]!;
  const statistic = rankSumA - (na * (na + 1)) / 2;
  const variance = ((na * nb) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { statistic, pValue: 1 };
  const larger = Math.max(statistic, na * nb - statistic);
  const z = (larger - (na * nb) / 2 - 0.5) / Math.sqrt(variance);
  return { statistic, pValue: Math.min(1, 2 * normalSf(z)) };
}
