/**
 * Executes planned stages in order: a stage whose version exists is a cache hit; otherwise
 * its runner builds a new version in the store's temporary area and publishes it. The store
 * lock keeps a second spm process from building the same stage at the same time.
 */
import type { ProgressStep } from '../util/progress.js';
import { SpmError } from '../errors.js';
import type { Manifest } from '../store/manifest.js';
import { acquireStoreLock } from '../store/lock.js';
import { cleanStaleTempFiles } from '../store/atomic.js';
import { isAlive } from '../store/store.js';
import { readLock, withLockEntry, writeLock } from './lockfile.js';
import type { StagePlan } from './plan.js';
import { loadStageRunner } from './stage-runner.js';
import { STAGE_UPSTREAM, type StageName } from './stages.js';
import { planWorkspace, type Workspace } from './workspace.js';
import { lockWaitText } from '../store/lock-wait.js';

export interface StageRun {
  readonly stage: StageName;
  readonly id: string;
  readonly cached: boolean;
  readonly duration_ms: number;
  readonly manifest: Manifest;
}

export interface RunOptions {
  readonly stages: readonly StageName[];
  readonly force?: boolean;
  readonly progress?: (text: string | ProgressStep) => void;
  readonly warn?: (text: string) => void;
  /** Called before each stage starts building (not for cache hits). */
  readonly onStageStart?: (stage: StageName) => void;
}

export async function runStages(ws: Workspace, options: RunOptions): Promise<StageRun[]> {
  const lock = await acquireStoreLock(ws.store.root, {
    onWait: (pid, host) => options.warn?.(lockWaitText(pid, host)),
  });
  try {
    await ws.store.cleanStaleTemp();
    await cleanStaleTempFiles(ws.lockPath, isAlive); // spm.lock being written when a run was killed
    const plan = await planWorkspace(ws);
    const byStage = new Map(plan.map((p) => [p.stage, p]));
    const ready = new Set(plan.filter((p) => p.state === 'up_to_date').map((p) => p.stage));
    const results: StageRun[] = [];
    // Read once: while this process holds the store lock, no other spm run writes the lock file.
    let lockFile = await readLock(ws.lockPath);
    for (const stage of options.stages) {
      const p = byStage.get(stage)!;
      assertUpstreamReady(stage, ready, byStage);
      const started = performance.now();
      let cached = p.state === 'up_to_date' && options.force !== true;
      let manifest: Manifest;
      if (cached) {
        manifest = await ws.store.readManifest(stage, p.id);
      } else {
        options.onStageStart?.(stage);
        manifest = await buildStage(ws, p, options);
        cached = false;
      }
      ready.add(stage);
      lockFile = withLockEntry(lockFile, stage, { id: p.id, params: p.params, inputs: p.inputs });
      await writeLock(ws.lockPath, lockFile);
      results.push({ stage, id: p.id, cached, duration_ms: cached ? Math.round(performance.now() - started) : manifest.duration_ms, manifest });
    }
    return results;
  } finally {
    await lock.release();
  }
}

function assertUpstreamReady(stage: StageName, ready: ReadonlySet<StageName>, plans: ReadonlyMap<StageName, StagePlan>): void {
  for (const up of STAGE_UPSTREAM[stage]) {
    if (ready.has(up)) continue;
    const why = plans.get(up)?.reasons.join('; ') ?? 'never run';
    throw new SpmError('NO_VERSION', `${stage} needs ${up}, which has no version for the current params (${why})`, {
      hint: `run \`spm ${up}\` first, or \`spm run\` for the whole pipeline`,
    });
  }
}

async function buildStage(ws: Workspace, plan: StagePlan, options: RunOptions): Promise<Manifest> {
  const runner = await loadStageRunner(plan.stage);
  const writer = await ws.store.create(plan.stage, plan.id);
  const startedAt = performance.now();
  try {
    const upstream = Object.fromEntries(plan.inputs.artifacts.map((a) => [a.stage, a.id])) as Partial<Record<StageName, string>>;
    const summary = await runner.run({
      ws,
      plan,
      writer,
      upstream,
      progress: options.progress ?? (() => {}),
      warn: options.warn ?? (() => {}),
    });
    return await writer.publish({ params: plan.params, inputs: plan.inputs, summary, startedAt, replace: options.force === true });
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
