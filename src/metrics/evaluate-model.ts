/**
 * A trained model scored on the held-out test split (pure: no I/O, no clock): metrics (SPEC §4),
 * a baseline (mean / majority class of train), the confusion matrix and ROC/PR points for
 * classification, permutation importance per input column, fairness per sensitive column and
 * the quality gates. evaluate's stage reads the inputs, calls evaluateModel and writes
 * metrics.json.
 */
import type { CategoricalColumn } from '../data/table.js';
import { decideClasses, matrixColumn } from '../models/decision.js';
import { permutationImportance, type Importance } from '../models/importance.js';
import { shapImportance, type ShapImportance } from '../models/shap-importance.js';
import { createMatrix, type Matrix } from '../models/matrix.js';
import type { Model, Task } from '../models/model.js';
import { precisionRecallCurve, rocCurve } from './classification.js';
import { classifierReliability } from './probability.js';
import { columnFairness, type ColumnFairness } from './fairness.js';
import { checkGates, type GateResult } from './gates.js';
import { classBreakdown, computeClassificationMetrics, computeRegressionMetrics, METRICS, type MetricInput } from './index.js';
import { resolveMetric, scorer } from './selection.js';
import type { ThresholdMetric } from './threshold.js';

/** Seed of the permutation-importance shuffles (fixed: evaluate's outputs are reproducible). */
const IMPORTANCE_SEED = 20240101;

/** metrics.json, as evaluate stores it. */
export interface MetricsFile {
  readonly format: 'spm.metrics';
  readonly version: 1;
  readonly task: string;
  readonly model: string;
  readonly model_params: Record<string, unknown>;
  readonly rows: number;
  readonly threshold: number | null;
  /** How the threshold was set: 'fixed', or 'maximises f1 on cross-validation'. */
  readonly threshold_rule?: string | null;
  readonly metrics: Record<string, unknown>;
  readonly baseline: Record<string, unknown>;
  readonly gates: readonly GateResult[];
  readonly passed: boolean;
  readonly importance: readonly Importance[];
  /** Mean |SHAP value| per input column over up to 100 test rows spread over the split, in the model's explained scale. */
  readonly shap?: { readonly scale: string; readonly rows: number; readonly importance: readonly ShapImportance[] };
  /** Per sensitive column (evaluate.sensitive): the model's measures per group and the largest gaps. */
  readonly fairness?: readonly ColumnFairness[];
  /** roc and pr: binary tasks; reliability: every classification (probability.ts). */
  readonly curves?: { readonly roc?: unknown; readonly pr?: unknown; readonly reliability?: unknown };
}

export interface EvaluationData {
  readonly task: Task;
  /** Classification: the number of classes. */
  readonly nClasses?: number;
  /** Classification: the class names (the labels of the confusion matrix and per-class scores). */
  readonly classes?: readonly string[];
  /** Binary classification: the positive class index. */
  readonly positiveIndex?: number;
  /** The test split's features, transformed. */
  readonly X: Matrix;
  /** The test split's target (value, or class index). */
  readonly y: Float64Array;
  /** The train split's target: the baseline predicts its mean or its class shares. */
  readonly yTrain: Float64Array;
  /** Source column of each matrix column (permutation importance shuffles them together). */
  readonly featureSources: readonly string[];
  /** The test split's sensitive columns (evaluate.sensitive), for fairness. */
  readonly sensitive: readonly CategoricalColumn[];
}

export interface EvaluationParams {
  /** The binary decision threshold, resolved from `thresholdSetting`. */
  readonly threshold: number;
  /** evaluate.threshold as written: a number, or the metric it was chosen to maximise. */
  readonly thresholdSetting: number | ThresholdMetric;
  /** evaluate.gates, and whether the user set them (a default gate on a metric the task lacks is skipped). */
  readonly gates: Readonly<Record<string, string>>;
  readonly explicitGates: boolean;
  readonly permutationRepeats: number;
}

export interface Evaluation {
  readonly file: MetricsFile;
  /** The test split's predictions (value, or class index), which the segments table counts. */
  readonly yPred: Float64Array;
}

interface Scored {
  readonly metrics: Record<string, unknown>;
  readonly baseline: Record<string, unknown>;
  readonly yPred: Float64Array;
  readonly curves?: MetricsFile['curves'];
}

function scoreRegression(model: Model, d: EvaluationData): Scored {
  const yPred = model.predict(d.X);
  const mean = d.yTrain.reduce((a, b) => a + b, 0) / d.yTrain.length;
  const baseline = computeRegressionMetrics(d.y, new Float64Array(d.X.rows).fill(mean));
  return { metrics: { ...computeRegressionMetrics(d.y, yPred) }, baseline: { ...baseline }, yPred };
}

/**
 * evaluate's classification metrics of given predictions: the metrics, then the class labels
 * right after confusion_matrix (the names of its rows and columns) and each class's scores.
 * `spm feedback` computes live metrics with this too, so live and test metrics are one code.
 */
export function classificationMetrics(input: MetricInput & { readonly nClasses: number }, classes: readonly string[] | undefined): Record<string, unknown> {
  const k = input.nClasses;
  const labels = classes ?? Array.from({ length: k }, (_, i) => String(i));
  return { ...computeClassificationMetrics(input), ...classBreakdown({ yTrue: input.yTrue, yPred: input.yPred, nClasses: k }, labels) };
}

function scoreClassification(model: Model, d: EvaluationData, threshold: number): Scored {
  const { y, yTrain, positiveIndex } = d;
  const n = d.X.rows;
  const k = d.nClasses!;
  const proba = model.predictProba!(d.X);
  const yPred = decideClasses(proba, positiveIndex, threshold);
  const metrics = classificationMetrics({ yTrue: y, yPred, proba, positiveIndex, nClasses: k }, d.classes);
  // Majority-class baseline; its probabilities are the train class shares.
  const shares = new Float64Array(k);
  for (const c of yTrain) shares[c]! += 1 / yTrain.length;
  let majority = 0;
  for (let j = 1; j < k; j++) if (shares[j]! > shares[majority]!) majority = j;
  const priors = createMatrix(n, k);
  for (let i = 0; i < n; i++) priors.data.set(shares, i * k);
  const baseline: Record<string, unknown> = { ...computeClassificationMetrics({ yTrue: y, yPred: new Float64Array(n).fill(majority), proba: priors, positiveIndex, nClasses: k }) };
  delete baseline.confusion_matrix;
  if (k === 2 && positiveIndex !== undefined) {
    const score = matrixColumn(proba, positiveIndex);
    return { metrics, baseline, yPred, curves: { roc: rocCurve(y, score, positiveIndex), pr: precisionRecallCurve(y, score, positiveIndex), reliability: classifierReliability(y, proba, positiveIndex) } };
  }
  return { metrics, baseline, yPred, curves: { reliability: classifierReliability(y, proba) } };
}

/** The metrics document of a model on the test split. `onProgress` hears of the slow part (permutation importance). */
export function evaluateModel(model: Model, data: EvaluationData, params: EvaluationParams, onProgress?: (text: string) => void): Evaluation {
  const { task, nClasses, positiveIndex, X, y } = data;
  const { metrics, baseline, yPred, curves } = task === 'regression' ? scoreRegression(model, data) : scoreClassification(model, data, params.threshold);
  onProgress?.('evaluate: permutation importance…');
  const importanceMetric = resolveMetric('auto', task, nClasses);
  const importance = permutationImportance({
    model,
    X,
    y,
    featureSources: data.featureSources,
    score: scorer(importanceMetric, { positiveIndex, nClasses }),
    direction: METRICS[importanceMetric].direction,
    repeats: params.permutationRepeats,
    seed: IMPORTANCE_SEED,
  });
  onProgress?.('evaluate: SHAP values…');
  const shap = shapImportance(model, X, data.featureSources);
  const fairness = data.sensitive.map((column) =>
    columnFairness({ task, yTrue: y, yPred, positiveIndex, nClasses }, column.name, column.codes, column.dictionary),
  );
  const gates = checkGates(params.gates, metrics, params.explicitGates);
  const passed = gates.every((g) => g.passed);
  const binary = task === 'classification' && nClasses === 2;
  const file: MetricsFile = {
    format: 'spm.metrics',
    version: 1,
    task,
    model: model.name,
    model_params: { ...model.params },
    rows: X.rows,
    threshold: binary ? params.threshold : null,
    threshold_rule: binary ? (typeof params.thresholdSetting === 'number' ? 'fixed' : `maximises ${params.thresholdSetting} on cross-validation`) : null,
    metrics,
    baseline,
    gates,
    passed,
    importance,
    shap,
    fairness,
    ...(curves ? { curves } : {}),
  };
  return { file, yPred };
}
