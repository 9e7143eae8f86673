/**
 * The metric table (train.metric, evaluate gates, metrics diff): every metric spm knows, keyed by
 * its params-file name, with the direction that is better and the task it applies to, plus the
 * two functions that produce `spm evaluate`'s metrics objects (SPEC §4).
 */
import type { Matrix } from '../models/matrix.js';
import type { Task } from '../models/model.js';
import {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  f1,
  perClassScores,
  precision,
  recall,
  rocAuc,
  type ClassificationOptions,
  type ClassScores,
} from './classification.js';
import { brierScore, logLoss } from './probability.js';
import { mae, r2, rmse } from './regression.js';

export interface MetricInput {
  readonly yTrue: Float64Array;
  /** Regression: predictions. Classification: predicted class indices. */
  readonly yPred: Float64Array;
  /** Classification: rows × k class probabilities (needed by roc_auc only). */
  readonly proba?: Matrix;
  /** Binary classification: the positive class index (default 1). */
  readonly positiveIndex?: number;
  /** Classification: number of classes (default: proba's columns, else inferred). */
  readonly nClasses?: number;
  readonly sampleWeight?: Float64Array;
}

export interface MetricSpec {
  /** Which way is better: 'min' for errors, 'max' for scores. */
  readonly direction: 'min' | 'max';
  readonly task: Task;
  /** The metric's value; null when it is undefined for this input (roc_auc with one class). */
  readonly compute: (input: MetricInput) => number | null;
}

function options(m: MetricInput): ClassificationOptions {
  const nClasses = m.nClasses ?? m.proba?.cols;
  return {
    ...(nClasses === undefined ? {} : { nClasses }),
    ...(m.positiveIndex === undefined ? {} : { positiveIndex: m.positiveIndex }),
    ...(m.sampleWeight === undefined ? {} : { sampleWeight: m.sampleWeight }),
  };
}

export const METRICS = {
  rmse: { direction: 'min', task: 'regression', compute: (m) => rmse(m.yTrue, m.yPred, m.sampleWeight) },
  mae: { direction: 'min', task: 'regression', compute: (m) => mae(m.yTrue, m.yPred, m.sampleWeight) },
  r2: { direction: 'max', task: 'regression', compute: (m) => r2(m.yTrue, m.yPred, m.sampleWeight) },
  accuracy: { direction: 'max', task: 'classification', compute: (m) => accuracy(m.yTrue, m.yPred, options(m)) },
  precision: { direction: 'max', task: 'classification', compute: (m) => precision(m.yTrue, m.yPred, options(m)) },
  recall: { direction: 'max', task: 'classification', compute: (m) => recall(m.yTrue, m.yPred, options(m)) },
  f1: { direction: 'max', task: 'classification', compute: (m) => f1(m.yTrue, m.yPred, options(m)) },
  roc_auc: {
    direction: 'max',
    task: 'classification',
    compute: (m) => (m.proba === undefined ? null : rocAuc(m.yTrue, m.proba, options(m))),
  },
  balanced_accuracy: {
    direction: 'max',
    task: 'classification',
    compute: (m) => balancedAccuracy(m.yTrue, m.yPred, options(m)),
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as readonly MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** True when `candidate` beats `incumbent` on `metric` (null never beats anything). */
export function isBetter(metric: MetricName, candidate: number | null, incumbent: number | null): boolean {
  if (candidate === null || Number.isNaN(candidate)) return false;
  if (incumbent === null || Number.isNaN(incumbent)) return true;
  return METRICS[metric].direction === 'min' ? candidate < incumbent : candidate > incumbent;
}

export interface RegressionMetrics {
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
}

export interface ClassificationMetrics {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly roc_auc: number | null;
  readonly balanced_accuracy: number;
  /** Of the probabilities (probability.ts); null without them. */
  readonly brier: number | null;
  readonly log_loss: number | null;
  /** k × k, rows = true class, columns = predicted class. */
  readonly confusion_matrix: number[][];
}

/** `spm evaluate` metrics for regression. */
export function computeRegressionMetrics(yTrue: Float64Array, yPred: Float64Array, sampleWeight?: Float64Array): RegressionMetrics {
  return {
    rmse: rmse(yTrue, yPred, sampleWeight),
    mae: mae(yTrue, yPred, sampleWeight),
    r2: r2(yTrue, yPred, sampleWeight),
  };
}

/**
 * `spm evaluate` metrics for classification: binary precision/recall/f1 for the positive class,
 * multi-class macro averages (see classification.ts for the zero-division and null rules).
 */
export function computeClassificationMetrics(input: MetricInput): ClassificationMetrics {
  const o = options(input);
  const { yTrue, yPred } = input;
  return {
    accuracy: accuracy(yTrue, yPred, o),
    precision: precision(yTrue, yPred, o),
    recall: recall(yTrue, yPred, o),
    f1: f1(yTrue, yPred, o),
    roc_auc: input.proba === undefined ? null : rocAuc(yTrue, input.proba, o),
    balanced_accuracy: balancedAccuracy(yTrue, yPred, o),
    brier: input.proba === undefined ? null : brierScore(yTrue, input.proba, input.positiveIndex ?? (input.proba.cols === 2 ? 1 : undefined)),
    log_loss: input.proba === undefined ? null : logLoss(yTrue, input.proba),
    confusion_matrix: confusionMatrix(yTrue, yPred, o),
  };
}

/** One class's scores, with its name (an entry of metrics' `per_class`). */
export type NamedClassScores = ClassScores & { readonly label: string };

/** The class names that go with a confusion matrix, and each class's own scores, named. */
export interface ClassBreakdown {
  /** Class labels in the confusion matrix's row and column order. */
  readonly labels: readonly string[];
  readonly per_class: readonly NamedClassScores[];
}

/** `labels[i]` names class index i (the schema's classes). */
export function classBreakdown(input: MetricInput, labels: readonly string[]): ClassBreakdown {
  const scores = perClassScores(input.yTrue, input.yPred, { ...options(input), nClasses: labels.length });
  return { labels: [...labels], per_class: scores.map((s, i) => ({ label: labels[i]!, ...s })) };
}
