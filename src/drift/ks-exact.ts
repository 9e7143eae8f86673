/**
 * Exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic, Pr(D ≥ d) under the
 * null, as scipy.stats.ks_2samp computes it (scipy 1.17 `_attempt_exact_2kssamp`):
 * - n1 = n2: Hodges (1958) eq. for the square lattice, the alternating binomial sum
 *   2·Σ_k (−1)^(k+1) C(2n, n − k·h) / C(2n, n), evaluated Horner-style (scipy
 *   `_compute_prob_outside_square`);
 * - n1 ≠ n2: lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm(m, n),
 *   Hodges' "inside method" rewritten by Viehmann (2021, arXiv:2102.08037) to count 1 − p
 *   directly, column by column over a sliding window (scipy `_compute_outer_prob_inside_method`).
 * Hodges, J.L. Jr., "The Significance Probability of the Smirnov Two-Sample Test",
 * Arkiv för Matematik 3 (1958) 469–486.
 *
 * Cost: O(n) for equal sizes, O(max(n1, n2) · window) otherwise (window ≤ min(n1, n2) + 1);
 * ks_2samp only asks for it when both sizes are ≤ 10 000.
 */

export interface ExactKs {
  /** false when the computation left [0, 1] (rounding): the caller falls back to the asymptotic. */
  readonly success: boolean;
  /** The statistic rounded onto the lattice, h / lcm(n1, n2), as scipy returns it. */
  readonly statistic: number;
  readonly pValue: number;
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Pr(D_{n,n} ≥ h/n): 2·A0·(1 − A1·(1 − A2·(1 − …))) with Ak = C(2n, n − k·h)/C(2n, n − (k−1)·h). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** Share of the C(m+n, n) lattice paths that touch |n·x − m·y|/g ≥ h (Viehmann's recursion). */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** Exact two-sided p-value for the statistic d of samples of sizes n1 and n2. */
export function exactKsPValue(n1: number, n2: number, d: number): ExactKs {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { success: true, statistic, pValue: 1 };
  const pValue = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  return { success: pValue >= 0 && pValue <= 1, statistic, pValue };
}
