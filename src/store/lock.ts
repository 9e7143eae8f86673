/**
 * One writer at a time per store. The lock is the folder `<root>/.lock` holding owner.json
 * (pid and a random token). It is prepared under a private name and renamed into place, so it
 * never appears without its owner, and a rename onto an existing lock fails: only one process
 * holds it. A lock whose owner process is gone (a killed run) is taken over by renaming it
 * aside first — of several waiters that saw the dead owner only one rename wins — and it is
 * only ever removed by the process that owner.json names. Readers need no lock: versions
 * appear by atomic rename.
 */
import { mkdirp } from '../util/mkdirp.js';
import { isNotFound, isOccupied } from './fs-errors.js';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpmError } from '../errors.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';
import { userPathError } from './atomic.js';
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

const OWNER = 'owner.json';
/** A lock without a readable owner (an older spm died while creating it) counts as stale after this. */
const OWNERLESS_STALE_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const privateName = (root: string, what: string): string => join(root, `.lock.${process.pid}.${randomBytes(4).toString('hex')}.${what}`);

export async function acquireStoreLock(root: string, options: LockOptions = {}): Promise<StoreLock> {
  const dir = join(root, '.lock');
  const owner = JSON.stringify({ pid: process.pid, token: randomBytes(8).toString('hex'), since: new Date().toISOString() });
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  try {
    await mkdirp(root);
  } catch (e) {
    throw userPathError(e, root, 'store');
  }
  let told = false;
  for (;;) {
    if (await tryCreate(root, dir, owner)) return holdLock(dir, owner);
    const current = await readOwner(dir);
    const pid = current === null ? null : ownerPid(current);
    if (pid === null ? (await lockAgeMs(dir)) > OWNERLESS_STALE_MS : !isAlive(pid)) {
      await takeOver(root, dir, current);
      continue;
    }
    if (pid !== null && !told) {
      told = true;
      options.onWait?.(pid);
    }
    if (Date.now() > deadline) {
      throw new SpmError('STORE_LOCKED', `the artifact store ${root} is locked by process ${pid ?? 'unknown'}`, {
        hint: 'wait for the other spm process to finish, or remove the .lock folder if no spm is running',
      });
    }
    await sleep(100);
  }
}

/** Renames a prepared lock folder into place; false when another lock is there. */
async function tryCreate(root: string, dir: string, owner: string): Promise<boolean> {
  const fresh = privateName(root, 'new');
  trackTemp(fresh);
  try {
    await mkdir(fresh);
    await writeFile(join(fresh, OWNER), owner);
    await rename(fresh, dir);
    return true;
  } catch (e) {
    if (!isOccupied(e)) throw userPathError(e, root, 'store');
    await rm(fresh, { recursive: true, force: true });
    return false;
  } finally {
    untrackTemp(fresh);
  }
}

/**
 * Removes the stale lock whose owner.json read `stale`. Renaming it aside first means only
 * one waiter gets it; if what we moved is not that lock (a faster waiter already took over and
 * holds a fresh one), it is put back. (Should a third process create a lock in that instant,
 * the put-back fails and the faster waiter loses its lock: release never deletes a lock it
 * does not own, so the two runs at worst overlap; they cannot delete each other's lock.)
 */
async function takeOver(root: string, dir: string, stale: string | null): Promise<void> {
  const aside = privateName(root, 'stale');
  try {
    await rename(dir, aside);
  } catch (e) {
    if (isNotFound(e)) return; // another waiter moved it first
    throw userPathError(e, root, 'store');
  }
  if ((await readOwner(aside)) === stale) {
    await rm(aside, { recursive: true, force: true });
    return;
  }
  try {
    await rename(aside, dir);
  } catch {
    await rm(aside, { recursive: true, force: true });
  }
}

/** The held lock: released on `release()` or at exit (Ctrl-C ends spm through process.exit). */
function holdLock(dir: string, owner: string): StoreLock {
  let held = true;
  const releaseSync = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', releaseSync);
    // Only our own lock: a lock someone took over from us is theirs now.
    if (readOwnerSync(dir) === owner) rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', releaseSync);
  return { release: async () => releaseSync() };
}

function ownerPid(text: string): number | null {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : null;
  } catch {
    return null;
  }
}

async function readOwner(dir: string): Promise<string | null> {
  try {
    return await readFile(join(dir, OWNER), 'utf8');
  } catch {
    return null;
  }
}

function readOwnerSync(dir: string): string | null {
  try {
    return readFileSync(join(dir, OWNER), 'utf8');
  } catch {
    return null;
  }
}

async function lockAgeMs(dir: string): Promise<number> {
  for (const p of [join(dir, OWNER), dir]) {
    try {
      return Date.now() - (await stat(p)).mtimeMs;
    } catch {
      /* try the next */
    }
  }
  return Infinity;
}
