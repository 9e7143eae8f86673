/**
 * One writer at a time per store. The lock is the folder `<root>/.lock` holding owner.json
 * (host, pid, a random token and a lease the holder renews: lock-lease.ts). It is prepared under a private name and renamed into place, so it
 * never appears without its owner, and a rename onto an existing lock fails: only one process
 * holds it. A lock whose owner process is gone (a killed run) is taken over — at once when
 * the owner is on this host and its pid is gone, after its lease lapses when it is on another
 * host (a live holder elsewhere keeps renewing, so it is never taken) — by renaming it aside first — of several waiters that saw the dead owner only one rename wins — and it is
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
import { hostTag } from './host.js';
import { DEFAULT_LEASE_MS, LeaseWatch, isThisHost, ownerRecord, parseOwner, renewLease } from './lock-lease.js';

export interface StoreLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another process before giving up, in ms. */
  readonly timeoutMs?: number;
  /** Called once when we start waiting (to tell the user why nothing happens); host only when it is another. */
  readonly onWait?: (ownerPid: number, otherHost?: string) => void;
  /** The lease this holder records and renews (another host takes over only after it lapses). */
  readonly leaseMs?: number;
}

const OWNER = 'owner.json';
/** A lock without a readable owner (an older spm died while creating it) counts as stale after this. */
const OWNERLESS_STALE_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
// `.lock.<pid>@<host tag>.<hex>.<what>`: cleanStaleTemp removes these only for pids of this host.
const privateName = (root: string, what: string): string =>
  join(root, `.lock.${process.pid}@${hostTag()}.${randomBytes(4).toString('hex')}.${what}`);

export async function acquireStoreLock(root: string, options: LockOptions = {}): Promise<StoreLock> {
  const dir = join(root, '.lock');
  const token = randomBytes(8).toString('hex');
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = ownerRecord(token, leaseMs);
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  try {
    await mkdirp(root);
  } catch (e) {
    throw userPathError(e, root, 'store');
  }
  let told = false;
  const watch = new LeaseWatch();
  for (;;) {
    if (await tryCreate(root, dir, owner)) return holdLock(dir, token, leaseMs);
    const current = await readOwner(dir);
    const holder = current === null ? null : parseOwner(current);
    const otherHost = holder !== null && !isThisHost(holder) ? holder.host : undefined;
    const stale =
      holder === null
        ? (await lockAgeMs(dir)) > OWNERLESS_STALE_MS
        : otherHost === undefined
          ? !isAlive(holder.pid)
          : watch.expired(current!, holder.leaseMs);
    if (stale) {
      await takeOver(root, dir, current);
      continue;
    }
    if (holder !== null && !told) {
      told = true;
      options.onWait?.(holder.pid, otherHost);
    }
    if (Date.now() > deadline) {
      const where = otherHost === undefined ? '' : ` on host ${otherHost}`;
      throw new SpmError('STORE_LOCKED', `the artifact store ${root} is locked by process ${holder?.pid ?? 'unknown'}${where}`, {
        hint:
          otherHost === undefined
            ? 'wait for the other spm process to finish, or remove the .lock folder if no spm is running'
            : `wait for the spm process on ${otherHost} to finish: its lease is still being renewed (a dead holder's lease lapses after ${holder!.leaseMs / 1000} s)`,
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
function holdLock(dir: string, token: string, leaseMs: number): StoreLock {
  let held = true;
  const stopRenewing = renewLease(dir, token, leaseMs);
  const releaseSync = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', releaseSync);
    stopRenewing();
    // Only our own lock: a lock someone took over from us is theirs now.
    const now = readOwnerSync(dir);
    if (now !== null && parseOwner(now)?.token === token) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  process.on('exit', releaseSync);
  return { release: async () => releaseSync() };
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
