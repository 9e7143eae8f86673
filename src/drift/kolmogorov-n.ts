/**
 * Survival function of the two-sided one-sample Kolmogorov statistic D_n for a finite n,
 * Pr(D_n ≥ x): scipy.stats.kstwo.sf(x, n), which ks_2samp uses as its asymptotic p-value with
 * n = round(n1·n2/(n1 + n2)).
 *
 * The method per region is Simard & L'Ecuyer's choice as scipy 1.17 implements it
 * (scipy/stats/_ksstats.py `_kolmogn`): Ruben–Gambino closed forms at both ends, 2·Pr(D⁺_n ≥ x)
 * where the two one-sided events cannot both happen (x ≥ 0.5) or rarely do (large n·x²), Durbin's
 * matrix for small n·x², Pomeranz's recursion in between (n ≤ 140), Pelz–Good beyond.
 * Simard, R. & L'Ecuyer, P., "Computing the Two-Sided Kolmogorov-Smirnov Distribution",
 * J. Stat. Softw. 39(11) (2011). Ruben, H. & Gambino, J., "The exact distribution of
 * Kolmogorov's statistic D_n for n ≤ 10", Ann. Inst. Stat. Math. 34 (1982).
 */
import { durbinCdf } from './kolmogorov-durbin.js';
import { pelzGoodCdf } from './kolmogorov-pelz-good.js';
import { pomeranzCdf } from './kolmogorov-pomeranz.js';
import { stirlingCorrection } from '../stats/stirling-correction.js';
import { smirnovSf } from './smirnov.js';

const clip = (p: number): number => Math.min(Math.max(p, 0), 1);

/**
 * log(n!/nⁿ) by Stirling's series with n·log n taken out first (no cancellation), for n > 140
 * (scipy sums one more term of the series, below 1e-30 there).
 */
function logFactorialOverPower(n: number): number {
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + stirlingCorrection(n);
}

/** Pr(D_n ≥ x) for an integer n ≥ 1 (kstwo's support is [1/(2n), 1]). */
export function kolmogorovSf(n: number, x: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: Pr(D_n ≤ x) = n!/nⁿ · (2t − 1)ⁿ for 1/(2n) ≤ x ≤ 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n); // Ruben–Gambino upper end
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - durbinCdf(n, x));
    if (nx2 <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x)); // Miller's approximation
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - clip(cdf));
}
