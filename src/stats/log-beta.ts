// Own code: simple-statistics has no beta function (its gammaln serves below, through ln-gamma.ts).
/**
 * log B(a, b) and the prefactor log(x^a · y^b / B(a, b)), y = 1 − x, of the incomplete beta
 * function, without the cancellation the direct log Γ(a) + log Γ(b) − log Γ(a + b) suffers when
 * a or b is large (at a = 5·10⁵ each log Γ is ~6·10⁶, so the difference loses ~1e-9: a Student t
 * with a million degrees of freedom would be wrong in the ninth digit).
 *
 * Stirling's series log Γ(z) = (z − ½) log z − z + ½ log 2π + δ(z) (Abramowitz & Stegun 6.1.41,
 * δ in stirling-correction.ts), and for the
 * prefactor with both parameters large the rearrangement of Didonato & Morris, "Algorithm 708:
 * significant digit computation of the incomplete beta function ratios", ACM TOMS 18 (1992)
 * 360–373, routine BRCOMP: with x₀ = a/(a+b), y₀ = b/(a+b), λ = a − (a+b)x,
 *   log(x^a y^b / B(a,b)) = ½ log(b·x₀) − ½ log 2π − a·φ(−λ/a) − b·φ(λ/b) − (δ(a) + δ(b) − δ(a+b)),
 *   φ(e) = e − log(1 + e),
 * where the linear terms have cancelled exactly and φ is computed without cancellation.
 */
import { lnGamma } from './ln-gamma.js';
import { stirlingCorrection } from './stirling-correction.js';

/** Where Stirling's series replaces the Lanczos log Γ. */
const LARGE = 10;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(large) − log Γ(large + small), large ≥ 10, small > 0. */
function logGammaRatio(large: number, small: number): number {
  const sum = large + small;
  return -(large - 0.5) * Math.log1p(small / large) - small * Math.log(sum) + small + stirlingCorrection(large) - stirlingCorrection(sum);
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), for a, b > 0. */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < LARGE) return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  if (small < LARGE) return lnGamma(small) + logGammaRatio(large, small);
  const sum = a + b;
  // (a − ½) log a + (b − ½) log b − (a + b − ½) log(a + b) + ½ log 2π, each log a ratio below 1.
  return (
    a * Math.log(a / sum) + b * Math.log(b / sum) + 0.5 * Math.log(sum / (a * b)) + HALF_LOG_2PI +
    stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(sum)
  );
}

/** φ(e) = e − log(1 + e); for |e| < ½ by e²/(2 + e) − 2 Σ r^(2k+1)/(2k+1), r = e/(2 + e) (log1p via atanh). */
function logOnePlusRemainder(e: number): number {
  if (Math.abs(e) >= 0.5) return e - Math.log1p(e);
  const r = e / (2 + e);
  const r2 = r * r;
  let power = r;
  let series = 0;
  for (let k = 1; k < 60; k++) {
    power *= r2;
    const term = power / (2 * k + 1);
    series += term;
    if (Math.abs(term) <= Math.abs(series) * Number.EPSILON) break;
  }
  return (e * e) / (2 + e) - 2 * series;
}

/**
 * log(x^a · y^b / B(a, b)) for 0 < x < 1 and y = 1 − x, both given: callers that know the
 * smaller of the two to full relative precision (t²/(ν + t²), say) pass it so that log x near
 * x = 1 is log1p(−y), not the log of a rounded 1 − y.
 */
export function betaLogPrefactor(x: number, y: number, a: number, b: number): number {
  const logX = y < x ? Math.log1p(-y) : Math.log(x);
  const logY = x < y ? Math.log1p(-x) : Math.log(y);
  if (Math.min(a, b) < LARGE) return a * logX + b * logY - logBeta(a, b);
  const sum = a + b;
  const x0 = a / sum;
  const y0 = b / sum;
  // λ from whichever of x, y is the smaller (and so the more precise) number.
  const lambda = a <= b ? a - sum * x : sum * y - b;
  const e1 = -lambda / a;
  const e2 = lambda / b;
  const u = Math.abs(e1) < 0.6 ? logOnePlusRemainder(e1) : e1 - (logX - Math.log(x0));
  const v = Math.abs(e2) < 0.6 ? logOnePlusRemainder(e2) : e2 - (logY - Math.log(y0));
  const correction = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(sum);
  return 0.5 * Math.log(b * x0) - HALF_LOG_2PI - (a * u + b * v) - correction;
}
