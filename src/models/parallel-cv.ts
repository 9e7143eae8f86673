/**
 * Cross-validation on every core: (candidate, fold) tasks are handed to worker threads one at
 * a time, the costliest first, and their scores are put back in grid order, so the result is
 * the same as `crossValidate` on one thread. The data goes to the workers once, in shared
 * memory.
 */
import { availableParallelism } from 'node:os';
import { runPool } from '../util/worker.js';
import type { CvFit, CvTask, CvTaskResults, CvWorkerInit } from './cv-task.js';
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
  /**
   * The caller fits on this thread meanwhile (the refit of a lone candidate, which needs no CV
   * result): it gets a core of its own, so one worker fewer, but one even when that leaves one.
   */
  readonly besideRefit?: boolean;
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

/**
 * The fits dealt into `workers` tasks of about equal cost, each fit (costliest first) to the
 * task with the least so far: what a worker does while the thread that would hand it the next
 * fit is busy with a refit of its own (a synchronous fit: it answers no message until done).
 */
function deal(fits: readonly (CvFit & { cost: number })[], workers: number): CvTask[] {
  const tasks = Array.from({ length: workers }, () => ({ fits: [] as CvFit[], cost: 0 }));
  for (const { candidate, fold, cost } of fits) {
    const least = tasks.reduce((a, b) => (b.cost < a.cost ? b : a));
    least.fits.push({ candidate, fold });
    least.cost += cost;
  }
  return tasks.filter((t) => t.fits.length > 0).map(({ fits: f }) => ({ fits: f }));
}

export async function crossValidateParallel(data: TuneData, folds: readonly Fold[], candidates: readonly Candidate[], options: ParallelOptions): Promise<CvResult[]> {
  const jobs = chooseJobs(options.jobs, data, folds.length, candidates);
  if (jobs <= 1) return crossValidate(data, folds, candidates, options.score, options.onProgress, options.oofProba);
  // Beside a refit, its thread takes a core: on 2 cores one worker fits the 2 folds one after
  // the other while the refit (on twice the rows) runs, instead of 3 threads sharing 2 cores
  // and the refit finishing alone after both folds.
  const workers = options.besideRefit ? Math.max(1, jobs - 1) : jobs;
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
  const fits = candidates
    .flatMap((c, ci) => folds.map((_, fi) => ({ candidate: ci, fold: fi, cost: costOf(c) })))
    .sort((a, b) => b.cost - a.cost || a.candidate - b.candidate || a.fold - b.fold);
  // Otherwise one fit per task, handed to whichever worker is free, the costliest first.
  const tasks: CvTask[] = options.besideRefit ? deal(fits, Math.min(workers, fits.length)) : fits.map(({ candidate, fold }) => ({ fits: [{ candidate, fold }] }));
  const before = tasks.map((_, i) => tasks.slice(0, i).reduce((n, t) => n + t.fits.length, 0));
  const results = await runPool<CvTaskResults>(new URL('./cv-worker.js', import.meta.url), tasks, {
    jobs: workers,
    workerData: init,
    // progress in fits: the fits of the tasks before this one are done or under way
    onStart: (index) => options.onProgress?.(before[index]!, fits.length, candidates[tasks[index]!.fits[0]!.candidate]!),
  });
  const scores = candidates.map(() => new Array<number>(folds.length));
  const oofs = candidates.map(() => (options.oofProba === true ? createMatrix(data.y.length, data.nClasses ?? 1) : undefined));
  tasks.forEach((task, i) => {
    task.fits.forEach((fit, j) => {
      const result = results[i]!.results[j]!;
      scores[fit.candidate]![fit.fold] = result.score;
      const oof = oofs[fit.candidate];
      if (oof) placeOutOfFold(oof, folds[fit.fold]!.test, result.oof!);
    });
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
