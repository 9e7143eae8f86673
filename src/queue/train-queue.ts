/**
 * `spm train --queue URL`: the train stage with its cross-validation fits computed by queue
 * workers. Ingest and transform are built here first (once, under the store lock), the fits
 * are cut into `shards` train-fits pieces (the slices of `spm train --shard i/n`), and once every
 * piece is done the ordinary train stage runs here: it finds the fits in the store, computes
 * any that are missing, refits the winner and publishes — the bytes of a local `spm train`.
 * Nothing is published before every piece is in.
 */
import { runStages, type StageRun } from '../pipeline/run.js';
import { planWorkspace, type Workspace } from '../pipeline/workspace.js';
import type { ProgressStep } from '../util/progress.js';
import type { QueueAddress } from './connection.js';
import { runPieces, type RunPiecesOptions } from './coordinator.js';
import type { ProjectRef } from './pieces.js';

export interface QueuedTrain {
  readonly run: StageRun;
  /** Pieces enqueued (0 when train was up to date) and the worker that ran each. */
  readonly pieces: number;
  readonly workers: readonly string[];
}

export async function trainOnQueue(
  ws: Workspace,
  project: ProjectRef,
  queue: QueueAddress,
  shards: number,
  options: RunPiecesOptions & { readonly progress?: (text: string | ProgressStep) => void; readonly warn?: (text: string) => void },
): Promise<QueuedTrain> {
  const stageOptions = { ...(options.progress ? { progress: options.progress } : {}), ...(options.warn ? { warn: options.warn } : {}) };
  await runStages(ws, { stages: ['ingest', 'transform'], ...stageOptions });
  const plan = (await planWorkspace(ws)).find((p) => p.stage === 'train')!;
  let done = { pieces: 0, workers: [] as string[] };
  if (plan.state !== 'up_to_date') {
    const pieces = Array.from({ length: shards }, (_, i) => ({ kind: 'train-fits' as const, project, train_id: plan.id, shard: { index: i + 1, count: shards } }));
    const { workers } = await runPieces(queue, pieces, options);
    done = { pieces: pieces.length, workers };
  }
  options.signal?.throwIfAborted();
  const [run] = await runStages(ws, { stages: ['train'], ...stageOptions });
  return { run: run!, ...done };
}
