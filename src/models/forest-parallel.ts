/**
 * The refit of a random forest on every core: the trees are split into contiguous ranges,
 * one per worker thread (forest-worker.ts), and put back in tree order. Tree t draws from the
 * t-th fork of the root rng whoever grows it, so the model is byte for byte the one a single
 * thread grows (tested). Measured on 80,000 rows, 200 trees of depth 10: 18.1 s on one
 * thread, 9.6 s on two.
 */
import { runPool } from '../util/worker.js';
import type { ForestWorkerInit, TreeRange } from './forest-task.js';
import type { FitData, HyperParams, Model, Task } from './model.js';
import { assembleForest, forestSize } from './random-forest.js';
import { shareFitData } from './shared-fit-data.js';
import type { TreeNodes } from './tree-nodes.js';

export async function fitForestParallel(data: FitData, task: Task, params: HyperParams, jobs: number): Promise<Model> {
  const n = forestSize(params);
  const parts = Math.max(1, Math.min(jobs, n));
  const ranges: TreeRange[] = Array.from({ length: parts }, (_, k) => ({ from: Math.floor((k * n) / parts), to: Math.floor(((k + 1) * n) / parts) }));
  const init: ForestWorkerInit = { ...shareFitData(data), task, params };
  const grown = await runPool<TreeNodes[]>(new URL('./forest-worker.js', import.meta.url), ranges, { jobs: parts, workerData: init });
  return assembleForest(data, task, params, grown.flat());
}
