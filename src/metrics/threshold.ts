/**
 * Choosing a binary decision threshold on cross-validation predictions (the idea of
 * scikit-learn's TunedThresholdClassifierCV): the threshold on the positive class's
 * probability that maximises F1 or balanced accuracy over the out-of-fold scores. A row is
 * predicted positive when its score is at least the threshold, as everywhere in spm.
 */

/** Metrics a threshold can be chosen for (evaluate.threshold: f1 | balanced_accuracy). */
export const THRESHOLD_METRICS = ['f1', 'balanced_accuracy'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

export interface ChosenThreshold {
  readonly threshold: number;
  /** The metric at that threshold on the scores it was chosen on. */
  readonly value: number;
}

/**
 * Sweeps every distinct score as a threshold (one sort, then running counts: O(n log n)).
 * Ties in the metric go to the threshold closest to 0.5, then to the larger one. Without both
 * classes among `yTrue` no threshold is better than another: 0.5.
 */
export function chooseThreshold(yTrue: ArrayLike<number>, score: ArrayLike<number>, positiveIndex: number, metric: ThresholdMetric): ChosenThreshold {
  const n = score.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === positiveIndex) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return { threshold: 0.5, value: Number.NaN };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]! || a - b);
  let tp = 0;
  let fp = 0;
  let best: ChosenThreshold | undefined;
  for (let k = 0; k < n; ) {
    const t = score[order[k]!]!;
    // Every row scoring t is predicted positive with it.
    for (; k < n && score[order[k]!] === t; k++) {
      if (yTrue[order[k]!] === positiveIndex) tp++;
      else fp++;
    }
    const value = metric === 'f1' ? (2 * tp) / (2 * tp + fp + (positives - tp)) : (tp / positives + (negatives - fp) / negatives) / 2;
    if (best === undefined || value > best.value || (value === best.value && closerToHalf(t, best.threshold))) best = { threshold: t, value };
  }
  return best!;
}

function closerToHalf(a: number, b: number): boolean {
  const da = Math.abs(a - 0.5);
  const db = Math.abs(b - 0.5);
  return da < db || (da === db && a > b);
}
