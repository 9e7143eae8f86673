/**
 * Reading the store's history: versions with their lineage, and the params and metrics of a
 * pipeline version (an evaluate version and everything upstream of it).
 */
import { SpmError } from '../errors.js';
import type { Manifest } from '../store/manifest.js';
import type { ArtifactStore } from '../store/store.js';
import { flattenParams } from './params.js';
import { STAGES, type StageName } from './stages.js';

/** All manifests of a stage, oldest first. */
export async function listManifests(store: ArtifactStore, stage: StageName): Promise<Manifest[]> {
  const manifests = await Promise.all((await store.listIds(stage)).map((id) => store.readManifest(stage, id)));
  return manifests.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * The evaluate version `metrics diff` compares `id` with: the most recently created other
 * one (usually the previous run; after a one-off `-S` run, that run).
 */
export async function previousEvaluate(store: ArtifactStore, id: string): Promise<string> {
  const prev = (await listManifests(store, 'evaluate')).filter((m) => m.id !== id).at(-1);
  if (!prev) {
    throw new SpmError('NO_PREVIOUS', `there is no other evaluate version to compare ${id} with`, {
      hint: 'change a param and `spm run` again, or name two versions: spm metrics diff REF_A REF_B',
    });
  }
  return prev.id;
}

/** The flattened params of a pipeline version: every stage's slice along its lineage. */
export async function lineageParams(store: ArtifactStore, evaluateId: string): Promise<Record<string, unknown>> {
  const manifest = await store.readManifest('evaluate', evaluateId);
  const out: Record<string, unknown> = {};
  const links = new Map<string, string>([...manifest.inputs.artifacts.map((a) => [a.stage, a.id] as const), ['evaluate', evaluateId]]);
  for (const stage of STAGES) {
    const id = links.get(stage);
    if (!id) continue;
    const m = stage === 'evaluate' ? manifest : await store.readManifest(stage, id);
    Object.assign(out, flattenParams(m.params));
    if (stage === 'ingest') for (const d of m.inputs.data) out[`data.source:${d.path}`] = `sha256:${d.sha256.slice(0, 12)}`;
  }
  return out;
}

export { diffRecords, type Change } from './diff.js';
