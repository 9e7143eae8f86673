/**
 * A thread growing parts of a random forest (trees from..to-1) for forest-parallel.ts: the
 * data arrives in shared memory, the trees go back as transferred typed arrays.
 */
import { workerData } from 'node:worker_threads';
import { buffersOf, serveTasks } from '../util/worker.js';
import type { ForestWorkerInit, TreeRange } from './forest-task.js';
import { growForestTrees } from './random-forest.js';
import { sharedFitData } from './shared-fit-data.js';
import type { TreeNodes } from './tree-nodes.js';

const init = workerData as ForestWorkerInit;
const data = sharedFitData(init);

serveTasks(
  (range: TreeRange): TreeNodes[] =>
    growForestTrees(data, init.task, init.params, range.from, range.to),
  (trees) => buffersOf(trees.flatMap((t) => [t.feature, t.threshold, t.left, t.value, t.cover])),
);
