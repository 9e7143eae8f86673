// Own code: simple-statistics has no F distribution.
/**
 * Survival function of the F distribution with (d₁, d₂) degrees of freedom, Pr(F ≥ f)
 * (scipy.stats.f.sf(f, d1, d2), = scipy.special.fdtrc), the p-value of one-way ANOVA.
 *
 * Abramowitz & Stegun 26.6.2: Pr(F ≥ f) = I_x(d₂/2, d₁/2), x = d₂/(d₂ + d₁f), by the
 * regularized incomplete beta (regularized-beta.ts) with 1 − x = d₁f/(d₂ + d₁f) passed as
 * computed, so that tiny tails (large f) keep their relative precision.
 */
import { regularizedBetaPair } from './regularized-beta.js';

/** Pr(F_{d1,d2} ≥ f); 1 for f ≤ 0, 0 for f = ∞, NaN for NaN or degrees of freedom ≤ 0. */
export function fSf(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const scaled = d1 * f;
  const denominator = d2 + scaled;
  return regularizedBetaPair(d2 / denominator, scaled / denominator, d2 / 2, d1 / 2);
}
