/**
 * A thread growing one part of a random forest (trees from..to-1) for forest-parallel.ts: the
 * data arrives in shared memory, the trees go back as transferred typed arrays.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { growForestTrees } from './random-forest.js';
import type { ForestPart } from './forest-parallel.js';
import { serializeError } from '../util/worker.js';

const part = workerData as ForestPart;
try {
  const data = {
    X: { rows: part.rows, cols: part.cols, data: new Float64Array(part.x) },
    y: new Float64Array(part.y),
    ...(part.nClasses === undefined ? {} : { nClasses: part.nClasses }),
    ...(part.sampleWeight ? { sampleWeight: new Float64Array(part.sampleWeight) } : {}),
    seed: part.seed,
  };
  const trees = growForestTrees(data, part.task, part.params, part.from, part.to);
  const transfer = trees.flatMap((t) => [t.feature.buffer, t.threshold.buffer, t.left.buffer, t.value.buffer]) as ArrayBuffer[];
  parentPort!.postMessage({ trees: trees.map((t) => ({ nodeCount: t.nodeCount, nOutputs: t.nOutputs, feature: t.feature, threshold: t.threshold, left: t.left, value: t.value })) }, transfer);
} catch (error) {
  parentPort!.postMessage({ error: serializeError(error) });
}
