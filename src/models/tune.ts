/**
 * Hyper-parameter search (pure): k-fold cross-validation of every candidate, then ranking by
 * the selection metric. Ties keep the grid order, so the selection is deterministic.
 */
import { classWeights, type ClassWeightMode } from './class-weight.js';
import type { Candidate } from './grid.js';
import { takeMatrixRows, takeValues, type Matrix } from './matrix.js';
import type { FitData, Model, Task } from './model.js';
import { matrixColumn } from './decision.js';
import { getFactory } from './registry.js';

export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
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
   * With `oofClass`: each row's probability of that class from the fold model that did not see
   * it (the scores a binary decision threshold is chosen on), kept from the cross-validation.
   */
  readonly oof?: Float64Array;
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
  oofClass?: number,
): CvResult[] {
  const total = candidates.length * folds.length;
  let done = 0;
  // Fold matrices are built once and shared by every candidate.
  const parts = folds.map((f) => ({
    Xtr: takeMatrixRows(data.X, f.train),
    ytr: takeValues(data.y, f.train),
    Xte: takeMatrixRows(data.X, f.test),
    yte: takeValues(data.y, f.test),
  }));
  return candidates.map((candidate) => {
    const oof = oofClass === undefined ? undefined : new Float64Array(data.y.length);
    const scores = parts.map((p, f) => {
      onProgress?.(done++, total, candidate);
      const model = fitCandidate(data, p.Xtr, p.ytr, candidate);
      const prediction = predictWith(model, p.Xte);
      if (oof) placeOutOfFold(oof, folds[f]!.test, matrixColumn(prediction.proba!, oofClass!));
      return score(p.yte, prediction);
    });
    return summarise(candidate, scores, oof);
  });
}

/** Puts a fold's scores at the rows of its test split. */
export function placeOutOfFold(oof: Float64Array, test: Uint32Array, scores: Float64Array): void {
  test.forEach((row, i) => (oof[row] = scores[i]!));
}

/** A candidate's fold scores → mean and population standard deviation (GridSearchCV's std_test_score). */
export function summarise(candidate: Candidate, scores: readonly number[], oof?: Float64Array): CvResult {
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
