// Own code: simple-statistics' sampleCorrelation gives r = 0.9999999999999998, not scipy's 1.0, for a perfect rank correlation (n = 7), and has no p-value.
/**
 * Pearson's product-moment correlation and its two-sided p-value: scipy.stats.pearsonr(x, y)
 * (Pearson, K., Proc. R. Soc. Lond. 58 (1895) 240–242), and Spearman's ρ, the same coefficient
 * computed on the average ranks (Spearman, C., Am. J. Psychol. 15 (1904) 72–101):
 * scipy.stats.spearmanr(x, y).
 *
 *   r = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² · Σ (y − ȳ)²),
 *   p = Pr(|T_{n−2}| ≥ |r|·√((n − 2)/(1 − r²))) = I_{1−r²}((n − 2)/2, ½)
 *
 * (Student's t with n − 2 degrees of freedom, A&S 26.7.1; scipy's pearsonr writes the same
 * number as 2·Beta(n/2 − 1, n/2 − 1).cdf on [−1, 1], its spearmanr as 2·t.sf). 1 − r² is
 * computed as (1 − |r|)(1 + |r|) so strong correlations keep their tiny p-values.
 *
 * Undefined cases: fewer than 2 pairs, or a constant x or y (scipy: NaN with a warning): `null`,
 * skip it. Two pairs: r = ±1 with p = 1 (scipy's pearsonr; its spearmanr says NaN for p, and
 * p = 1 here too: two points are always perfectly ordered). Lengths that differ are a caller's
 * bug and throw.
 */
import { averageRanks } from './average-ranks.js';
import { mean, sumOfSquaredDeviations } from './moments.js';
import { regularizedBetaPair } from './regularized-beta.js';

export interface PearsonResult {
  readonly r: number;
  readonly pValue: number;
}

export interface SpearmanResult {
  readonly rho: number;
  readonly pValue: number;
}

/** Two-sided p-value of a correlation coefficient r from n pairs (n ≥ 3). */
export function correlationPValue(r: number, n: number): number {
  const abs = Math.abs(r);
  if (abs >= 1) return 0;
  return regularizedBetaPair((1 - abs) * (1 + abs), abs * abs, (n - 2) / 2, 0.5);
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): PearsonResult | null {
  const n = x.length;
  if (y.length !== n) throw new Error(`pearson: x has ${n} values, y has ${y.length}`);
  if (n < 2) return null;
  const meanX = mean(x);
  const meanY = mean(y);
  const ssx = sumOfSquaredDeviations(x, meanX);
  const ssy = sumOfSquaredDeviations(y, meanY);
  if (ssx === 0 || ssy === 0) return null;
  if (n === 2) return { r: Math.sign(x[1]! - x[0]!) * Math.sign(y[1]! - y[0]!), pValue: 1 };
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (x[i]! - meanX) * (y[i]! - meanY);
  // √(ssx·ssy) is exact for ranks 1…n (r = 1, not 0.9999999999999998); √ssx·√ssy if the product leaves the doubles.
  const product = ssx * ssy;
  const scale = product > 0 && product < Number.POSITIVE_INFINITY ? Math.sqrt(product) : Math.sqrt(ssx) * Math.sqrt(ssy);
  const r = Math.max(-1, Math.min(1, sxy / scale));
  return { r, pValue: correlationPValue(r, n) };
}

/** Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank), one ranking for both. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanResult | null {
  if (y.length !== x.length) throw new Error(`spearman: x has ${x.length} values, y has ${y.length}`);
  const result = pearson(averageRanks(x).ranks, averageRanks(y).ranks);
  return result === null ? null : { rho: result.r, pValue: result.pValue };
}
