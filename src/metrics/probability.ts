/**
 * How good the probabilities are, beyond the decisions they lead to: the Brier score, the log
 * loss and the reliability curve (do the rows given 70% turn out positive 70% of the time?).
 * Formulas as scikit-learn computes them (sklearn/metrics/_classification.py,
 * sklearn/calibration.py); the tests name the calls.
 */
import type { Matrix } from '../models/matrix.js';

/**
 * Brier score. Binary (positiveIndex given): mean (1[y = positive] − p_positive)², as
 * brier_score_loss(y == positive, p). K classes: mean Σ_k (1[y = k] − p_k)², the multi-class
 * definition (Brier 1950) that scikit-learn ≥ 1.7's brier_score_loss uses for more than two
 * classes (twice the binary figure on a binary task, so binary keeps the familiar one).
 */
export function brierScore(yTrue: Float64Array, proba: Matrix, positiveIndex?: number): number {
  const k = proba.cols;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (k === 2 && positiveIndex !== undefined) {
      sum += ((yTrue[i] === positiveIndex ? 1 : 0) - proba.data[i * k + positiveIndex]!) ** 2;
      continue;
    }
    for (let c = 0; c < k; c++) sum += ((yTrue[i] === c ? 1 : 0) - proba.data[i * k + c]!) ** 2;
  }
  return sum / yTrue.length;
}

/** scikit-learn's log_loss clips probabilities to [eps, 1 − eps] with float64 eps, then renormalises each row. */
const EPS = 2.220446049250313e-16;

/** Log loss (cross-entropy): −mean log p(true class), as sklearn.metrics.log_loss(y, proba). */
export function logLoss(yTrue: Float64Array, proba: Matrix): number {
  const k = proba.cols;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += Math.min(Math.max(proba.data[i * k + c]!, EPS), 1 - EPS);
    const p = Math.min(Math.max(proba.data[i * k + yTrue[i]!]!, EPS), 1 - EPS) / rowSum;
    sum -= Math.log(p);
  }
  return sum / yTrue.length;
}

/** One bin of a reliability curve. */
export interface ReliabilityBin {
  /** Mean predicted probability of the rows in the bin. */
  readonly predicted: number;
  /** Share of those rows where the event happened. */
  readonly observed: number;
  readonly count: number;
}

/**
 * Reliability curve with `bins` equal-width bins on [0, 1], as
 * sklearn.calibration.calibration_curve(event, p, n_bins=bins, strategy='uniform'): a
 * probability on an inner edge falls in the lower bin (numpy.searchsorted, side='left'); empty
 * bins are left out.
 */
export function reliabilityCurve(event: ArrayLike<number>, p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const sums = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    // inner edges strictly below p; edge b is (b + 1) · (1 / bins), numpy.linspace's arithmetic
    const step = 1 / bins;
    let b = 0;
    while (b < bins - 1 && (b + 1) * step < p[i]!) b++;
    sums[b] = sums[b]! + p[i]!;
    hits[b] = hits[b]! + event[i]!;
    counts[b] = counts[b]! + 1;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) if (counts[b]! > 0) out.push({ predicted: sums[b]! / counts[b]!, observed: hits[b]! / counts[b]!, count: counts[b]! });
  return out;
}

/**
 * The reliability curve of a classifier's probabilities: of the positive class (binary), or of
 * each row's top class against whether it was right (K classes: the top-label curve).
 */
export function classifierReliability(yTrue: Float64Array, proba: Matrix, positiveIndex?: number): { readonly of: 'positive' | 'top'; readonly bins: ReliabilityBin[] } {
  const k = proba.cols;
  const n = yTrue.length;
  const p = new Float64Array(n);
  const event = new Float64Array(n);
  const binary = k === 2 && positiveIndex !== undefined;
  for (let i = 0; i < n; i++) {
    let c = binary ? positiveIndex : 0;
    if (!binary) for (let j = 1; j < k; j++) if (proba.data[i * k + j]! > proba.data[i * k + c]!) c = j;
    p[i] = proba.data[i * k + c]!;
    event[i] = yTrue[i] === c ? 1 : 0;
  }
  return { of: binary ? 'positive' : 'top', bins: reliabilityCurve(event, p) };
}
