/**
 * Classification metrics on class indices (Float64Array of 0..k−1) and scores, with optional
 * sample weights, defined as in scikit-learn's sklearn.metrics:
 * - precision / recall / f1: binary (k = 2) → for the positive class (average='binary');
 *   multi-class → macro average over the labels present in y_true or y_pred (average='macro').
 *   A 0/0 ratio counts as 0, like zero_division=0 (sklearn warns; we stay silent).
 * - balanced_accuracy: mean recall over the classes present in y_true (adjusted=False).
 * - roc_auc: area under the ROC curve with tied scores counted half (trapezoids over the
 *   distinct thresholds = Mann–Whitney U / (P·N)); multi-class → macro one-vs-rest
 *   (multi_class='ovr', average='macro'). null when undefined (a single class in y_true; for
 *   one-vs-rest, classes without both positives and negatives are left out of the average,
 *   where sklearn would raise).
 */
import type { Matrix } from '../models/matrix.js';

export interface ClassificationOptions {
  /** Number of classes k; default: 1 + the largest index seen (at least 2). */
  readonly nClasses?: number;
  /** Binary tasks: the class that precision, recall, f1 and curves refer to (default 1). */
  readonly positiveIndex?: number;
  readonly sampleWeight?: Float64Array;
}

interface Counts {
  readonly k: number;
  /** k × k row-major: rows = true class, columns = predicted class. */
  readonly matrix: Float64Array;
  /** Labels that occur (unweighted) in y_true or y_pred: sklearn's unique_labels. */
  readonly present: Uint8Array;
}

function countClasses(yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions): Counts {
  if (yPred.length !== yTrue.length) throw new Error(`metric inputs differ in length: ${yTrue.length}, ${yPred.length}`);
  let k = options.nClasses ?? 2;
  if (options.nClasses === undefined) for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i]! + 1, yPred[i]! + 1);
  const matrix = new Float64Array(k * k);
  const present = new Uint8Array(k);
  const w = options.sampleWeight;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!(t >= 0 && t < k && p >= 0 && p < k)) throw new Error(`class index out of range 0..${k - 1}: ${t}, ${p}`);
    matrix[t * k + p]! += w === undefined ? 1 : w[i]!;
    present[t] = 1;
    present[p] = 1;
  }
  return { k, matrix, present };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Confusion matrix, k × k, rows = true class, columns = predicted (sklearn confusion_matrix). */
export function confusionMatrix(yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): number[][] {
  const { k, matrix } = countClasses(yTrue, yPred, options);
  return Array.from({ length: k }, (_, r) => Array.from(matrix.subarray(r * k, (r + 1) * k)));
}

/** Share (weighted) of rows predicted right. */
export function accuracy(yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): number {
  const { k, matrix } = countClasses(yTrue, yPred, options);
  let right = 0;
  let total = 0;
  for (let c = 0; c < matrix.length; c++) total += matrix[c]!;
  for (let c = 0; c < k; c++) right += matrix[c * k + c]!;
  return ratio(right, total);
}

type PerClass = (tp: number, fp: number, fn: number) => number;

/** Class c's true positives, predictions (column total) and true cases (row total) in a k × k confusion matrix. */
function classTotals(matrix: ArrayLike<number>, k: number, c: number): { tp: number; predicted: number; actual: number } {
  let predicted = 0;
  let actual = 0;
  for (let r = 0; r < k; r++) {
    predicted += matrix[r * k + c]!;
    actual += matrix[c * k + r]!;
  }
  return { tp: matrix[c * k + c]!, predicted, actual };
}

/** A per-class score for the positive class (k = 2) or its macro average over present labels. */
function binaryOrMacro(yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions, score: PerClass): number {
  const { k, matrix, present } = countClasses(yTrue, yPred, options);
  const of = (c: number): number => {
    const { tp, predicted, actual } = classTotals(matrix, k, c);
    return score(tp, predicted - tp, actual - tp);
  };
  if (k === 2) return of(options.positiveIndex ?? 1);
  let sum = 0;
  let labels = 0;
  for (let c = 0; c < k; c++) {
    if (present[c] === 0) continue;
    sum += of(c);
    labels++;
  }
  return ratio(sum, labels);
}

/** TP / (TP + FP). */
export const precision = (yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): number =>
  binaryOrMacro(yTrue, yPred, options, (tp, fp) => ratio(tp, tp + fp));

/** TP / (TP + FN). */
export const recall = (yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): number =>
  binaryOrMacro(yTrue, yPred, options, (tp, _fp, fn) => ratio(tp, tp + fn));

/** 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall. */
export const f1 = (yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): number =>
  binaryOrMacro(yTrue, yPred, options, (tp, fp, fn) => ratio(2 * tp, 2 * tp + fp + fn));

/** One class's scores (sklearn's precision_recall_fscore_support with average=None, zero_division=0). */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows (weighted) whose true class it is. */
  readonly support: number;
}

/** Precision, recall, f1 and support of every class 0..k−1, in index order. */
export function perClassScores(yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): ClassScores[] {
  const { k, matrix } = countClasses(yTrue, yPred, options);
  return Array.from({ length: k }, (_, c) => {
    const { tp, predicted, actual } = classTotals(matrix, k, c);
    return { precision: ratio(tp, predicted), recall: ratio(tp, actual), f1: ratio(2 * tp, predicted + actual), support: actual };
  });
}

/** Mean per-class recall over the classes present in y_true. */
export function balancedAccuracy(yTrue: Float64Array, yPred: Float64Array, options: ClassificationOptions = {}): number {
  const { k, matrix } = countClasses(yTrue, yPred, options);
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    let actual = 0;
    for (let p = 0; p < k; p++) actual += matrix[c * k + p]!;
    if (actual === 0) continue;
    sum += matrix[c * k + c]! / actual;
    classes++;
  }
  return ratio(sum, classes);
}

export interface ThresholdCounts {
  /** Distinct scores, descending. */
  readonly thresholds: Float64Array;
  /** Weighted positives / negatives with score ≥ thresholds[t] (cumulative). */
  readonly tps: Float64Array;
  readonly fps: Float64Array;
}

/** Cumulative true/false positives at each distinct score (sklearn's _binary_clf_curve). */
export function thresholdCounts(
  yTrue: Float64Array,
  score: Float64Array,
  positiveIndex: number,
  sampleWeight?: Float64Array,
): ThresholdCounts {
  if (score.length !== yTrue.length) throw new Error(`metric inputs differ in length: ${yTrue.length}, ${score.length}`);
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => score[b]! - score[a]!);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const w = sampleWeight === undefined ? 1 : sampleWeight[i]!;
    if (yTrue[i] === positiveIndex) tp += w;
    else fp += w;
    if (r === order.length - 1 || score[order[r + 1]!] !== score[i]) {
      thresholds.push(score[i]!);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds: Float64Array.from(thresholds), tps: Float64Array.from(tps), fps: Float64Array.from(fps) };
}

/** Binary ROC AUC of `score` for the class `positiveIndex`; null without both classes. */
export function binaryRocAuc(yTrue: Float64Array, score: Float64Array, positiveIndex = 1, sampleWeight?: Float64Array): number | null {
  const { tps, fps } = thresholdCounts(yTrue, score, positiveIndex, sampleWeight);
  const last = tps.length - 1;
  const P = last >= 0 ? tps[last]! : 0;
  const N = last >= 0 ? fps[last]! : 0;
  if (P === 0 || N === 0) return null;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let t = 0; t <= last; t++) {
    area += (fps[t]! - prevFp) * (tps[t]! + prevTp) * 0.5;
    prevTp = tps[t]!;
    prevFp = fps[t]!;
  }
  return area / (P * N);
}

/** ROC AUC from class probabilities (rows × k): binary → the positive column; else macro OvR. */
export function rocAuc(yTrue: Float64Array, proba: Matrix, options: ClassificationOptions = {}): number | null {
  const k = proba.cols;
  const column = (c: number): Float64Array => {
    const out = new Float64Array(proba.rows);
    for (let i = 0; i < proba.rows; i++) out[i] = proba.data[i * k + c]!;
    return out;
  };
  if (k === 2) {
    const positive = options.positiveIndex ?? 1;
    return binaryRocAuc(yTrue, column(positive), positive, options.sampleWeight);
  }
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    const auc = binaryRocAuc(yTrue, column(c), c, options.sampleWeight);
    if (auc === null) continue;
    sum += auc;
    classes++;
  }
  return classes === 0 ? null : sum / classes;
}

/** ROC curve points for a report (sklearn roc_curve(drop_intermediate=False), ≤ maxPoints). */
export interface RocCurve {
  /** Descending; the first point (0, 0) has threshold max score + 1, as in scikit-learn 1.2. */
  readonly thresholds: number[];
  readonly fpr: number[];
  readonly tpr: number[];
}

/** Precision–recall points (sklearn precision_recall_curve without its final (1, 0) sentinel). */
export interface PrecisionRecallCurve {
  /** Ascending distinct scores. */
  readonly thresholds: number[];
  readonly precision: number[];
  readonly recall: number[];
}

/** At most `max` evenly spaced indices of 0..n−1, always keeping the first and the last. */
export function downsampleIndices(n: number, max = 200): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/** ROC curve of `score` for class `positiveIndex`; null without both classes. */
export function rocCurve(
  yTrue: Float64Array,
  score: Float64Array,
  positiveIndex = 1,
  options: { readonly sampleWeight?: Float64Array; readonly maxPoints?: number } = {},
): RocCurve | null {
  const { thresholds, tps, fps } = thresholdCounts(yTrue, score, positiveIndex, options.sampleWeight);
  const P = tps.length > 0 ? tps[tps.length - 1]! : 0;
  const N = fps.length > 0 ? fps[fps.length - 1]! : 0;
  if (P === 0 || N === 0) return null;
  const m = thresholds.length + 1;
  const at = (i: number): [number, number, number] =>
    i === 0 ? [thresholds[0]! + 1, 0, 0] : [thresholds[i - 1]!, fps[i - 1]! / N, tps[i - 1]! / P];
  const picked = downsampleIndices(m, options.maxPoints ?? 200).map(at);
  return { thresholds: picked.map((p) => p[0]), fpr: picked.map((p) => p[1]), tpr: picked.map((p) => p[2]) };
}

/** Precision–recall curve of `score` for class `positiveIndex`; null without positives. */
export function precisionRecallCurve(
  yTrue: Float64Array,
  score: Float64Array,
  positiveIndex = 1,
  options: { readonly sampleWeight?: Float64Array; readonly maxPoints?: number } = {},
): PrecisionRecallCurve | null {
  const { thresholds, tps, fps } = thresholdCounts(yTrue, score, positiveIndex, options.sampleWeight);
  const m = thresholds.length;
  const P = m > 0 ? tps[m - 1]! : 0;
  if (P === 0) return null;
  // Ascending thresholds: index i of the output is index m − 1 − i of the counts.
  const at = (i: number): [number, number, number] => {
    const t = m - 1 - i;
    return [thresholds[t]!, ratio(tps[t]!, tps[t]! + fps[t]!), tps[t]! / P];
  };
  const picked = downsampleIndices(m, options.maxPoints ?? 200).map(at);
  return { thresholds: picked.map((p) => p[0]), precision: picked.map((p) => p[1]), recall: picked.map((p) => p[2]) };
}
