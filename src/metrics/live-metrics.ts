/**
 * Live metrics (pure): recorded predictions against the outcomes that arrived later, with the
 * same metric code as `spm evaluate` (computeRegressionMetrics; classificationMetrics). The
 * predictions are the texts predict wrote (4 decimals), so a live metric on the test split's
 * own rows agrees with evaluate's to that rounding. roc_auc needs every class's probability:
 * a binary model records the positive class's, from which the other follows; a multi-class
 * model records only its predicted class's, so its live roc_auc is null.
 */
import { createMatrix } from '../models/matrix.js';
import { classificationMetrics } from './evaluate-model.js';
import { computeRegressionMetrics } from './index.js';

/** What a batch says about its model's outputs (its manifest summary). */
export interface LiveTask {
  readonly task: 'regression' | 'classification';
  readonly classes?: readonly string[];
  readonly positive_class?: string | null;
}

export interface LiveResult {
  /** null when no pair is usable. */
  readonly metrics: Record<string, unknown> | null;
  /** Pairs used. */
  readonly rows: number;
  /** Indexes (into the pairs) of outcomes that are no value of this task: not a number, or not a class of the model. */
  readonly invalid: number[];
}

/** Metrics of `predicted[i]` against `actual[i]`; `probability[i]` is what predict wrote for a classifier. */
export function liveMetrics(task: LiveTask, predicted: readonly string[], probability: readonly string[] | null, actual: readonly string[]): LiveResult {
  const invalid: number[] = [];
  const keep: number[] = [];
  const classes = task.classes ?? [];
  const truth = actual.map((text, i) => {
    const v = task.task === 'regression' ? (text.trim() === '' ? NaN : Number(text)) : classes.indexOf(text);
    if (task.task === 'regression' ? !Number.isFinite(v) : v < 0) invalid.push(i);
    else keep.push(i);
    return v;
  });
  const n = keep.length;
  if (n === 0) return { metrics: null, rows: 0, invalid };
  const yTrue = Float64Array.from(keep, (i) => truth[i]!);
  if (task.task === 'regression') {
    const yPred = Float64Array.from(keep, (i) => Number(predicted[i]));
    return { metrics: { ...computeRegressionMetrics(yTrue, yPred) }, rows: n, invalid };
  }
  const k = classes.length;
  const yPred = Float64Array.from(keep, (i) => classes.indexOf(predicted[i]!));
  const positive = k === 2 && task.positive_class != null ? classes.indexOf(task.positive_class) : -1;
  let proba;
  if (positive >= 0 && probability) {
    proba = createMatrix(n, 2);
    keep.forEach((i, r) => {
      const p = Number(probability[i]);
      proba!.data[r * 2 + positive] = p;
      proba!.data[r * 2 + (1 - positive)] = 1 - p;
    });
  }
  const metrics = classificationMetrics({ yTrue, yPred, nClasses: k, ...(proba ? { proba } : {}), ...(positive >= 0 ? { positiveIndex: positive } : {}) }, classes);
  return { metrics, rows: n, invalid };
}
