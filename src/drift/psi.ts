/**
 * Population Stability Index over binned counts, and the reference-quantile bins it is usually
 * computed on:
 *
 *   PSI = Σ_i (a_i − e_i) · ln(a_i / e_i),
 *
 * where e_i and a_i are the shares of the expected (reference) and actual (new) sample in bin i
 * (Siddiqi, N., Credit Risk Scorecards, Wiley 2006, ch. 8; Yurdakul, B., "Statistical Properties
 * of Population Stability Index", Western Michigan University 2018). A bin empty in one sample
 * would make the index infinite, so shares below `epsilon` are raised to `epsilon` first (this
 * clipping is a convention, not part of the definition; the shares are not renormalised).
 * Identical distributions give 0; rules of thumb read < 0.1 as stable and > 0.25 as shifted.
 */
import { countBelow, isSortedAscending, sortedValues } from './sorted.js';

function shares(counts: ArrayLike<number>, name: string): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!(c >= 0 && Number.isFinite(c))) throw new Error(`psi: ${name}[${i}] = ${c}; counts must be finite and >= 0`);
    total += c;
  }
  if (total === 0) throw new Error(`psi: ${name} has no counts`);
  return Float64Array.from({ length: counts.length }, (_, i) => counts[i]! / total);
}

/** PSI of two count vectors over the same bins, shares clipped below at epsilon. */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, epsilon = 1e-4): number {
  if (expected.length !== actual.length) throw new Error(`psi: bin counts differ in length (${expected.length}, ${actual.length})`);
  const e = shares(expected, 'expected');
  const a = shares(actual, 'actual');
  let sum = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i]!, epsilon);
    const ai = Math.max(a[i]!, epsilon);
    sum += (ai - ei) * Math.log(ai / ei);
  }
  return sum;
}

/**
 * Interior cut points at the reference's k/bins quantiles, k = 1 … bins − 1 (linear
 * interpolation, numpy.quantile's default method), duplicates removed: a variable with few
 * distinct values gets fewer, wider bins. The caller drops missing values first.
 */
export function quantileBins(reference: Float64Array, bins = 10): Float64Array {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`quantileBins: bins must be a positive integer, got ${bins}`);
  const sorted = sortedValues(reference, 'quantileBins: reference');
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const position = (k / bins) * (sorted.length - 1);
    const lo = Math.floor(position);
    const t = position - lo;
    const below = sorted[lo]!;
    const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
    // numpy's _lerp: from the nearer end, so the result stays inside [below, above].
    const cut = t < 0.5 ? below + (above - below) * t : above - (above - below) * (1 - t);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  return Float64Array.from(cuts);
}

/**
 * Counts per bin for cut points c_1 < … < c_m: bin 0 is (−∞, c_1), bin i is [c_i, c_{i+1}), bin m
 * is [c_m, ∞) — numpy.digitize(values, cuts) semantics. The caller drops missing values first.
 */
export function binCounts(values: ArrayLike<number>, cuts: Float64Array): Float64Array {
  const counts = new Float64Array(cuts.length + 1);
  if (isSortedAscending(values)) {
    // Sorted (as spm drift keeps numeric samples): bin i ends where values reach c_{i+1}.
    let start = 0;
    cuts.forEach((c, i) => {
      const end = countBelow(values, c, false);
      counts[i] = end - start;
      start = end;
    });
    counts[cuts.length] = values.length - start;
    return counts;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new Error(`binCounts: values[${i}] is NaN; drop missing values first`);
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]! += 1;
  }
  return counts;
}
