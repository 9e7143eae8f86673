/**
 * What parallel-cv.ts and its workers (cv-worker.ts) exchange: the data and the grid once, as
 * the workers' workerData, then tasks of (candidate, fold) fits and their scores.
 */
import type { ClassWeightMode } from './class-weight.js';
import type { Candidate } from './grid.js';
import type { Task } from './model.js';
import type { SharedFitData } from './shared-fit-data.js';

export interface CvWorkerInit extends SharedFitData {
  readonly folds: readonly { readonly train: SharedArrayBuffer; readonly test: SharedArrayBuffer; readonly features?: SharedArrayBuffer }[];
  readonly task: Task;
  readonly classWeight: ClassWeightMode;
  readonly metric: string;
  readonly positiveIndex?: number;
  readonly oofProba?: boolean;
  readonly candidates: readonly Candidate[];
}

export interface CvFit {
  readonly candidate: number;
  readonly fold: number;
}

/** Fits a worker makes one after the other (usually one). */
export interface CvTask {
  readonly fits: readonly CvFit[];
}

/** One fit's result (also what `spm train --shard` stores per fit: cv-fits.ts). */
export interface CvTaskResult {
  readonly score: number;
  /** The fold's out-of-fold class probabilities (row-major, rows × classes), when asked for. */
  readonly oof?: Float64Array;
}

/** A task's results, one per fit, in its order. */
export interface CvTaskResults {
  readonly results: readonly CvTaskResult[];
}
