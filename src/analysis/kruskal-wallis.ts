// Own code: simple-statistics has no Kruskal–Wallis test.
/**
 * Kruskal–Wallis H test, the rank analogue of one-way ANOVA: scipy.stats.kruskal(*groups)
 * (Kruskal, W.H. & Wallis, W.A., "Use of ranks in one-criterion variance analysis", JASA 47
 * (1952) 583–621; tie correction from Hollander, Wolfe & Chicken, Nonparametric Statistical
 * Methods, 3rd ed. (2014) §6.1):
 *
 *   H = [12/(N(N + 1)) · Σ_g n_g (R̄_g − (N + 1)/2)²] / (1 − Σ(t³ − t)/(N³ − N)),
 *   p = Pr(χ²_{k−1} ≥ H),
 *
 * with R̄_g the mean rank of group g in the pooled sample (ties averaged). scipy computes the
 * same bracket as 12/(N(N+1)) Σ R_g²/n_g − 3(N + 1), which cancels when H is small against N;
 * the centred form here agrees with it to that cancellation (about 1e-13·N relative).
 *
 * Undefined cases, so that a caller never has to catch: empty groups are dropped (groups.ts);
 * fewer than 2 groups left gives `null` (skip the test). All values identical (scipy raises
 * "All numbers are identical") gives H = 0, p = 1 — no evidence of a difference.
 */
import { averageRanks } from '../stats/average-ranks.js';
import { chiSquareSf } from '../stats/gamma-q.js';
import { nonEmptyGroups, pooled, type Groups } from './groups.js';

export interface KruskalWallisResult {
  readonly statistic: number;
  /** k − 1. */
  readonly df: number;
  readonly pValue: number;
}

export function kruskalWallis(groups: Groups): KruskalWallisResult | null {
  const kept = nonEmptyGroups(groups);
  const df = kept.groups.length - 1;
  if (df < 1) return null;
  const n = kept.total;
  const { ranks, tieTerm } = averageRanks(pooled(kept.groups, n));
  const tieCorrection = 1 - tieTerm / (n * n * n - n);
  if (!(tieCorrection > 0)) return { statistic: 0, df, pValue: 1 };
  const centre = (n + 1) / 2;
  let spread = 0;
  let at = 0;
  for (const g of kept.groups) {
    let rankSum = 0;
    for (let i = 0; i < g.length; i++) rankSum += ranks[at++]!;
    spread += g.length * (rankSum / g.length - centre) ** 2;
  }
  const statistic = ((12 / (n * (n + 1))) * spread) / tieCorrection;
  return { statistic, df, pValue: chiSquareSf(statistic, df) };
}
