/**
 * A workspace is one params file, its artifact store and its lock: what every command that
 * touches the pipeline opens first.
 */
import { expandSources } from './data-sources.js';
import { checkDeriveAgainstSource } from './derive-source.js';
import { dirname, join, relative, resolve } from 'node:path';
import { isSpmError, SpmError } from '../errors.js';
import { sha256File } from '../store/hash.js';
import type { DataInput } from '../store/manifest.js';
import { ArtifactStore } from '../store/store.js';
import { SPM_VERSION } from '../version.js';
import { findParamsFile } from './find-params.js';
import { readLock } from './lockfile.js';
import { loadParams, paramsSlice, parseParamsText, resolveDataPath, type LoadedParams } from './params.js';
import { planPipeline, type StagePlan } from './plan.js';
import { STAGES, STAGE_EXPLICIT, STAGE_LEGACY_DEFAULTS, STAGE_PARAMS, STAGE_PARAMS_WHEN_SET, type StageName } from './stages.js';

export interface WorkspaceOptions {
  /** -p FILE; absent: SPM_PARAMS, else params.yaml found upward from the current folder. */
  readonly params?: string;
  readonly set: readonly string[];
  readonly artifacts?: string;
}

export interface Workspace {
  readonly loaded: LoadedParams;
  readonly store: ArtifactStore;
  readonly lockPath: string;
  /** Absolute paths of the data files `ingest` reads. */
  readonly dataFiles: readonly string[];
  /** No params file: default params (openWorkspace's paramsOptional); no pipeline, no model. */
  readonly bare?: boolean;
}

export async function openWorkspace(opts: WorkspaceOptions, options: { paramsOptional?: boolean } = {}): Promise<Workspace> {
  let loaded: LoadedParams;
  try {
    loaded = await loadParams(findParamsFile(opts.params), [...opts.set]);
  } catch (error) {
    if (options.paramsOptional && isSpmError(error) && error.code === 'PARAMS_NOT_FOUND') return bareWorkspace(opts);
    throw error;
  }
  const root = opts.artifacts ? resolve(opts.artifacts) : resolveDataPath(loaded, loaded.params.artifacts.dir);
  const sources = Array.isArray(loaded.params.data.source) ? loaded.params.data.source : [loaded.params.data.source];
  const dataFiles = await expandSources(loaded.dir, sources, loaded.file);
  // features.derive against the data's header now, not after ingest (derive-source.ts)
  await checkDeriveAgainstSource(loaded.params, dataFiles);
  return { loaded, store: new ArtifactStore(root), lockPath: join(dirname(loaded.file), 'spm.lock'), dataFiles };
}

/**
 * A workspace with no params file (`spm drift` of two files): the defaults and -S overrides of
 * the params that need no data file (drift.*, data.types, …); data.source and data.target are
 * placeholders that nothing reads (`bare`).
 */
function bareWorkspace(opts: WorkspaceOptions): Workspace {
  const loaded = parseParamsText('data:\n  source: "(no params file)"\n  target: "(no params file)"\n', findParamsFile(opts.params), [...opts.set]);
  const root = opts.artifacts ? resolve(opts.artifacts) : resolveDataPath(loaded, loaded.params.artifacts.dir);
  return { loaded, store: new ArtifactStore(root), lockPath: join(dirname(loaded.file), 'spm.lock'), dataFiles: [], bare: true };
}

/** Content hashes of the data files, named relative to the params file (portable manifests). */
export async function hashDataFiles(ws: Workspace): Promise<DataInput[]> {
  const out: DataInput[] = [];
  for (const file of ws.dataFiles) {
    let digest: string;
    try {
      digest = await sha256File(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
        throw new SpmError('DATA_NOT_FOUND', `data file not found: ${file}`, {
          hint: `check data.source in ${ws.loaded.file} (paths are relative to the params file), or write the default data with \`spm synth -o data/students.csv\``,
        });
      }
      throw e;
    }
    out.push({ path: relative(ws.loaded.dir, file) || file, sha256: digest });
  }
  return out;
}

/**
 * Each stage's params slice: what its version id is derived from, and the only params its
 * implementation reads. Where spm treats a user-set value differently from a default (a model
 * that cannot do the task: skipped if defaulted, an error if named; likewise gates), the slice
 * says which keys the user set, so that difference is in the id too.
 */
export function stageSlices(ws: Workspace): Record<StageName, Record<string, unknown>> {
  const slices = {} as Record<StageName, Record<string, unknown>>;
  for (const stage of STAGES) {
    const set = [...ws.loaded.explicit];
    const whenSet = (STAGE_PARAMS_WHEN_SET[stage] ?? []).filter((k) => set.some((e) => e === k || e.startsWith(`${k}.`)));
    const slice = paramsSlice(ws.loaded.params, [...STAGE_PARAMS[stage], ...whenSet]);
    for (const [key, old] of Object.entries(STAGE_LEGACY_DEFAULTS)) if (!ws.loaded.explicit.has(key)) setDotted(slice, key, old);
    const explicit = (STAGE_EXPLICIT[stage] ?? []).filter((k) => ws.loaded.explicit.has(k));
    slices[stage] = explicit.length ? { ...slice, explicit } : slice;
  }
  return slices;
}

/** Sets dotted `key` of a slice where the slice has it (a key of another stage is left alone). */
function setDotted(slice: Record<string, unknown>, key: string, value: unknown): void {
  const segments = key.split('.');
  let node: unknown = slice;
  for (const s of segments.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  const last = segments.at(-1)!;
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, last)) (node as Record<string, unknown>)[last] = value;
}

/** The value at dotted `key` of a slice is an empty map or list. */
export async function existingVersions(ws: Workspace): Promise<Set<string>> {
  const existing = new Set<string>();
  for (const stage of STAGES) for (const id of await ws.store.listIds(stage)) existing.add(`${stage}/${id}`);
  return existing;
}

/** The plan for the current params and data (see plan.ts). */
export async function planWorkspace(ws: Workspace): Promise<StagePlan[]> {
  return planPipeline({
    slices: stageSlices(ws),
    data: await hashDataFiles(ws),
    existing: await existingVersions(ws),
    lock: await readLock(ws.lockPath),
    spmVersion: SPM_VERSION,
  });
}
