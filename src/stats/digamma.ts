/**
 * The digamma function ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up
 * to x ≥ 10, then the asymptotic series ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ) (Abramowitz &
 * Stegun 6.3.18), whose first six terms leave an error below 1e-15 there. Agrees with
 * scipy.special.digamma to ~1e-15 (tests/stats/digamma.test.ts). NaN for x ≤ 0.
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // B2/2 = 1/12, B4/4 = -1/120, B6/6 = 1/252, B8/8 = -1/240, B10/10 = 1/132, B12/12 = -691/32760
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}
