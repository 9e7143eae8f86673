/**
 * The default runOne of runMany (run-many.ts): one pipeline's stages in this process, in the
 * workspace of its params file — what `spm run -p that/params.yaml` does, so the versions and
 * their ids are the same as a run of that file alone.
 */
import type { StageName } from './stages.js';
import { runStages, type StageRun } from './run.js';
import { loadStageRunner } from './stage-runner.js';
import { openWorkspace, type Workspace } from './workspace.js';
import type { PipelineSummary, RunOne } from './run-many.js';
import type { GateResult } from '../metrics/gates.js';

export interface LocalRunOptions {
  /** -S overrides, applied to every pipeline. */
  readonly set: readonly string[];
  /** --artifacts: one store for every pipeline (default: each params file's artifacts.dir). */
  readonly artifacts?: string;
  readonly stages: readonly StageName[];
  readonly force?: boolean;
}

/** A runOne that runs the stages here, like `spm run` (the store lock still keeps other processes out). */
export function localRunner(options: LocalRunOptions): RunOne {
  return async (paramsPath, context) => {
    const ws = await openWorkspace({ params: paramsPath, set: options.set, ...(options.artifacts ? { artifacts: options.artifacts } : {}) });
    const runs = await runStages(ws, {
      stages: options.stages,
      force: options.force,
      progress: context.progress,
      warn: context.warn,
      onStageStart: (stage) => context.progress(`${stage}…`),
    });
    return summarizeRun(ws, runs);
  };
}

/** The summary of a run's stages: their versions, the selected model, the main metric, metrics and gates. */
export async function summarizeRun(ws: Workspace, runs: readonly StageRun[]): Promise<PipelineSummary> {
  const details = async (stage: StageName): Promise<Record<string, unknown> | null> => {
    const run = runs.find((r) => r.stage === stage);
    return run ? (await loadStageRunner(stage)).details(ws.store, run.manifest) : null;
  };
  const [train, evaluate] = [await details('train'), await details('evaluate')];
  const best = train?.best as { model: string; cv: { metric: string } } | undefined;
  const metrics = (evaluate?.metrics as Record<string, unknown> | undefined) ?? null;
  const value = best && metrics ? metrics[best.cv.metric] : undefined;
  return {
    stages: runs.map((r) => ({ stage: r.stage, id: r.id, cached: r.cached, duration_ms: r.duration_ms })),
    model: best?.model ?? null,
    metric: best ? { name: best.cv.metric, value: typeof value === 'number' ? value : null } : null,
    metrics,
    gates: (evaluate?.gates as GateResult[] | undefined) ?? [],
    passed: evaluate ? evaluate.passed !== false : true,
  };
}
