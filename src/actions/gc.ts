/**
 * `spm gc`: removes the store versions nothing refers to (planGc), a dry run unless `apply`.
 * What refers to versions is the table GC_REFERENCES: one entry per kind of reference. A new
 * kind of store entry that must keep versions alive (recorded predictions awaiting their
 * outcomes, monitoring versions) plugs in with one line there; versions of a new stage are
 * walked like any other (their manifests' lineage keeps what they were made from).
 *
 * Safety: planned and applied under the store lock, so no `spm run` publishes meanwhile; a
 * version being written lives in `.tmp/` until complete, so it is never listed, let alone
 * removed. A version is taken out of sight by one rename into `.tmp/` before it is deleted:
 * readers see it whole or not at all, and a gc killed half way leaves only stale temp folders
 * (cleaned by the next run) and no version missing its lineage (downstream goes first).
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isSpmError } from '../errors.js';
import { readLock } from '../pipeline/lockfile.js';
import type { Workspace } from '../pipeline/workspace.js';
import { readAliasHistory } from '../store/alias-history.js';
import { planGc, type GcPlan, type GcReference, type StoredVersion } from '../store/gc-plan.js';
import { acquireStoreLock, type LockOptions } from '../store/lock.js';
import { STAGE_NAME } from '../store/manifest.js';
import { readAliases } from '../store/refs.js';
import { mkdirp } from '../util/mkdirp.js';

export interface GcReferenceSource {
  /** What the references are, in the report. */
  readonly name: string;
  /** `versions`: every readable version of the store, with its lineage (read once, by runGc). */
  readonly refs: (ws: Workspace, versions: readonly StoredVersion[]) => Promise<GcReference[]>;
}

/** Everything that keeps a version alive (besides --keep-last, --older-than and lineage). */
export const GC_REFERENCES: readonly GcReferenceSource[] = [
  { name: 'aliases', refs: async (ws) => Object.entries(await readAliases(ws.store)).map(([name, ref]) => ({ ref, why: `alias ${name}` })) },
  {
    name: 'alias history',
    refs: async (ws) => (await readAliasHistory(ws.store)).flatMap((e) => [...(e.from ? [{ ref: e.from, why: `alias history of ${e.alias}` }] : []), { ref: e.to, why: `alias history of ${e.alias}` }]),
  },
  { name: 'spm.lock', refs: async (ws) => Object.entries((await readLock(ws.lockPath)).stages).map(([stage, e]) => ({ ref: { stage, id: e!.id }, why: 'spm.lock (the last run)' })) },
  { name: 'outcomes awaited', refs: servedModelRecords },
];

/**
 * Recorded predictions and monitoring versions of a model an alias names: the predictions still
 * await their outcomes (spm feedback joins them by id), the monitoring versions are that model's
 * live history (spm monitor). Those of models no alias names go like any unreferenced version.
 */
async function servedModelRecords(ws: Workspace, versions: readonly StoredVersion[]): Promise<GcReference[]> {
  const key = (r: { stage: string; id: string }): string => `${r.stage}/${r.id}`;
  const lineage = new Map(versions.map((v) => [key(v), v.lineage]));
  const served = new Set<string>();
  for (const ref of Object.values(await readAliases(ws.store))) {
    served.add(key(ref));
    for (const up of lineage.get(key(ref)) ?? []) if (up.stage === 'train') served.add(key(up));
  }
  return versions
    .filter((v) => v.stage === 'predictions' || v.stage === 'monitoring')
    .flatMap((v) => {
      const model = v.lineage.find((a) => served.has(key(a)));
      return model ? [{ ref: { stage: v.stage, id: v.id }, why: `${v.stage === 'predictions' ? 'predictions' : 'live metrics'} of ${key(model)}, which an alias names` }] : [];
    });
}

export interface GcRequest {
  readonly keepLast: number;
  readonly olderThanMs: number | null;
  readonly apply: boolean;
  readonly now?: number;
  /** Called once when another spm process holds the store lock. */
  readonly onLockWait?: LockOptions['onWait'];
}

export interface GcResult {
  readonly root: string;
  readonly dry_run: boolean;
  readonly kept: number;
  readonly removed: readonly { stage: string; id: string; created: string; bytes: number }[];
  readonly removed_bytes: number;
  /** Versions whose manifest cannot be read: never removed by gc (spm verify says what is wrong). */
  readonly unreadable: readonly string[];
}

export async function runGc(ws: Workspace, req: GcRequest): Promise<GcResult> {
  const lock = await acquireStoreLock(ws.store.root, req.onLockWait ? { onWait: req.onLockWait } : {});
  try {
    await ws.store.cleanStaleTemp();
    const { versions, unreadable } = await storedVersions(ws);
    const references = (await Promise.all(GC_REFERENCES.map((s) => s.refs(ws, versions)))).flat();
    const keepUnreadable: GcReference[] = unreadable.map((k) => ({ ref: { stage: k.split('/')[0]!, id: k.split('/')[1]! }, why: 'unreadable manifest' }));
    const plan: GcPlan = planGc(versions, [...references, ...keepUnreadable], {
      keepLast: req.keepLast,
      cutoffMs: req.olderThanMs === null ? null : (req.now ?? Date.now()) - req.olderThanMs,
    });
    if (req.apply) for (const v of plan.remove) await removeVersion(ws, v);
    return {
      root: ws.store.root,
      dry_run: !req.apply,
      kept: plan.keep.length,
      removed: plan.remove.map((v) => ({ stage: v.stage, id: v.id, created: v.created, bytes: v.bytes })),
      removed_bytes: plan.removeBytes,
      unreadable,
    };
  } finally {
    await lock.release();
  }
}

/** Every complete version in the store, whatever its stage, with its lineage and size. */
async function storedVersions(ws: Workspace): Promise<{ versions: StoredVersion[]; unreadable: string[] }> {
  const versions: StoredVersion[] = [];
  const unreadable: string[] = [];
  const stages = (await readdir(ws.store.root).catch(() => [] as string[])).filter((n) => STAGE_NAME.test(n)).sort();
  for (const stage of stages) {
    for (const id of await ws.store.listIds(stage)) {
      try {
        const m = await ws.store.readManifest(stage, id);
        const manifestBytes = (await stat(join(ws.store.versionDir(stage, id), 'manifest.json'))).size;
        versions.push({ stage, id, created: m.created, bytes: manifestBytes + m.outputs.reduce((s, o) => s + o.bytes, 0), lineage: m.inputs.artifacts });
      } catch (error) {
        if (!isSpmError(error)) throw error;
        unreadable.push(`${stage}/${id}`);
      }
    }
  }
  return { versions, unreadable };
}

/** Out of sight in one rename, then deleted. */
async function removeVersion(ws: Workspace, v: StoredVersion): Promise<void> {
  const aside = ws.store.tempDir(v.stage, v.id, '.gc');
  try {
    await mkdirp(dirname(aside));
    await rename(ws.store.versionDir(v.stage, v.id), aside);
    await rm(aside, { recursive: true, force: true });
  } catch (e) {
    throw ws.store.pathError(e);
  }
}
