// Own code: simple-statistics has no incomplete gamma function (chiSquaredDistributionTable holds critical values, not p-values).
/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) (scipy.special.gammaincc),
 * and from it the chi-square survival function Pr(χ²_k ≥ x) = Q(k/2, x/2)
 * (scipy.stats.chi2.sf(x, k)).
 *
 * Press, W.H. et al., Numerical Recipes, 3rd ed. (2007) §6.2, `gammq`: for x < a + 1 the series
 *   P(a, x) = e^(−x) x^a / Γ(a) · Σ_n x^n / (a (a+1) … (a+n)),  Q = 1 − P
 * (P stays below about ½ there, so the subtraction loses nothing); otherwise the continued
 * fraction Q = e^(−x) x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …)))
 * by the modified Lentz method. Iterated to double precision (relative error ~1e-14 for moderate
 * a), not to NR's 3e-7. The prefactor is kept as a logarithm so tail probabilities down to ~1e-308
 * come out as numbers, not 0·∞ = NaN.
 */
import { lnGamma } from './ln-gamma.js';
import { stirlingCorrection } from './stirling-correction.js';

const EPS = Number.EPSILON;
/** NR: the smallest normal double over ε, a stand-in for 0 in the Lentz recurrences. */
const FPMIN = 2.2250738585072014e-308 / EPS;
/** Both expansions need O(√a) terms near x ≈ a; this bound covers a up to ~1e8. */
const MAX_ITER = 100_000;

function lowerSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) return sum;
  }
  throw new Error(`gammaQ: series did not converge for a = ${a}, x = ${x}`);
}

function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPS) return h;
  }
  throw new Error(`gammaQ: continued fraction did not converge for a = ${a}, x = ${x}`);
}

/**
 * log(e^(−x) x^a / Γ(a)). For large a the direct form subtracts numbers of size a·log a; with
 * Stirling's series log Γ(a) = (a − ½) log a − a + ½ log 2π + δ(a) (stirling-correction.ts) it
 * becomes a·(log1p(r) − r) + ½ log(a/2π) − δ(a), r = (x − a)/a, whose error scales with |x − a|
 * instead.
 */
function logPrefactor(a: number, x: number): number {
  if (a < 20) return a * Math.log(x) - x - lnGamma(a);
  const r = (x - a) / a;
  return a * (Math.log1p(r) - r) + 0.5 * Math.log(a / (2 * Math.PI)) - stirlingCorrection(a);
}

/** Q(a, x) for a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefix = logPrefactor(a, x);
  if (x < a + 1) return 1 - Math.exp(logPrefix + Math.log(lowerSeries(a, x)));
  return Math.exp(logPrefix + Math.log(upperFraction(a, x)));
}

/** Pr(χ²_dof ≥ x), the chi-square survival function. */
export function chiSquareSf(x: number, dof: number): number {
  return gammaQ(dof / 2, x / 2);
}
