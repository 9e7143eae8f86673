// Own code (mean, sumOfSquaredDeviations): simple-statistics' mean has no offset and makes three 0.1s 0.10000000000000002.
/**
 * The sample moments every test in src/analysis and src/stats starts from: the mean and the sum
 * of squared deviations about it, Σ (x − x̄)², by the two-pass algorithm (Chan, Golub & LeVeque,
 * "Algorithms for computing the sample variance", Am. Stat. 37 (1983) 242–247: the textbook one-pass
 * Σx² − (Σx)²/n cancels catastrophically when the mean is large against the spread). The mean
 * gets the same correction pass, x̄ += Σ (x − x̄)/n (ibid., eq. 1.7), so rounding in the running
 * sum (n·ε relative, against numpy's pairwise ~log n·ε) does not reach the deviations.
 *
 * Both take an optional `offset` subtracted from every value first (x − offset is exact for x
 * within a factor 2 of it): one-way ANOVA centres all groups on the grand mean, as scipy does,
 * so that group means of values near 10⁶ keep the digits of their spread, not of their size.
 *
 * A constant sample gets its value back as the mean, exactly: the sum of three 0.1s divided by 3
 * is 0.10000000000000002, and the deviations from that would make a constant group's variance
 * 1e-34 instead of 0. The tests in src/analysis rely on variance 0 meaning "constant" (a Welch t
 * of ±∞, an F of ∞, "identical groups": see each file), so they take sumOfSquaredDeviations about
 * mean(). sampleVariance, for descriptions only, is simple-statistics' and numpy's to the bit
 * (np.var([0.1, 0.1, 0.1], ddof=1) = 2.9e-34).
 */

import { sampleVariance as ssSampleVariance } from 'simple-statistics';
import { asNumbers } from './as-numbers.js';

/** Mean of (x − offset); NaN for an empty sample (callers check sizes first). */
export function mean(values: ArrayLike<number>, offset = 0): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const first = values[0]! - offset;
  let sum = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const v = values[i]! - offset;
    sum += v;
    if (v !== first) constant = false;
  }
  if (constant) return first;
  const estimate = sum / n;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += values[i]! - offset - estimate;
  return estimate + residual / n;
}

/** Σ ((x − offset) − center)²; with center = mean(values, offset), the corrected sum of squares. */
export function sumOfSquaredDeviations(values: ArrayLike<number>, center: number, offset = 0): number {
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const dev = values[i]! - offset - center;
    ss += dev * dev;
  }
  return ss;
}

/** Sample variance with ddof = 1 (numpy.var(x, ddof=1)): simple-statistics' sampleVariance; NaN below two values. */
export function sampleVariance(values: ArrayLike<number>): number {
  return values.length < 2 ? Number.NaN : ssSampleVariance(asNumbers(values));
}
