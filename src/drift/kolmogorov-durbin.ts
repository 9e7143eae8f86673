/**
 * Pr(D_n ≤ d) for the two-sided one-sample Kolmogorov statistic by Durbin's matrix algorithm in
 * the form of Marsaglia, Tsang & Wang (2003): write d = (k − h)/n with k = ⌈nd⌉, build the
 * (2k−1)×(2k−1) matrix H and return (n!/nⁿ)·(Hⁿ)_{kk}, with powers of 2 split off while squaring
 * so nothing overflows. Memory O(k²), time O(k³ log n): scipy uses it for small n·d².
 *
 * Durbin, J., "The Probability that the Sample Distribution Function Lies Between Two Parallel
 * Straight Lines", Ann. Math. Statist. 39 (1968). Marsaglia, G., Tsang, W.W. & Wang, J.,
 * "Evaluating Kolmogorov's Distribution", J. Stat. Softw. 8(18) (2003). Port of scipy 1.17
 * scipy/stats/_ksstats.py `_kolmogn_DMTW`.
 */
import { E128, ldexp, M128, P128 } from './ldexp.js';


function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += ail * b[l * m + j]!;
    }
  }
  return out;
}

/** Durbin's H for d = (k − h)/n: first column v, last row v reversed, 1/(i−j+1)! below the band. */
function durbinMatrix(k: number, h: number): Float64Array {
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  const hm = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) hm[r * m + i] = w[r - i + 1]!;
  for (let r = 0; r < m; r++) hm[r * m] = v[r]!;
  for (let c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c]!;
  return hm;
}

export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const m = 2 * k - 1;
  let hm: Float64Array = durbinMatrix(k, k - nd);
  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let expnt = 0;
  let hExpnt = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2 === 1) {
      power = matmul(power, hm, m);
      expnt += hExpnt;
    }
    hm = matmul(hm, hm, m);
    hExpnt *= 2;
    if (Math.abs(hm[(k - 1) * m + (k - 1)]!) > P128) {
      for (let i = 0; i < hm.length; i++) hm[i]! /= P128;
      hExpnt += E128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      expnt -= E128;
    }
  }
  return Math.min(Math.max(ldexp(p, expnt), 0), 1);
}
