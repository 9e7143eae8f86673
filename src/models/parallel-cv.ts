/**
 * Cross-validation on every core: (candidate, fold) tasks are handed to worker threads one at
 * a time, the costliest first, and their scores are put back in grid order, so the result is
 * the same as `crossValidate` on one thread. The data goes to the workers once, in shared
 * memory.
 */
import { availableParallelism } from 'node:os';
import { runPool } from '../util/worker.js';
import type { CvTask, CvTaskResult, CvWorkerInit } from './cv-task.js';
import { isModelName, MODEL_CATALOG } from './catalog.js';
import type { Candidate } from './grid.js';
import { createMatrix } from './matrix.js';
import type { Model } from './model.js';
import { shareFitData, share } from './shared-fit-data.js';
import { crossValidate, fitCandidate, fitDataOf, placeOutOfFold, summarise, type CvResult, type Fold, type Prediction, type TuneData } from './tune.js';
import { getFactory } from './registry.js';

export interface ParallelOptions {
  /** 'auto': every core when the search is big enough to repay starting the workers. */
  readonly jobs: 'auto' | number;
  readonly metric: string;
  readonly positiveIndex?: number;
  readonly score: (yTrue: Float64Array, p: Prediction) => number;
  /** Keep each candidate's out-of-fold class probabilities (CvResult.oof). */
  readonly oofProba?: boolean;
  readonly onProgress?: (done: number, total: number, candidate: Candidate) => void;
}

/** Rough relative cost of one fit (the model table's), to start the slowest tasks first and to decide on workers. */
const costOf = (c: Candidate): number =>
  (isModelName(c.model) ? MODEL_CATALOG[c.model].cost : 1) * (typeof c.params.n_estimators === 'number' ? c.params.n_estimators / 100 : 1);

/** How many workers to use: 1 (this thread) for small searches, where starting threads costs more than it saves. */
export function chooseJobs(jobs: 'auto' | number, data: TuneData, folds: number, candidates: readonly Candidate[]): number {
  if (jobs !== 'auto') return Math.max(1, Math.min(jobs, candidates.length * folds));
  const work = data.X.rows * data.X.cols * folds * candidates.reduce((a, c) => a + costOf(c), 0);
  return work > 2e6 ? Math.min(availableParallelism(), 8) : 1;
}

export async function crossValidateParallel(data: TuneData, folds: readonly Fold[], candidates: readonly Candidate[], options: ParallelOptions): Promise<CvResult[]> {
  const jobs = chooseJobs(options.jobs, data, folds.length, candidates);
  if (jobs <= 1) return crossValidate(data, folds, candidates, options.score, options.onProgress, options.oofProba);
  const init: CvWorkerInit = {
    ...shareFitData(data),
    folds: folds.map((f) => ({ train: share(f.train), test: share(f.test), ...(f.features ? { features: share(f.features) } : {}) })),
    task: data.task,
    classWeight: data.classWeight,
    metric: options.metric,
    positiveIndex: options.positiveIndex,
    ...(options.oofProba === true ? { oofProba: true } : {}),
    candidates,
  };
  const tasks: CvTask[] = candidates
    .flatMap((c, ci) => folds.map((_, fi) => ({ candidate: ci, fold: fi, cost: costOf(c) })))
    .sort((a, b) => b.cost - a.cost || a.candidate - b.candidate || a.fold - b.fold)
    .map(({ candidate, fold }) => ({ candidate, fold }));
  const results = await runPool<CvTaskResult>(new URL('./cv-worker.js', import.meta.url), tasks, {
    jobs,
    workerData: init,
    onStart: (index, done) => options.onProgress?.(done, tasks.length, candidates[tasks[index]!.candidate]!),
  });
  const scores = candidates.map(() => new Array<number>(folds.length));
  const oofs = candidates.map(() => (options.oofProba === true ? createMatrix(data.y.length, data.nClasses ?? 1) : undefined));
  tasks.forEach((task, i) => {
    scores[task.candidate]![task.fold] = results[i]!.score;
    const oof = oofs[task.candidate];
    if (oof) placeOutOfFold(oof, folds[task.fold]!.test, results[i]!.oof!);
  });
  return candidates.map((c, i) => summarise(c, scores[i]!, oofs[i]));
}

/**
 * The refit of the selected candidate on the whole train split. A random forest big enough to
 * repay the threads grows its trees on every core (forest-parallel.ts, same bytes as one
 * thread); everything else is fitted here.
 */
export async function refitCandidate(data: TuneData, candidate: Candidate, jobs: 'auto' | number): Promise<Model> {
  // As for CV: every core when the work repays starting threads ('auto'), or the number asked for.
  const threads = candidate.model !== 'random_forest' ? 1 : jobs === 'auto' ? chooseJobs('auto', data, 1, [candidate]) : jobs;
  if (threads <= 1) return fitCandidate(data, data.X, data.y, candidate);
  const { fitForestParallel } = await import('./forest-parallel.js');
  const factory = getFactory(candidate.model);
  return fitForestParallel(fitDataOf(data, data.X, data.y, candidate), data.task, { ...factory.defaults, ...candidate.params }, threads);
}
