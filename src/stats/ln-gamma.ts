/**
 * log Γ(x) for x > 0 by the Lanczos approximation with g = 7 and Godfrey's nine coefficients
 * (relative error of Γ about 1e-15):
 *
 *   Γ(z + 1) = √(2π) · t^(z+½) · e^(−t) · A_g(z),  t = z + g + ½.
 *
 * Lanczos, C., "A Precision Approximation of the Gamma Function", SIAM J. Numer. Anal. B 1
 * (1964) 86–96; coefficients from Godfrey, P., "A note on the computation of the convergent
 * Lanczos complex Gamma approximation" (2001), as printed in Press et al., Numerical Recipes,
 * 3rd ed. (2007) §6.1. Below ½ the recurrence Γ(x) = Γ(x + 1)/x keeps the series in its range.
 */

const G = 7;
const COEFFS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return lnGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let series = COEFFS[0]!;
  for (let i = 1; i < COEFFS.length; i++) series += COEFFS[i]! / (z + i);
  const t = z + G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}
