/**
 * Turns a REF (SPEC §4) into a version of the stage a command needs: `latest` is what the
 * current params produce; an id prefix or alias may name a downstream version, whose lineage
 * then leads back to the wanted stage (e.g. `--model production` where production is an
 * evaluate version).
 */
import { THRESHOLD_METRICS, type ThresholdMetric } from '../metrics/threshold.js';
import { SpmError } from '../errors.js';
import { findRef } from '../store/refs.js';
import { STAGES, type StageName } from './stages.js';
import type { StagePlan } from './plan.js';
import { planWorkspace, type Workspace } from './workspace.js';
import { scoringThreshold } from './stages/cv-results.js';
import { loadScoringPipeline } from './stages/load.js';
import type { ScoringPipeline } from '../scoring/scoring-pipeline.js';
import { readSegments } from './stages/segments.js';

/** The up-to-date version of `stage` in a plan of the current params; an SpmError naming why when there is none. */
function plannedVersion(plan: readonly StagePlan[], stage: StageName): string {
  const planned = plan.find((p) => p.stage === stage)!;
  if (planned.state === 'up_to_date') return planned.id;
  throw new SpmError('NO_VERSION', `no ${stage} version for the current params yet (${planned.reasons.join('; ')})`, {
    hint: 'run `spm run` first, or name a version with a REF (see `spm versions`)',
  });
}

export async function resolveVersion(ws: Workspace, ref: string | undefined, stage: StageName): Promise<string> {
  if (ref === undefined || ref === 'latest') return plannedVersion(await planWorkspace(ws), stage);
  const downstream = STAGES.slice(STAGES.indexOf(stage));
  const found = await findRef(ws.store, ref, downstream);
  if (found.stage === stage) return found.id;
  const manifest = await ws.store.readManifest(found.stage, found.id);
  const link = manifest.inputs.artifacts.find((a) => a.stage === stage);
  if (!link) {
    throw new SpmError('BAD_REF', `${found.stage} version ${found.id} has no ${stage} in its lineage`, { hint: 'list versions with `spm versions`' });
  }
  return link.id;
}

export interface ScoringRef {
  readonly trainId: string;
  /** The binary decision threshold setting that goes with this model (see decisionThreshold). */
  readonly threshold: number | ThresholdMetric;
  /** The evaluation that goes with it (its segments, if any): the REF's own, or latest's when built; null for a bare train REF. */
  readonly evaluateId: string | null;
}

/**
 * The model a REF names, with the decision threshold of the evaluation it was promoted by: an
 * alias or evaluate id carries its own evaluate.threshold, so `--model production` keeps
 * scoring as it was evaluated even after params.yaml changes. A bare train id (or `latest`)
 * takes the current params' threshold.
 */
export async function resolveScoring(ws: Workspace, ref: string | undefined): Promise<ScoringRef> {
  const current = ws.loaded.params.evaluate.threshold;
  if (ref === undefined || ref === 'latest') {
    // One plan for both: planning hashes the data files.
    const plan = await planWorkspace(ws);
    const evaluate = plan.find((p) => p.stage === 'evaluate')!;
    return { trainId: plannedVersion(plan, 'train'), threshold: current, evaluateId: evaluate.state === 'up_to_date' ? evaluate.id : null };
  }
  const found = await findRef(ws.store, ref, ['evaluate', 'train']);
  if (found.stage === 'train') return { trainId: found.id, threshold: current, evaluateId: null };
  const manifest = await ws.store.readManifest('evaluate', found.id);
  const trainId = manifest.inputs.artifacts.find((a) => a.stage === 'train')?.id;
  if (!trainId) throw new SpmError('BAD_REF', `evaluate version ${found.id} has no train in its lineage`, { hint: 'list versions with `spm versions`' });
  const stored = (manifest.params.evaluate as { threshold?: unknown } | undefined)?.threshold;
  const valid = typeof stored === 'number' || (THRESHOLD_METRICS as readonly unknown[]).includes(stored);
  return { trainId, threshold: valid ? (stored as number | ThresholdMetric) : current, evaluateId: found.id };
}

export interface LoadedScoring {
  readonly trainId: string;
  readonly evaluateId: string | null;
  /** The model with its lineage, and the segments of its evaluation when it has them. */
  readonly pipeline: ScoringPipeline;
  /** The binary decision threshold as a number (0.5 when there is none to tune). */
  readonly threshold: number;
}

/** Everything a REF needs to score rows, as `spm predict` and `spm serve` score them. */
export async function loadScoring(ws: Workspace, ref: string | undefined): Promise<LoadedScoring> {
  const { trainId, threshold: setting, evaluateId } = await resolveScoring(ws, ref);
  const segments = evaluateId ? await readSegments(ws.store, evaluateId) : null;
  const pipeline: ScoringPipeline = { ...(await loadScoringPipeline(ws.store, trainId)), ...(segments ? { segments } : {}) };
  const threshold = await scoringThreshold(ws.store, pipeline.schema, trainId, setting);
  return { trainId, evaluateId, pipeline, threshold };
}
