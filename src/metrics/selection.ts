/** Which metric selects models (train.metric, SPEC §3), and a scoring function for it. */
import { SpmError } from '../errors.js';
import type { Task } from '../models/model.js';
import type { Prediction } from '../models/tune.js';
import { TRAIN_METRICS } from './names.js';
import { METRICS, type MetricName } from './index.js';

/** auto = rmse (regression), roc_auc (binary), f1 macro (multi-class). */
export function resolveMetric(metric: string, task: Task, nClasses: number | undefined): MetricName {
  const name = (metric === 'auto' ? (task === 'regression' ? 'rmse' : nClasses === 2 ? 'roc_auc' : 'f1') : metric) as MetricName;
  const spec = METRICS[name];
  if (!spec) throw new SpmError('PARAMS_INVALID', `train.metric: unknown metric '${metric}'`);
  if (spec.task !== task) {
    const valid = TRAIN_METRICS.filter((m) => m !== 'auto' && METRICS[m as MetricName].task === task);
    throw new SpmError('PARAMS_INVALID', `train.metric: ${name} is a ${spec.task} metric, but this is a ${task} task`, {
      hint: `use one of: auto, ${valid.join(', ')}`,
    });
  }
  return name;
}

/**
 * Whether a selection metric rewards getting minority classes right as much as majority ones
 * (macro F1 over several classes, balanced accuracy): train.class_weight: auto then searches
 * balanced class weights too. Accuracy, ROC AUC and the binary F1 of the positive class do not.
 */
export function rewardsMinorityClasses(metric: MetricName, nClasses: number | undefined): boolean {
  return metric === 'balanced_accuracy' || (metric === 'f1' && (nClasses ?? 0) > 2);
}

export interface ScoreContext {
  readonly positiveIndex?: number;
  readonly nClasses?: number;
}

/** score(yTrue, prediction) for a metric; an undefined value (one class in a fold) is NaN. */
export function scorer(metric: MetricName, ctx: ScoreContext): (yTrue: Float64Array, p: Prediction) => number {
  return (yTrue, p) =>
    METRICS[metric].compute({ yTrue, yPred: p.values, proba: p.proba, positiveIndex: ctx.positiveIndex, nClasses: ctx.nClasses }) ?? Number.NaN;
}
