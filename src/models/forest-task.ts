/**
 * What forest-parallel.ts and its workers (forest-worker.ts) exchange: the data and the
 * hyper-parameters once, as the workers' workerData, then a range of trees to grow.
 */
import type { HyperParams, Task } from './model.js';
import type { SharedFitData } from './shared-fit-data.js';

export interface ForestWorkerInit extends SharedFitData {
  readonly task: Task;
  readonly params: HyperParams;
}

/** Trees from..to-1 of the forest. */
export interface TreeRange {
  readonly from: number;
  readonly to: number;
}
