/**
 * Sample skewness, the biased moment estimator g₁ = m₃/m₂^{3/2}: scipy.stats.skew(x, bias=True)
 * (Joanes, D.N. & Gill, C.A., "Comparing measures of sample skewness and kurtosis", J. R. Stat.
 * Soc. D 47 (1998) 183–189, eq. for g₁), with m_k = Σ (x − x̄)^k / n: simple-statistics'
 * `sampleSkewness(x, true)`. spm analyze uses it to choose the rank tests over the mean-based ones
 * when groups are skewed.
 *
 * Undefined cases: an empty sample gives `null`. A (numerically) constant sample gives 0: scipy
 * returns NaN when m₂ ≤ (1e-15·x̄)² (its float64 resolution test, kept here), but a sample with
 * no spread has no asymmetry either, and 0 keeps it out of "skewed". Two values are symmetric
 * about their mean: 0 (simple-statistics asks for three).
 */
import { sampleSkewness as biasedSkewness } from 'simple-statistics';
import { asNumbers } from './as-numbers.js';
import { mean, sumOfSquaredDeviations } from './moments.js';

/** numpy.finfo(float64).resolution, scipy's threshold for "m₂ is zero". */
const RESOLUTION = 1e-15;

export function sampleSkewness(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  const center = mean(values);
  if (n < 3 || sumOfSquaredDeviations(values, center) / n <= (RESOLUTION * center) ** 2) return 0;
  return biasedSkewness(asNumbers(values), true);
}
