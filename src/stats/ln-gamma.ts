/**
 * log Γ(x) for x > 0: simple-statistics' `gammaln` (the Lanczos approximation with g = 607/128
 * and fifteen coefficients, Godfrey's, relative error of Γ about 1e-15; Lanczos, C., "A
 * Precision Approximation of the Gamma Function", SIAM J. Numer. Anal. B 1 (1964) 86–96).
 *
 * Below ½ the recurrence log Γ(x) = log Γ(x + 1) − log x keeps the approximation in its range:
 * without it gammaln(1e-8) is off by 3e-10 relative (mpmath loggamma). NaN, not +∞, outside the
 * domain, so that a bad degree of freedom reads as "undefined" in the tails built on it.
 */
import { gammaln } from 'simple-statistics';

export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return gammaln(x + 1) - Math.log(x);
  return gammaln(x);
}
