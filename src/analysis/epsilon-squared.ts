// Own code: simple-statistics has no effect sizes.
/**
 * ε² for the Kruskal–Wallis test, the rank analogue of η² (Tomczak, M. & Tomczak, E., "The need
 * to report effect size estimates revisited. An overview of some recommended measures of effect
 * size", Trends in Sport Sciences 1(21) (2014) 19–25, eq. for E²_R):
 *
 *   ε² = H / ((n² − 1)/(n + 1)) = H/(n − 1),
 *
 * H the (tie-corrected) Kruskal–Wallis statistic and n the number of values in all groups. It
 * lies in [0, 1] (H ≤ n − 1 without ties); scipy has no function for it.
 *
 * Takes H and n from a kruskalWallis result, which is non-null only with n ≥ 2: a smaller n, or
 * an H that is negative or not finite, is a caller's bug and throws a RangeError.
 */
export function epsilonSquared(h: number, n: number): number {
  if (!(n >= 2) || !Number.isInteger(n)) throw new RangeError(`epsilonSquared: n must be an integer >= 2, got ${n}`);
  if (!(h >= 0) || !Number.isFinite(h)) throw new RangeError(`epsilonSquared: H must be finite and >= 0, got ${h}`);
  return h / ((n * n - 1) / (n + 1));
}
