/**
 * Cross-validation on every core: (candidate, fold) tasks are handed to worker threads one at
 * a time, the costliest first, and their scores are put back in grid order, so the result is
 * the same as `crossValidate` on one thread. The data goes to the workers once, in shared
 * memory.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { deserializeError, type SerializedError } from '../util/worker-errors.js';
import type { Candidate } from './grid.js';
import type { Task } from './model.js';
import { takeMatrixRows, takeValues } from './matrix.js';
import type { Model } from './model.js';
import { assembleForest, forestSize, type ForestPart } from './random-forest.js';
import { crossValidate, fitCandidate, paramsOf, predictWith, summarise, type CvResult, type Fold, type Prediction, type TuneData } from './tune.js';

export interface WorkerInit {
  readonly rows: number;
  readonly cols: number;
  readonly x: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
  readonly folds: readonly { readonly train: SharedArrayBuffer; readonly test: SharedArrayBuffer }[];
  readonly task: Task;
  readonly nClasses?: number;
  readonly classWeight: 'none' | 'balanced';
  readonly seed: number;
  readonly metric: string;
  readonly positiveIndex?: number;
  readonly candidates: readonly Candidate[];
}

export interface ParallelOptions {
  /** 'auto': every core when the search is big enough to repay starting the workers. */
  readonly jobs: 'auto' | number;
  readonly metric: string;
  readonly positiveIndex?: number;
  readonly score: (yTrue: Float64Array, p: Prediction) => number;
  readonly onProgress?: (done: number, total: number, candidate: Candidate) => void;
}

/** Rough relative cost of one fit, to start the slowest tasks first and to decide on workers. */
const COST: Readonly<Record<string, number>> = { random_forest: 40, gradient_boosting: 20, logistic: 2, decision_tree: 1, ridge: 0.2, linear: 0.2 };

const costOf = (c: Candidate): number => (COST[c.model] ?? 1) * (typeof c.params.n_estimators === 'number' ? c.params.n_estimators / 100 : 1);

/** How many workers to use: 1 (this thread) for small searches, where starting threads costs more than it saves. */
export function chooseJobs(jobs: 'auto' | number, data: TuneData, folds: number, candidates: readonly Candidate[]): number {
  if (jobs !== 'auto') return Math.max(1, Math.min(jobs, candidates.length * folds));
  const work = data.X.rows * data.X.cols * folds * candidates.reduce((a, c) => a + costOf(c), 0);
  return work > 2e6 ? Math.min(availableParallelism(), 8) : 1;
}

function share(array: Float64Array | Uint32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(array.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return buffer;
}

/** A unit of work for a worker: a whole fit, or trees [from, to) of a random forest. fold -1: the whole data (the refit). */
export interface WorkItem {
  readonly candidate: number;
  readonly fold: number;
  readonly cost: number;
  readonly from?: number;
  readonly to?: number;
}

/** What a worker sends back: a fold's score, or a forest part (its trees' buffers transferred). */
export interface TaskResult {
  readonly candidate: number;
  readonly fold: number;
  readonly score?: number;
  readonly part?: ForestPart;
  readonly error?: SerializedError;
}

/**
 * A random forest's trees are independent (each draws from its own fork of the seed), so a
 * forest fit is split into one part per worker and assembled here: the last forest of a search
 * no longer leaves the other core idle (measured on 100,000 rows: the default grid's forest was
 * three rounds of folds on two workers plus a single-threaded refit).
 */
function tasksOf(candidates: readonly Candidate[], folds: readonly number[], jobs: number): WorkItem[] {
  return candidates
    .flatMap((c, ci) =>
      folds.flatMap((fold): WorkItem[] => {
        if (c.model !== 'random_forest' || jobs <= 1) return [{ candidate: ci, fold, cost: costOf(c) }];
        const n = forestSize(c.params);
        return Array.from({ length: Math.min(jobs, n) }, (_, k) => ({ candidate: ci, fold, cost: costOf(c) / jobs, from: Math.floor((k * n) / jobs), to: Math.floor(((k + 1) * n) / jobs) }));
      }),
    )
    .sort((a, b) => b.cost - a.cost || a.candidate - b.candidate || a.fold - b.fold || (a.from ?? 0) - (b.from ?? 0));
}

export interface ParallelResult {
  readonly results: CvResult[];
  /** The refit of the candidate `refit` chose, when asked and the pool did it. */
  readonly model?: Model;
}

/**
 * Cross-validates every candidate; with `refit`, then refits the candidate it picks from the
 * results on the whole data with the same workers. Scores and models are the same as on one
 * thread (`crossValidate`, `fitCandidate`).
 */
export async function crossValidateParallel(
  data: TuneData,
  folds: readonly Fold[],
  candidates: readonly Candidate[],
  options: ParallelOptions & { readonly refit?: (results: CvResult[]) => Candidate },
): Promise<ParallelResult> {
  const jobs = chooseJobs(options.jobs, data, folds.length, candidates);
  if (jobs <= 1) {
    const results = crossValidate(data, folds, candidates, options.score, options.onProgress);
    return options.refit ? { results, model: fitCandidate(data, data.X, data.y, options.refit(results)) } : { results };
  }
  const init: WorkerInit = {
    rows: data.X.rows,
    cols: data.X.cols,
    x: share(data.X.data),
    y: share(data.y),
    folds: folds.map((f) => ({ train: share(f.train), test: share(f.test) })),
    task: data.task,
    nClasses: data.nClasses,
    classWeight: data.classWeight,
    seed: data.seed,
    metric: options.metric,
    positiveIndex: options.positiveIndex,
    candidates,
  };
  const workers = Array.from({ length: jobs }, () => new Worker(new URL('./cv-worker.js', import.meta.url), { workerData: init }));
  try {
    const scores = candidates.map(() => new Array<number>(folds.length));
    const parts = new Map<string, ForestPart[]>();
    const cvTasks = tasksOf(candidates, folds.map((_, f) => f), jobs);
    const total = cvTasks.length;
    let done = 0;
    await runTasks(workers, cvTasks, (task) => options.onProgress?.(done, total, candidates[task.candidate]!), (r) => {
      done++;
      if (r.score !== undefined) {
        scores[r.candidate]![r.fold] = r.score;
        return;
      }
      const key = `${r.candidate}/${r.fold}`;
      const got = [...(parts.get(key) ?? []), r.part!];
      parts.set(key, got);
      const c = candidates[r.candidate]!;
      if (got.length < Math.min(jobs, forestSize(c.params))) return;
      parts.delete(key);
      const fold = folds[r.fold]!;
      const model = assembleForest(data.task, paramsOf(c), data.X.cols, got);
      scores[r.candidate]![r.fold] = options.score(takeValues(data.y, fold.test), predictWith(model, takeMatrixRows(data.X, fold.test)));
    });
    const results = candidates.map((c, i) => summarise(c, scores[i]!));
    if (!options.refit) return { results };
    const best = options.refit(results);
    const index = candidates.indexOf(best);
    if (best.model !== 'random_forest' || index < 0) return { results, model: fitCandidate(data, data.X, data.y, best) };
    const refitParts: ForestPart[] = [];
    await runTasks(workers, tasksOf([best], [-1], jobs).map((t) => ({ ...t, candidate: index })), () => {}, (r) => refitParts.push(r.part!));
    return { results, model: assembleForest(data.task, paramsOf(best), data.X.cols, refitParts) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Hands `tasks` to the workers one at a time, costliest first; `onResult` runs as each returns. */
async function runTasks(workers: readonly Worker[], tasks: readonly WorkItem[], onStart: (task: WorkItem) => void, onResult: (r: TaskResult) => void): Promise<void> {
  let next = 0;
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const feed = (): void => {
            const task = tasks[next++];
            if (!task) {
              worker.off('message', onMessage);
              worker.off('error', reject);
              worker.off('exit', onExit);
              resolve();
              return;
            }
            onStart(task);
            worker.postMessage(task);
          };
          const onMessage = (msg: TaskResult): void => {
            if (msg.error) {
              reject(deserializeError(msg.error));
              return;
            }
            try {
              onResult(msg);
            } catch (error) {
              reject(error);
              return;
            }
            feed();
          };
          const onExit = (code: number): void => {
            if (code !== 0) reject(new Error(`cross-validation worker stopped with exit code ${code}`));
          };
          worker.on('message', onMessage);
          worker.on('error', reject);
          worker.on('exit', onExit);
          feed();
        }),
    ),
  );
}
