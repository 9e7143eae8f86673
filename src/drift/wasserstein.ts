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
 * Missing values: the caller drops them first (a NaN would make scipy return NaN; here it is an
 * error). Cost: two sorted copies and one merge walk.
 */
import { sortedValues } from './sorted.js';


export function wasserstein1d(a: Float64Array, b: Float64Array): number {
  const u = sortedValues(a, 'wasserstein1d: sample a');
  const v = sortedValues(b, 'wasserstein1d: sample b');
  const nu = u.length;
  const nv = v.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let carry = 0;
  let x = Math.min(u[0]!, v[0]!);
  while (i < nu || j < nv) {
    while (i < nu && u[i] === x) i++;
    while (j < nv && v[j] === x) j++;
    if (i === nu && j === nv) break;
    const next = i === nu ? v[j]! : j === nv ? u[i]! : Math.min(u[i]!, v[j]!);
    const term = Math.abs(i / nu - j / nv) * (next - x);
    const t = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    x = next;
  }
  return sum + carry;
}
