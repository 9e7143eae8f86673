/**
 * Hyper-parameter search (pure): k-fold cross-validation of every candidate, then ranking by
 * the selection metric. Ties keep the grid order, so the selection is deterministic.
 */
import { classWeights, type ClassWeightMode } from './class-weight.js';
import type { Candidate } from './grid.js';
import { createMatrix, takeMatrixRows, takeValues, type Matrix } from './matrix.js';
import type { FitData, Model, Task } from './model.js';
import { getFactory } from './registry.js';
import { takeColumns } from './selected-model.js';

export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
  /** features.select: the columns this fold's models see, chosen on its train part alone; absent: all. */
  readonly features?: Uint32Array;
}

/** A fold's train and test matrices (only its selected columns) and targets. */
export function foldPart(X: Matrix, y: Float64Array, fold: Fold): { Xtr: Matrix; ytr: Float64Array; Xte: Matrix; yte: Float64Array } {
  const cols = (m: Matrix): Matrix => (fold.features ? takeColumns(m, fold.features) : m);
  return { Xtr: cols(takeMatrixRows(X, fold.train)), ytr: takeValues(y, fold.train), Xte: cols(takeMatrixRows(X, fold.test)), yte: takeValues(y, fold.test) };
}

export interface Prediction {
  /** Regression values, or predicted class indices. */
  readonly values: Float64Array;
  /** Classification: rows × classes probabilities. */
  readonly proba?: Matrix;
}

export interface TuneData {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly task: Task;
  readonly nClasses?: number;
  /** The class weights of every fit, unless a candidate carries its own (train.class_weight: auto). */
  readonly classWeight: ClassWeightMode;
  readonly seed: number;
}

export interface CvResult {
  readonly model: string;
  readonly params: Candidate['params'];
  /** Set when class weights were searched (train.class_weight: auto). */
  readonly classWeight?: ClassWeightMode;
  readonly cv: { readonly mean: number; readonly std: number; readonly folds: readonly number[] };
  /**
   * With `oofProba`: each row's class probabilities (rows × classes) from the fold model that did
   * not see it, kept from the cross-validation: a binary decision threshold is chosen on them,
   * and train.calibration fits its calibrators on them.
   */
  readonly oof?: Matrix;
}

export function fitCandidate(data: TuneData, X: Matrix, y: Float64Array, candidate: Candidate): Model {
  const factory = getFactory(candidate.model);
  return factory.fit(fitDataOf(data, X, y, candidate), data.task, { ...factory.defaults, ...candidate.params });
}

/** What a model is fitted on: the rows, their class weights (the candidate's, else the search's) and the seed. */
export const fitDataOf = (data: TuneData, X: Matrix, y: Float64Array, candidate?: Candidate): FitData => ({
  X,
  y,
  nClasses: data.nClasses,
  sampleWeight: classWeights(y, data.nClasses, candidate?.classWeight ?? data.classWeight),
  seed: data.seed,
});

export function predictWith(model: Model, X: Matrix): Prediction {
  return model.task === 'classification' && model.predictProba ? { values: model.predict(X), proba: model.predictProba(X) } : { values: model.predict(X) };
}

export function crossValidate(
  data: TuneData,
  folds: readonly Fold[],
  candidates: readonly Candidate[],
  score: (yTrue: Float64Array, prediction: Prediction) => number,
  onProgress?: (done: number, total: number, candidate: Candidate) => void,
  oofProba?: boolean,
): CvResult[] {
  const total = candidates.length * folds.length;
  let done = 0;
  // Fold matrices are built once and shared by every candidate.
  const parts = folds.map((f) => foldPart(data.X, data.y, f));
  return candidates.map((candidate) => {
    const oof = oofProba === true ? createMatrix(data.y.length, data.nClasses ?? 1) : undefined;
    const scores = parts.map((p, f) => {
      onProgress?.(done++, total, candidate);
      const fit = fitFold(data, p, candidate, score, oofProba === true);
      if (oof) placeOutOfFold(oof, folds[f]!.test, fit.oof!);
      return fit.score;
    });
    return summarise(candidate, scores, oof);
  });
}

/**
 * One CV fit: the candidate fitted on a fold's train part and scored on its test part, with the
 * test rows' class probabilities (row-major) when asked for. The one computation behind
 * crossValidate, the CV worker threads and `spm train --shard` (cv-fits.ts).
 */
export function fitFold(
  data: TuneData,
  part: ReturnType<typeof foldPart>,
  candidate: Candidate,
  score: (yTrue: Float64Array, prediction: Prediction) => number,
  oofProba: boolean,
): { readonly score: number; readonly oof?: Float64Array } {
  const prediction = predictWith(fitCandidate(data, part.Xtr, part.ytr, candidate), part.Xte);
  return { score: score(part.yte, prediction), ...(oofProba ? { oof: prediction.proba!.data } : {}) };
}

/** Puts a fold's probability rows (row-major, oof.cols per row) at the rows of its test split. */
export function placeOutOfFold(oof: Matrix, test: Uint32Array, proba: Float64Array): void {
  const k = oof.cols;
  test.forEach((row, i) => oof.data.set(proba.subarray(i * k, (i + 1) * k), row * k));
}

/** A candidate's fold scores → mean and population standard deviation (GridSearchCV's std_test_score). */
export function summarise(candidate: Candidate, scores: readonly number[], oof?: Matrix): CvResult {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const std = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
  return { model: candidate.model, params: candidate.params, ...(candidate.classWeight ? { classWeight: candidate.classWeight } : {}), cv: { mean, std, folds: [...scores] }, ...(oof ? { oof } : {}) };
}

/** Best first; NaN scores (a metric undefined on some fold) last; ties keep grid order. */
export function rankResults(results: readonly CvResult[], direction: 'min' | 'max'): CvResult[] {
  const sign = direction === 'max' ? -1 : 1;
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r.cv.mean;
      const y = b.r.cv.mean;
      if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
      return sign * (x - y) || a.i - b.i;
    })
    .map(({ r }) => r);
}
