// Own code: simple-statistics has no incomplete beta function.
/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) (scipy.special.betainc):
 * the CDF of the Beta(a, b) distribution, and through it the Student t, F and correlation tails.
 *
 * Press, W.H. et al., Numerical Recipes, 3rd ed. (2007) §6.4, `betai`/`betacf`: the continued
 * fraction
 *   I_x(a, b) = x^a (1−x)^b / (a·B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))),
 *   d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),  d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)),
 * evaluated by the modified Lentz method, converges fast for x < (a + 1)/(a + b + 2); above that
 * point I_x(a, b) = 1 − I_{1−x}(b, a). Iterated to double precision (NR stops at 3e-7), with the
 * prefactor kept as a logarithm (log-beta.ts) so tails down to ~1e-300 stay numbers. The number
 * of terms grows like √max(a, b): about 2,000 at a million degrees of freedom.
 */
import { betaLogPrefactor } from './log-beta.js';

const EPS = Number.EPSILON;
/** NR: the smallest normal double over ε, a stand-in for 0 in the Lentz recurrences. */
const FPMIN = 2.2250738585072014e-308 / EPS;
const MAX_ITER = 1_000_000;

/** The continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))) of NR `betacf`. */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPS) return h;
  }
  throw new Error(`regularizedBeta: continued fraction did not converge for a = ${a}, b = ${b}, x = ${x}`);
}

/**
 * I_x(a, b) with both x and y = 1 − x given by the caller, which computes the smaller one to
 * full relative precision (t²/(ν + t²) rather than 1 − ν/(ν + t²)): near x = 1 the rounding of
 * 1 − y would otherwise cost digits in the tails. NaN outside a, b > 0, 0 ≤ x ≤ 1.
 */
export function regularizedBetaPair(x: number, y: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) || !(x <= 1) || !(y <= 1)) return Number.NaN;
  if (x === 0) return 0;
  if (y === 0) return 1;
  const logPrefix = betaLogPrefactor(x, y, a, b);
  if (x < (a + 1) / (a + b + 2)) return Math.exp(logPrefix + Math.log(betaFraction(x, a, b) / a));
  return 1 - Math.exp(logPrefix + Math.log(betaFraction(y, b, a) / b));
}

/** I_x(a, b), the regularized incomplete beta function (scipy.special.betainc(a, b, x)). */
export function regularizedBeta(x: number, a: number, b: number): number {
  return regularizedBetaPair(x, 1 - x, a, b);
}
