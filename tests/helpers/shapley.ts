/**
 * Shapley values by definition, for the brute-force checks of SHAP (tests/models/*-shap.test.ts):
 * φ_j = Σ over coalitions S without j of |S|! (m − |S| − 1)! / m! · (v(S ∪ {j}) − v(S)).
 * `v[s]` is the value of the coalition whose members are the set bits of s (all 2^m of them).
 */
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

export function shapleyFromCoalitions(v: Float64Array, m: number): Float64Array {
  const phi = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    for (let s = 0; s < 1 << m; s++) {
      if ((s >> j) & 1) continue;
      let size = 0;
      for (let b = s; b; b >>= 1) size += b & 1;
      phi[j] = phi[j]! + ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (v[s | (1 << j)]! - v[s]!);
    }
  }
  return phi;
}
