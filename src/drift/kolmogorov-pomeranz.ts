/**
 * Pr(D_n ≤ d) for the two-sided one-sample Kolmogorov statistic by Pomeranz's recursion: 2n + 1
 * rows, each the convolution of the previous row's few non-zero entries with (nearly) Poisson
 * weights (g/n)^j/j!, (2g/n)^j/j! or ((1−2g)/n)^j/j!, where g is the distance of n·d to the
 * nearest integer; the answer is n! times the last entry. Rows are rescaled by 2^128 when they
 * fade, and the exponent is restored at the end.
 *
 * Pomeranz, J., "Exact Cumulative Distribution of the Kolmogorov-Smirnov Statistic for Small
 * Samples (Algorithm 487)", Comm. ACM 17(12) (1974) 703–704; Simard, R. & L'Ecuyer, P.,
 * "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11) (2011).
 * Port of scipy 1.17 scipy/stats/_ksstats.py `_kolmogn_Pomeranz`.
 */
import { E128, ldexp, M128, P128 } from './ldexp.js';


/** Column range [j1, j2] of the non-zero entries in row i (scipy `_pomeranz_compute_j1j2`). */
function rowRange(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

function powers(ratio: number, count: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = 1;
  for (let j = 1; j < count; j++) out[j] = (out[j - 1]! * ratio) / j;
  return out;
}

export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gPower = powers(g / n, npwrs);
  const twoGPower = powers((2 * g) / n, npwrs);
  const oneMinusTwoGPower = powers((1 - 2 * g) / n, npwrs);
  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let expnt = 0;
  let [j1, j2] = rowRange(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = rowRange(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const ln2 = j2 - k1 + 1;
    if (ln2 <= 0) continue;
    // Entries conv_start … conv_start + conv_len − 1 of the full convolution of
    // v0[k1 − v0s …] (length ln2, cut at the array's end as numpy slicing does) with pwrs[0 … ln2).
    const aStart = k1 - v0s;
    const aLen = Math.min(ln2, npwrs - aStart);
    const convStart = j1 - k1;
    const convLen = j2 - j1 + 1;
    let max = 0;
    for (let c = 0; c < convLen; c++) {
      const idx = convStart + c;
      let s = 0;
      for (let a = Math.max(0, idx - ln2 + 1); a <= Math.min(idx, aLen - 1); a++) s += v0[aStart + a]! * pwrs[idx - a]!;
      v1[c] = s;
      if (s > max) max = s;
    }
    if (max > 0 && max < M128) {
      for (let c = 0; c < convLen; c++) v1[c]! *= P128;
      expnt -= E128;
    }
    v1s = v0s + j1 - k1;
  }
  let ans = v1[n - v1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      expnt += E128;
    }
    ans *= m;
  }
  return Math.min(Math.max(ldexp(ans, expnt), 0), 1);
}
