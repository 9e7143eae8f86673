/**
 * The run planner (pure): from the current params slices, the data hashes, the store's
 * contents and the lock, it derives every stage's version id and whether it is up to date,
 * and if not, why. `spm run`, `spm status` and ref resolution (`latest`) all use this plan.
 */
import { contentId } from '../store/hash.js';
import type { ArtifactInput, DataInput } from '../store/manifest.js';
import type { LockFile } from './lockfile.js';
import { diffRecords } from './diff.js';
import { flattenParams } from './params.js';
import { STAGES, STAGE_UPSTREAM, type StageName } from './stages.js';

export type StageState = 'up_to_date' | 'stale' | 'missing';

export interface StagePlan {
  readonly stage: StageName;
  readonly id: string;
  readonly params: Record<string, unknown>;
  readonly inputs: { readonly data: readonly DataInput[]; readonly artifacts: readonly ArtifactInput[] };
  readonly state: StageState;
  readonly reasons: readonly string[];
}

export interface PlanInput {
  readonly slices: Readonly<Record<StageName, Record<string, unknown>>>;
  /** The data files `ingest` reads, with their content hashes. */
  readonly data: readonly DataInput[];
  /** `stage/id` of every complete version in the store. */
  readonly existing: ReadonlySet<string>;
  readonly lock: LockFile;
  readonly spmVersion: string;
}

export function planPipeline(input: PlanInput): StagePlan[] {
  const ids = {} as Record<StageName, string>;
  const plans: StagePlan[] = [];
  for (const stage of STAGES) {
    const artifacts = STAGE_UPSTREAM[stage].map((up) => ({ stage: up, id: ids[up] }));
    const data = stage === 'ingest' ? input.data : [];
    const params = input.slices[stage];
    // Paths are part of the id as well as content: ingest's outputs name the files rows came from.
    const id = contentId({ stage, params, data: data.map((d) => [d.path, d.sha256]), artifacts, spm: input.spmVersion });
    ids[stage] = id;
    const inputs = { data, artifacts };
    if (input.existing.has(`${stage}/${id}`)) {
      plans.push({ stage, id, params, inputs, state: 'up_to_date', reasons: [] });
      continue;
    }
    const previous = input.lock.stages[stage];
    if (!previous) {
      plans.push({ stage, id, params, inputs, state: 'missing', reasons: ['never run'] });
      continue;
    }
    const reasons = staleReasons(previous, { params, inputs });
    const state: StageState = previous.id === id || !input.existing.has(`${stage}/${previous.id}`) ? 'missing' : 'stale';
    if (previous.id === id) reasons.push(`version ${id} is not in the store (deleted?)`);
    plans.push({ stage, id, params, inputs, state, reasons: reasons.length ? reasons : ['spm version changed'] });
  }
  return plans;
}

function staleReasons(
  previous: { params: Record<string, unknown>; inputs: StagePlan['inputs'] },
  current: { params: Record<string, unknown>; inputs: StagePlan['inputs'] },
): string[] {
  const reasons: string[] = [];
  for (const { key, a, b } of diffRecords(flattenParams(previous.params), flattenParams(current.params))) {
    reasons.push(`param ${key} changed: ${JSON.stringify(a) ?? '(unset)'} → ${JSON.stringify(b) ?? '(unset)'}`);
  }
  const oldData = new Map(previous.inputs.data.map((d) => [d.path, d.sha256]));
  for (const d of current.inputs.data) {
    const old = oldData.get(d.path);
    if (old === undefined) reasons.push(`data ${d.path} added`);
    else if (old !== d.sha256) reasons.push(`data ${d.path} changed`);
    oldData.delete(d.path);
  }
  for (const path of oldData.keys()) reasons.push(`data ${path} removed`);
  const oldUp = new Map(previous.inputs.artifacts.map((a) => [a.stage, a.id]));
  for (const a of current.inputs.artifacts) {
    if (oldUp.get(a.stage) !== a.id) reasons.push(`upstream ${a.stage} changed`);
  }
  return reasons;
}
