/**
 * `spm serve --drift-window N`: the sliding window of the last N scored rows of a served model,
 * against the model's training split (the reference `spm drift` uses by default), binned as
 * drift bins for PSI (drift/sliding-psi.ts). Read → compute: the split is read once per model.
 */
import { featureColumns } from '../data/schema.js';
import { SlidingPsi, windowReference } from '../drift/sliding-psi.js';
import { loadSplit } from '../pipeline/stages/load.js';
import type { Workspace } from '../pipeline/workspace.js';
import type { ServedModel } from './served-model.js';

export interface LiveDrift {
  /** The train version whose rows the window holds. */
  readonly trainId: string;
  readonly window: SlidingPsi;
}

export async function openLiveDrift(ws: Workspace, model: ServedModel, size: number): Promise<LiveDrift> {
  const { pipeline } = model;
  const { table } = await loadSplit(ws.store, pipeline.ids.ingest, 'train');
  return { trainId: model.trainId, window: new SlidingPsi(windowReference(featureColumns(pipeline.schema), table), size) };
}
