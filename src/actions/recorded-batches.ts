/**
 * The recorded predictions batches of a store (scoring/prediction-batch.ts), oldest first,
 * with their manifest summaries checked: what feedback joins and monitor lists.
 */
import { isRecord } from '../util/guards.js';
import { SpmError } from '../errors.js';
import { PREDICTIONS_STAGE, type BatchSummary } from '../scoring/prediction-batch.js';
import { rebuildHint } from '../store/manifest.js';
import type { ArtifactStore } from '../store/store.js';

export interface RecordedBatch {
  readonly id: string;
  readonly summary: BatchSummary;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function checkSummary(value: Record<string, unknown>, where: string): BatchSummary {
  const ok =
    (value.source === 'predict' || value.source === 'serve') &&
    typeof value.input === 'string' &&
    typeof value.rows === 'number' &&
    typeof value.model === 'string' &&
    isStrings(value.id_columns) &&
    value.id_columns.length > 0 &&
    (value.task === 'regression' || (value.task === 'classification' && isStrings(value.classes))) &&
    typeof value.target === 'string' &&
    typeof value.started === 'string';
  if (!ok) throw new SpmError('ARTIFACT_CORRUPT', `${where} does not describe a predictions batch`, { hint: rebuildHint(PREDICTIONS_STAGE) });
  return value as unknown as BatchSummary;
}

/** Every batch, oldest first (ids start with their time). */
export async function listBatches(store: ArtifactStore): Promise<RecordedBatch[]> {
  const out: RecordedBatch[] = [];
  for (const id of await store.listIds(PREDICTIONS_STAGE)) {
    const manifest = await store.readManifest(PREDICTIONS_STAGE, id);
    const summary = isRecord(manifest.summary) ? manifest.summary : {};
    out.push({ id, summary: checkSummary(summary, `${PREDICTIONS_STAGE}/${id}`) });
  }
  return out;
}
