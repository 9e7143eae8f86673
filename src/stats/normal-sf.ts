// Own code: simple-statistics' cumulativeStdNormalProbability is a 4-digit table (sf(1) = 0.1587), errorFunction 5e-8 off and 0 past z ≈ 8.
/**
 * Standard normal survival function Pr(Z ≥ z) (scipy.stats.norm.sf), the p-value of the
 * Mann–Whitney U test's normal approximation.
 *
 * Pr(Z ≥ z) = ½ erfc(z/√2) and erfc(u) = Q(½, u²) for u ≥ 0 (Abramowitz & Stegun 7.1.2 with
 * 6.5.17), so for z ≥ 0 it is ½ Q(½, z²/2) by the regularized upper gamma function
 * (gamma-q.ts, which keeps tails down to ~1e-300 finite); for z < 0 it is
 * 1 − Pr(Z ≥ −z), a number in [½, 1] with no precision to lose.
 */
import { gammaQ } from './gamma-q.js';

export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const upper = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? upper : 1 - upper;
}
