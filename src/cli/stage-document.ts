/** The `--json` document of a stage run (SPEC §4): common fields plus the stage's details. */
import type { StageRun } from '../pipeline/run.js';
import { loadStageRunner } from '../pipeline/stage-runner.js';
import type { Workspace } from '../pipeline/workspace.js';

export interface StageDocument {
  readonly stage: string;
  readonly id: string;
  readonly cached: boolean;
  readonly duration_ms: number;
  readonly outputs: string[];
  readonly [detail: string]: unknown;
}

export async function stageDocument(ws: Workspace, run: StageRun): Promise<StageDocument> {
  const runner = await loadStageRunner(run.stage);
  const details = await runner.details(ws.store, run.manifest);
  return {
    stage: run.stage,
    id: run.id,
    cached: run.cached,
    duration_ms: run.duration_ms,
    outputs: run.manifest.outputs.map((o) => `${run.stage}/${run.id}/${o.path}`),
    ...details,
  };
}
