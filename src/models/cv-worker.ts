/**
 * A cross-validation worker thread: receives the data once (shared memory, no copies), then
 * fits and scores the (candidate, fold) fits of each task it is sent. Each fit's result depends
 * only on its inputs and seed, so the scores are identical to a single-threaded run.
 */
import { workerData } from 'node:worker_threads';
import { METRICS } from '../metrics/index.js';
import { scorer } from '../metrics/selection.js';
import { serveTasks } from '../util/worker.js';
import type { CvTask, CvTaskResults, CvWorkerInit } from './cv-task.js';
import type { Candidate } from './grid.js';
import type { Matrix } from './matrix.js';
import { sharedFitData } from './shared-fit-data.js';
import { fitFold, foldPart, type TuneData } from './tune.js';

const init = workerData as CvWorkerInit;
const { X, y } = sharedFitData(init);
const data: TuneData = { X, y, task: init.task, nClasses: init.nClasses, classWeight: init.classWeight, seed: init.seed };
const folds = init.folds.map((f) => ({ train: new Uint32Array(f.train), test: new Uint32Array(f.test), ...(f.features ? { features: new Uint32Array(f.features) } : {}) }));
const score = scorer(init.metric as keyof typeof METRICS, { positiveIndex: init.positiveIndex, nClasses: init.nClasses });
const candidates: readonly Candidate[] = init.candidates;

// Fold matrices are built on first use and kept: tasks of the same fold reuse them.
const parts = new Map<number, { Xtr: Matrix; ytr: Float64Array; Xte: Matrix; yte: Float64Array }>();
function part(f: number) {
  let p = parts.get(f);
  if (!p) {
    p = foldPart(X, data.y, folds[f]!);
    parts.set(f, p);
  }
  return p;
}

serveTasks(
  (task: CvTask): CvTaskResults => ({ results: task.fits.map((f) => fitFold(data, part(f.fold), candidates[f.candidate]!, score, init.oofProba === true)) }),
  (result) => result.results.flatMap((r) => (r.oof ? [r.oof.buffer as ArrayBuffer] : [])),
);
