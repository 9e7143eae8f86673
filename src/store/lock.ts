/**
 * One writer at a time per store: `mkdir <root>/.lock` is atomic, so only one process can
 * hold it. A lock whose owner process is gone (killed run) is taken over. Readers need no
 * lock: versions appear by atomic rename.
 */
import { rmSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpmError } from '../errors.js';
import { isAlive } from './store.js';

export interface StoreLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another process before giving up, in ms. */
  readonly timeoutMs?: number;
  /** Called once when we start waiting (to tell the user why nothing happens). */
  readonly onWait?: (ownerPid: number) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireStoreLock(root: string, options: LockOptions = {}): Promise<StoreLock> {
  const dir = join(root, '.lock');
  const ownerFile = join(dir, 'owner.json');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  await mkdir(root, { recursive: true });
  let told = false;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(ownerFile, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      let released = false;
      // On exit (including Ctrl-C, which the entry point turns into process.exit) the lock goes too.
      const releaseSync = (): void => {
        if (!released) rmSync(dir, { recursive: true, force: true });
        released = true;
      };
      process.once('exit', releaseSync);
      return {
        release: async () => {
          process.off('exit', releaseSync);
          if (!released) await rm(dir, { recursive: true, force: true });
          released = true;
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readOwner(ownerFile);
    if (owner === null || !isAlive(owner)) {
      // The owner is gone (or died before writing its pid long ago): take the lock over.
      if (owner !== null || (await lockAgeMs(ownerFile, dir)) > 5000) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
    } else if (!told) {
      told = true;
      options.onWait?.(owner);
    }
    if (Date.now() > deadline) {
      throw new SpmError('STORE_LOCKED', `the artifact store ${root} is locked by process ${owner ?? 'unknown'}`, {
        hint: 'wait for the other spm process to finish, or remove the .lock folder if no spm is running',
      });
    }
    await sleep(100);
  }
}

async function readOwner(file: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : null;
  } catch {
    return null;
  }
}

async function lockAgeMs(file: string, dir: string): Promise<number> {
  for (const p of [file, dir]) {
    try {
      return Date.now() - (await stat(p)).mtimeMs;
    } catch {
      /* try the next */
    }
  }
  return Infinity;
}
