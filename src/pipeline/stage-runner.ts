/** The contract between the run engine and each stage's implementation (src/pipeline/stages/*). */
import type { ProgressStep } from '../util/progress.js';
import type { Manifest } from '../store/manifest.js';
import type { ArtifactStore, VersionWriter } from '../store/store.js';
import type { StagePlan } from './plan.js';
import type { StageName } from './stages.js';
import type { Workspace } from './workspace.js';

export interface StageContext {
  readonly ws: Workspace;
  readonly plan: StagePlan;
  readonly writer: VersionWriter;
  /** Ids of the upstream versions this stage reads. */
  readonly upstream: Partial<Record<StageName, string>>;
  readonly progress: (text: string | ProgressStep) => void;
  readonly warn: (text: string) => void;
}

/**
 * The params a stage may read: its own slice (ctx.plan.params), typed. Reading anything else
 * (ctx.ws.loaded) would let an output depend on a value its version id does not cover.
 */
export function sliceOf<T>(ctx: StageContext): T & { readonly explicit?: readonly string[] } {
  return ctx.plan.params as T & { readonly explicit?: readonly string[] };
}

export interface StageRunner {
  /** Builds the stage's outputs into ctx.writer; returns the manifest summary. */
  run(ctx: StageContext): Promise<Record<string, unknown>>;
  /** Stage-specific fields of its `--json` document, read back from a version. */
  details(store: ArtifactStore, manifest: Manifest): Promise<Record<string, unknown>>;
}

const LOADERS: Readonly<Record<StageName, () => Promise<StageRunner>>> = {
  ingest: async () => (await import('./stages/ingest.js')).ingestStage,
  transform: async () => (await import('./stages/transform.js')).transformStage,
  train: async () => (await import('./stages/train.js')).trainStage,
  evaluate: async () => (await import('./stages/evaluate.js')).evaluateStage,
};

export const loadStageRunner = (stage: StageName): Promise<StageRunner> => LOADERS[stage]();
