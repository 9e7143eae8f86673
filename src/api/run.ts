/** `runPipeline` and `runStage`: `spm run` and `spm <stage>` from code, with their `--json` documents. */
import type { ProgressStep } from '../util/progress.js';
import { SpmError } from '../errors.js';
import { runStages } from '../pipeline/run.js';
import { STAGES, stagesUntil, type StageName } from '../pipeline/stages.js';
import { stageDocument, type StageDocument } from '../cli/stage-document.js';
import { openProject, type ProjectOptions } from './project.js';

export type { StageName, StageDocument };

export interface RunPipelineOptions extends ProjectOptions {
  /** Rebuild every stage even when up to date. */
  readonly force?: boolean;
  /** Stop after this stage (default: evaluate). */
  readonly until?: StageName;
  /** Progress lines, as `spm run` prints them on stderr. */
  readonly onProgress?: (text: string) => void;
}

/** What `spm run --json` prints: each stage's version, the test metrics, the quality gates. */
export interface PipelineResult {
  readonly stages: readonly StageDocument[];
  readonly metrics: unknown;
  readonly gates: readonly unknown[];
  /** false when a quality gate failed (`spm run` exits 4 then). */
  readonly passed: boolean;
}

/** Runs the stages in order, skipping every up-to-date one (like `spm run`). */
export async function runPipeline(options: RunPipelineOptions = {}): Promise<PipelineResult> {
  if (options.until !== undefined) assertStage(options.until);
  const stages = await run(options, stagesUntil(options.until));
  const evaluation = stages.find((d) => d.stage === 'evaluate');
  return { stages, metrics: evaluation?.metrics ?? null, gates: (evaluation?.gates as unknown[] | undefined) ?? [], passed: evaluation ? evaluation.passed !== false : true };
}

/** Runs one stage (like `spm ingest`, `spm train`…): its upstream must be up to date (NO_VERSION otherwise). */
export async function runStage(stage: StageName, options: Omit<RunPipelineOptions, 'until'> = {}): Promise<StageDocument> {
  assertStage(stage);
  const [doc] = await run(options, [stage]);
  return doc!;
}

async function run(options: RunPipelineOptions, stages: StageName[]): Promise<StageDocument[]> {
  const ws = await openProject(options);
  const progress = options.onProgress ?? (() => {});
  const step = (p: string | ProgressStep): void => progress(progressLine(p));
  const runs = await runStages(ws, { stages, force: options.force, progress: step, warn: progress, onStageStart: (stage) => progress(`${stage}…`) });
  return Promise.all(runs.map((r) => stageDocument(ws, r)));
}

/** A counted step (train's fits) reaches a callback as text, e.g. 'train: cross-validating 12/40 fits'. */
export const progressLine = (p: string | ProgressStep): string => (typeof p === 'string' ? p : `${p.label} ${p.done}/${p.total} ${p.unit}`);

export function assertStage(stage: unknown): asserts stage is StageName {
  if (!(STAGES as readonly unknown[]).includes(stage)) {
    throw new SpmError('API_ARGUMENT', `unknown stage ${JSON.stringify(stage)}`, { hint: `one of ${STAGES.join(', ')}` });
  }
}
