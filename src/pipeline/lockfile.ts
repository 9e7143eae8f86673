/**
 * spm.lock, beside the params file (DVC's dvc.lock): what the last run produced with which
 * params and inputs. `spm status` compares the current plan against it to say *why* a stage
 * is stale.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../store/atomic.js';
import type { ArtifactInput, DataInput } from '../store/manifest.js';
import { STAGES, type StageName } from './stages.js';

export interface LockEntry {
  readonly id: string;
  readonly params: Record<string, unknown>;
  readonly inputs: { readonly data: readonly DataInput[]; readonly artifacts: readonly ArtifactInput[] };
}

export interface LockFile {
  readonly format: 'spm.lock';
  readonly version: 1;
  readonly stages: Partial<Record<StageName, LockEntry>>;
}

export const emptyLock = (): LockFile => ({ format: 'spm.lock', version: 1, stages: {} });

/** Reads the lock; a missing or unreadable lock is treated as "never run" (it is only advice). */
export async function readLock(path: string): Promise<LockFile> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockFile>;
    if (parsed.format !== 'spm.lock' || parsed.version !== 1 || typeof parsed.stages !== 'object' || parsed.stages === null) return emptyLock();
    const stages: Partial<Record<StageName, LockEntry>> = {};
    for (const stage of STAGES) {
      const e = (parsed.stages as Record<string, Partial<LockEntry> | undefined>)[stage];
      // A damaged entry is dropped (the stage then reads as never run), never trusted.
      const ok =
        e &&
        typeof e.id === 'string' &&
        typeof e.params === 'object' &&
        e.params !== null &&
        Array.isArray(e.inputs?.data) &&
        Array.isArray(e.inputs?.artifacts) &&
        e.inputs.data.every((d) => typeof d?.path === 'string' && typeof d?.sha256 === 'string') &&
        e.inputs.artifacts.every((a) => typeof a?.stage === 'string' && typeof a?.id === 'string');
      if (ok) stages[stage] = e as LockEntry;
    }
    return { format: 'spm.lock', version: 1, stages };
  } catch {
    return emptyLock();
  }
}

export async function writeLock(path: string, lock: LockFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(lock, null, 1)}\n`);
}

export const withLockEntry = (lock: LockFile, stage: StageName, entry: LockEntry): LockFile => ({
  ...lock,
  stages: { ...lock.stages, [stage]: entry },
});
