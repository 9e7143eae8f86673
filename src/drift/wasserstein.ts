/**
 * First Wasserstein (earth mover's) distance between two empirical distributions on the line:
 * scipy.stats.wasserstein_distance(a, b) without weights,
 *
 *   W1(u, v) = ∫ |U(x) − V(x)| dx,
 *
 * the area between the two empirical CDFs (Ramdas, Garcia & Cuturi, "On Wasserstein Two Sample
 * Testing and Related Families of Nonparametric Tests", 2015, arXiv:1509.02237). Between two
 * consecutive pooled values both CDFs are constant, so the integral is a sum over the merged
 * sorted samples, here with Neumaier's compensated summation (numpy sums pairwise).
 *
 * Either sample may be raw values or counted (counted.ts): the walk is over the distinct values,
 * with the same terms in the same order either way.
 *
 * Missing values: the caller drops them first (a NaN would make scipy return NaN; here it is an
 * error). Cost: one merge walk over the distinct values, after counting raw samples.
 */
import { toCounted, type NumericSample } from './counted.js';

export function wasserstein1d(a: NumericSample, b: NumericSample): number {
  const { values: u, counts: uc, n: nu } = toCounted(a, 'wasserstein1d: sample a');
  const { values: v, counts: vc, n: nv } = toCounted(b, 'wasserstein1d: sample b');
  let i = 0;
  let j = 0;
  let belowU = 0; // values of u ≤ x
  let belowV = 0;
  let sum = 0;
  let carry = 0;
  let x = Math.min(u[0]!, v[0]!);
  while (i < u.length || j < v.length) {
    if (i < u.length && u[i] === x) belowU += uc[i++]!;
    if (j < v.length && v[j] === x) belowV += vc[j++]!;
    if (i === u.length && j === v.length) break;
    const next = i === u.length ? v[j]! : j === v.length ? u[i]! : Math.min(u[i]!, v[j]!);
    const term = Math.abs(belowU / nu - belowV / nv) * (next - x);
    const t = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    x = next;
  }
  return sum + carry;
}
