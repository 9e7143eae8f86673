// Own code: the quantiles are of counted samples, which simple-statistics' quantileSorted does not take.
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
import { countedFromValues, isCounted, toCounted, type CountedSample, type NumericSample } from './counted.js';
import { countsTotal } from '../stats/counts-total.js';
import { lerp } from '../stats/lerp.js';

function shares(counts: ArrayLike<number>, name: string): Float64Array {
  const total = countsTotal(counts, `psi: ${name}`);
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
 * distinct values gets fewer, wider bins. The reference may be raw or counted: the values at
 * sorted positions ⌊p⌋ and ⌊p⌋ + 1 are read through the cumulative counts. The caller drops
 * missing values first.
 */
export function quantileBins(reference: NumericSample, bins = 10): Float64Array {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`quantileBins: bins must be a positive integer, got ${bins}`);
  const { values, counts, n } = toCounted(reference, 'quantileBins: reference');
  const cuts: number[] = [];
  let at = 0; // the distinct value holding sorted position `lo`: positions [upTo − counts[at], upTo)
  let upTo = counts[0]!;
  for (let k = 1; k < bins; k++) {
    const position = (k / bins) * (n - 1);
    const lo = Math.floor(position);
    const t = position - lo;
    while (upTo <= lo) upTo += counts[++at]!;
    const below = values[at]!;
    // Position lo + 1 (at most n − 1) is in the same run or starts the next one.
    const above = lo + 1 < upTo || at + 1 === values.length ? below : values[at + 1]!;
    const cut = lerp(below, above, t);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  return Float64Array.from(cuts);
}

/**
 * Counts per bin for cut points c_1 < … < c_m: bin 0 is (−∞, c_1), bin i is [c_i, c_{i+1}), bin m
 * is [c_m, ∞) — numpy.digitize(values, cuts) semantics. `values` may be raw (any order) or
 * counted; the counted values are walked once alongside the cuts. The caller drops missing
 * values first.
 */
export function binCounts(values: ArrayLike<number> | CountedSample, cuts: Float64Array): Float64Array {
  const sample = isCounted(values) ? values : countedFromValues(values, 'binCounts: values');
  const out = new Float64Array(cuts.length + 1);
  let bin = 0; // cuts ≤ the current value
  for (let i = 0; i < sample.values.length; i++) {
    const v = sample.values[i]!;
    while (bin < cuts.length && cuts[bin]! <= v) bin++;
    out[bin]! += sample.counts[i]!;
  }
  return out;
}
