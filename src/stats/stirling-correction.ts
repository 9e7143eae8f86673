// Own code: simple-statistics has no Stirling series (its gammaln is Lanczos' approximation).
/**
 * δ(z) = log Γ(z) − [(z − ½) log z − z + ½ log 2π], the remainder of Stirling's series, for
 * z ≥ 10:
 *
 *   δ(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) + 1/(1188z⁹) − 691/(360360z¹¹) + 1/(156z¹³)
 *
 * (Abramowitz & Stegun 6.1.41; the coefficients are B₂ⱼ/(2j(2j − 1)), the first omitted term is
 * below 1e-15 for z ≥ 10). One function serves every large-argument log Γ in spm: log B(a, b) and
 * the incomplete beta prefactor (log-beta.ts), the incomplete gamma prefactor (gamma-q.ts) and
 * log(n!/nⁿ) of the Kolmogorov distribution (src/drift/kolmogorov-n.ts).
 */
export function stirlingCorrection(z: number): number {
  const inv = 1 / z;
  const inv2 = inv * inv;
  return (
    inv *
    (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360 - inv2 / 156))))))
  );
}
