/**
 * A cross-validation worker thread: receives the data once (shared memory, no copies), then
 * fits and scores (candidate, fold) tasks on request. Each task's result depends only on its
 * inputs and seed, so the scores are identical to a single-threaded run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { METRICS } from '../metrics/index.js';
import { scorer } from '../metrics/selection.js';
import type { Candidate } from './grid.js';
import { takeMatrixRows, takeValues, type Matrix } from './matrix.js';
import { matrixColumn } from './decision.js';
import { fitCandidate, predictWith, type TuneData } from './tune.js';
import type { WorkerInit } from './parallel-cv.js';
import { serializeError } from '../util/worker.js';

const init = workerData as WorkerInit;
const X: Matrix = { rows: init.rows, cols: init.cols, data: new Float64Array(init.x) };
const data: TuneData = { X, y: new Float64Array(init.y), task: init.task, nClasses: init.nClasses, classWeight: init.classWeight, seed: init.seed };
const folds = init.folds.map((f) => ({ train: new Uint32Array(f.train), test: new Uint32Array(f.test) }));
const score = scorer(init.metric as keyof typeof METRICS, { positiveIndex: init.positiveIndex, nClasses: init.nClasses });
const candidates: readonly Candidate[] = init.candidates;

// Fold matrices are built on first use and kept: tasks of the same fold reuse them.
const parts = new Map<number, { Xtr: Matrix; ytr: Float64Array; Xte: Matrix; yte: Float64Array }>();
function part(f: number) {
  let p = parts.get(f);
  if (!p) {
    const { train, test } = folds[f]!;
    p = { Xtr: takeMatrixRows(X, train), ytr: takeValues(data.y, train), Xte: takeMatrixRows(X, test), yte: takeValues(data.y, test) };
    parts.set(f, p);
  }
  return p;
}

parentPort!.on('message', (task: { candidate: number; fold: number }) => {
  try {
    const p = part(task.fold);
    const model = fitCandidate(data, p.Xtr, p.ytr, candidates[task.candidate]!);
    const prediction = predictWith(model, p.Xte);
    const oof = init.oofClass === undefined ? undefined : matrixColumn(prediction.proba!, init.oofClass);
    parentPort!.postMessage({ ...task, score: score(p.yte, prediction), ...(oof ? { oof } : {}) }, oof ? [oof.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort!.postMessage({ ...task, error: serializeError(error) });
  }
});
