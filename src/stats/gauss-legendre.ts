// Own code: simple-statistics has no quadrature.
/**
 * Gauss–Legendre quadrature on [0, 1]: m nodes t_i and weights w_i with
 * Σ w_i p(t_i) = ∫₀¹ p(t) dt exactly for every polynomial p of degree ≤ 2m − 1 (Abramowitz &
 * Stegun 25.4.29). The nodes are the roots of the Legendre polynomial P_m, found by Newton's
 * method from Tricomi's guess cos(π(i + ¾)/(m + ½)) with P_m and P_m' from the three-term
 * recurrence (Numerical Recipes, 3rd ed., §4.6.1, routine gauleg), mapped from [−1, 1] to
 * [0, 1]; the weights are positive, so a sum of positive terms has no cancellation. Agrees with
 * numpy's `np.polynomial.legendre.leggauss(m)` (mapped) to ~1e-16.
 */
export interface Quadrature {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** m ≥ 1 nodes in increasing order and their weights, summing to 1. */
export function gaussLegendre(m: number): Quadrature {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`gaussLegendre: m must be a positive integer, got ${m}`);
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  // roots come in ± pairs: find the non-negative half (x > 0 descending), mirror the rest
  for (let i = 0; i < (m + 1) >> 1; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= m; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      // P_m'(x) = m (x P_m − P_{m−1}) / (x² − 1), with p1 = P_m and p0 = P_{m−1}
      dp = (m * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / dp;
      x -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    // on [0, 1]: t = (1 ± x) / 2, weight w / 2
    nodes[m - 1 - i] = (1 + x) / 2;
    nodes[i] = (1 - x) / 2;
    weights[m - 1 - i] = w / 2;
    weights[i] = w / 2;
  }
  return { nodes, weights };
}
