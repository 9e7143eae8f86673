/**
 * What parallel-cv.ts and its workers (cv-worker.ts) exchange: the data and the grid once, as
 * the workers' workerData, then one (candidate, fold) task at a time and its score.
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

export interface CvTask {
  readonly candidate: number;
  readonly fold: number;
}

export interface CvTaskResult {
  readonly score: number;
  /** The fold's out-of-fold class probabilities (row-major, rows × classes), when asked for. */
  readonly oof?: Float64Array;
}
