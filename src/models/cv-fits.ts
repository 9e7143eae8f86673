/**
 * Cross-validation as separately computable fits, for `spm train --shard i/n`: the (candidate,
 * fold) fits are numbered in grid order, shard i of n computes the fits whose number is i-1
 * modulo n (round robin, so each shard gets a share of every model), and a later run assembles
 * the scores of fits computed anywhere, computing only what is missing. Each fit is the same
 * computation as in `crossValidate` (same fold rows, same seed), so the assembled result is the
 * one of a local run. Pure: the caller reads and writes the fits (pipeline/stages/cv-fits-store.ts).
 */
import type { Candidate } from './grid.js';
import type { CvTaskResult } from './cv-task.js';
import { createMatrix } from './matrix.js';
import { fitFold, foldPart, placeOutOfFold, summarise, type CvResult, type Fold, type Prediction, type TuneData } from './tune.js';

/** A fit's key within one train version: candidate and fold, by position in the grid and the folds. */
export const fitKey = (candidate: number, fold: number): string => `${candidate}.${fold}`;

/** Whether fit (candidate, fold) belongs to shard `index` (1-based) of `count`. */
export const fitInShard = (candidate: number, fold: number, folds: number, index: number, count: number): boolean =>
  (candidate * folds + fold) % count === index - 1;

export interface CvFitsOptions {
  readonly score: (yTrue: Float64Array, p: Prediction) => number;
  /** Keep each fit's out-of-fold class probabilities (thresholds and calibration are chosen on them). */
  readonly oofProba?: boolean;
  /** Fits computed already (by other shards), by fitKey. */
  readonly known: ReadonlyMap<string, CvTaskResult>;
  /** Compute only these fits (a shard); default every fit not known. */
  readonly only?: (candidate: number, fold: number) => boolean;
  /** Called with each fit computed here. */
  readonly onFit?: (key: string, result: CvTaskResult) => void;
  readonly onProgress?: (done: number, total: number, candidate: Candidate) => void;
}

/** Computes the fits that are not known (and are asked for), on this thread. */
export function computeFits(data: TuneData, folds: readonly Fold[], candidates: readonly Candidate[], options: CvFitsOptions): Map<string, CvTaskResult> {
  const todo = candidates.flatMap((c, ci) => folds.map((_, fi) => ({ ci, fi }))).filter(({ ci, fi }) => !options.known.has(fitKey(ci, fi)) && (options.only?.(ci, fi) ?? true));
  const computed = new Map<string, CvTaskResult>();
  const parts = new Map<number, ReturnType<typeof foldPart>>();
  todo.forEach(({ ci, fi }, done) => {
    options.onProgress?.(done, todo.length, candidates[ci]!);
    const f = folds[fi]!;
    let p = parts.get(fi);
    if (!p) parts.set(fi, (p = foldPart(data.X, data.y, f)));
    const result: CvTaskResult = fitFold(data, p, candidates[ci]!, options.score, options.oofProba === true);
    computed.set(fitKey(ci, fi), result);
    options.onFit?.(fitKey(ci, fi), result);
  });
  return computed;
}

/** Every candidate's CV result from its fits (all must be there), as crossValidate gives it. */
export function assembleFits(data: TuneData, folds: readonly Fold[], candidates: readonly Candidate[], fits: ReadonlyMap<string, CvTaskResult>, oofProba?: boolean): CvResult[] {
  return candidates.map((c, ci) => {
    const oof = oofProba === true ? createMatrix(data.y.length, data.nClasses ?? 1) : undefined;
    const scores = folds.map((fold, fi) => {
      const fit = fits.get(fitKey(ci, fi));
      if (!fit) throw new Error(`cv fit ${fitKey(ci, fi)} is missing`);
      if (oof) placeOutOfFold(oof, fold.test, fit.oof!);
      return fit.score;
    });
    return summarise(c, scores, oof);
  });
}
