/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic, Pr(D⁺_n ≥ x): scipy.special
 * smirnov(n, x) (xsf/cephes kolmogorov.h), by the Birnbaum–Tingey / Smirnov (1944) sum
 *
 *   Pr(D⁺_n ≥ x) = x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v).
 *
 * Birnbaum, Z.W. & Tingey, F.H., "One-Sided Confidence Contours for Probability Distribution
 * Functions", Ann. Math. Statist. 22 (1951). van Mulbregt, P., arXiv:1802.06966 (the special
 * cases and the early stop below follow scipy's implementation of that paper).
 *
 * Terms are summed in log space (scipy uses double-double arithmetic); the relative error stays
 * below ~1e-11 for n up to 1e6, far inside what a p-value needs. Only the "lower" sum is implemented:
 * scipy switches to the alternating upper sum for x ≤ 0.5/√n with n·x < 3, a region the
 * Kolmogorov two-sided distribution (kolmogorov-n.ts) never hands to this function.
 */

/** cephes MINLOG = log(2^-1074): below it e^(-2nx²) underflows. */
const MIN_LOG = -745.1332191019412;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let nxfl = Math.floor(nx);
  let alpha = nx - nxfl;
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * Math.pow(1 + x, n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxfl >= n - 1) return Math.pow(1 - x, n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // Asymptotic p ≈ e^(−(6nx+1)²/18n) (Smirnov), as scipy does for very large n.
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // Terms v = 0 … n − ⌊nx⌋ − 1: up to ⌊n(1−x)⌋, leaving out the zero term v = n(1−x) when nx is whole.
  const nTerms = n - nxfl;
  const vmid = Math.floor(n / 2);
  let sum = Math.pow(1 - x, n) / x; // v = 0
  // log C(n, v) = Σ log((n − u + 1)/u), summed with Neumaier's compensation: it grows to ~n·log 2
  // and plain summation would lose ~1e-9 of every term for n near 1e6.
  let logBinom = 0;
  let carry = 0;
  for (let v = 1; v < nTerms; v++) {
    const step = Math.log((n - v + 1) / v);
    const next = logBinom + step;
    carry += Math.abs(logBinom) >= Math.abs(step) ? logBinom - next + step : step - next + logBinom;
    logBinom = next;
    const upper = (n - v) / n - x;
    const logTerm = logBinom + carry + (v - 1) * Math.log(v / n + x) + (n - v) * Math.log(upper);
    const term = Math.exp(logTerm);
    sum += term;
    // scipy's early stop: the remaining terms cannot move the sum.
    if (term !== 0) {
      if (4 * (nTerms - v) * term < Number.EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) break;
  }
  return Math.min(Math.max(x * sum, 0), 1);
}
