/**
 * `spm train --shard i/n`: computes shard i of the train stage's cross-validation fits
 * (models/cv-fits.ts) into the store (stages/cv-fits-store.ts), without publishing a train
 * version. Any number of such processes, on any hosts that share the store, can run at once:
 * they hold the store lock only to build ingest and transform when those are not up to date.
 * A plain `spm train` afterwards finds the fits, computes any that are missing and refits the
 * winner: the same model bytes as a local run.
 */
import { fitInShard, computeFits } from '../models/cv-fits.js';
import type { ProgressStep } from '../util/progress.js';
import { runStages } from './run.js';
import type { StageName } from './stages.js';
import { readFits, writeFit } from './stages/cv-fits-store.js';
import { prepareTrain } from './stages/train.js';
import { planWorkspace, type Workspace } from './workspace.js';

export interface TrainShardResult {
  readonly train_id: string;
  readonly shard: { readonly index: number; readonly count: number };
  /** Fits of the whole search, found in the store before, and computed by this process. */
  readonly fits: { readonly total: number; readonly found: number; readonly computed: number };
  /** The train version exists already: nothing to compute. */
  readonly up_to_date: boolean;
}

export async function trainShard(
  ws: Workspace,
  shard: { readonly index: number; readonly count: number },
  options: { readonly progress?: (text: string | ProgressStep) => void; readonly warn?: (text: string) => void } = {},
): Promise<TrainShardResult> {
  await runStages(ws, { stages: ['ingest', 'transform'], ...options });
  const plan = (await planWorkspace(ws)).find((p) => p.stage === 'train')!;
  if (plan.state === 'up_to_date') return { train_id: plan.id, shard, fits: { total: 0, found: 0, computed: 0 }, up_to_date: true };
  const upstream = Object.fromEntries(plan.inputs.artifacts.map((a) => [a.stage, a.id])) as Partial<Record<StageName, string>>;
  const prep = await prepareTrain({ ws, plan, upstream, ...(options.progress ? { progress: options.progress } : {}) });
  const total = prep.candidates.length * prep.folds.length;
  const known = await readFits(ws.store.root, plan.id, prep.candidates, prep.folds.length);
  const computed = computeFits(prep.data, prep.cvFolds, prep.candidates, {
    score: prep.score,
    known,
    only: (ci, fi) => fitInShard(ci, fi, prep.folds.length, shard.index, shard.count),
    oofProba: prep.oofProba,
    onProgress: (done, all, c) => options.progress?.({ label: `train shard ${shard.index}/${shard.count}: cross-validating ${c.model}`, done, total: all, unit: 'fits' }),
  });
  for (const [key, result] of computed) {
    const ci = Number(key.split('.')[0]);
    await writeFit(ws.store.root, plan.id, key, prep.candidates[ci]!, result);
  }
  return { train_id: plan.id, shard, fits: { total, found: known.size, computed: computed.size }, up_to_date: false };
}
