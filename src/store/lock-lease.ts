/**
 * The store lock's lease, for a store that several hosts share. The holder's owner.json names
 * its host and pid and a lease; a thread of the holder rewrites owner.json (a `beat` counter)
 * every third of the lease. A waiter on the same host judges the holder by its pid, at once, as
 * before. A waiter on another host cannot see that pid: it takes the lock over only when
 * owner.json has not changed for a whole lease by the waiter's own clock — no clock is compared
 * across machines, so skew between hosts cannot expire a live lock.
 *
 * The renewal runs on its own thread so a long synchronous fit on the main thread does not
 * let the lease lapse; it stops with the process, which is what makes a killed holder expire.
 */
import { Worker } from 'node:worker_threads';
import { hostName } from './host.js';

/** The lease a holder records unless told otherwise: taken over 30 s after its last renewal. */
export const DEFAULT_LEASE_MS = 30_000;

export interface LockOwner {
  readonly pid: number;
  /** Absent in locks written by an older spm: that lock is this host's. */
  readonly host: string | undefined;
  readonly token: string;
  readonly leaseMs: number;
}

export function ownerRecord(token: string, leaseMs: number): string {
  return JSON.stringify({ pid: process.pid, host: hostName(), token, since: new Date().toISOString(), lease_ms: leaseMs, beat: 0 });
}

/** owner.json's text as a LockOwner; null when it is not one (a damaged or foreign file). */
export function parseOwner(text: string): LockOwner | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.pid !== 'number') return null;
  return {
    pid: o.pid,
    host: typeof o.host === 'string' ? o.host : undefined,
    token: typeof o.token === 'string' ? o.token : '',
    leaseMs: typeof o.lease_ms === 'number' && o.lease_ms > 0 ? o.lease_ms : DEFAULT_LEASE_MS,
  };
}

export const isThisHost = (owner: LockOwner): boolean => owner.host === undefined || owner.host === hostName();

/**
 * What a waiter has seen of another host's lock: expired once the same owner.json text has
 * been read for longer than its lease (monotonic clock of this process).
 */
export class LeaseWatch {
  private text: string | null = null;
  private since = 0;

  expired(text: string, leaseMs: number, now: number = performance.now()): boolean {
    if (text !== this.text) {
      this.text = text;
      this.since = now;
      return false;
    }
    return now - this.since > leaseMs;
  }
}

// Plain CommonJS for an eval'd worker (it is not bundled). It writes beside owner.json and
// renames over it, so a reader never sees half a file, and stops writing once the lock is
// not its own (taken over after a lapse, or released).
const RENEWER = `
const { workerData } = require('node:worker_threads');
const { readFileSync, writeFileSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { dir, token, everyMs } = workerData;
const path = join(dir, 'owner.json');
const tmp = join(dir, '.owner.' + token + '.tmp');
setInterval(() => {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8'));
    if (owner.token !== token) return;
    owner.beat = (owner.beat || 0) + 1;
    writeFileSync(tmp, JSON.stringify(owner));
    renameSync(tmp, path);
  } catch {
    try { rmSync(tmp, { force: true }); } catch {}
  }
}, everyMs);
`;

/** Starts renewing the lease of the lock in `dir`; the returned function stops it. */
export function renewLease(dir: string, token: string, leaseMs: number): () => void {
  const worker = new Worker(RENEWER, { eval: true, workerData: { dir, token, everyMs: Math.max(10, Math.floor(leaseMs / 3)) } });
  worker.unref();
  worker.on('error', () => undefined); // a renewal that cannot run lets the lease lapse: the safe side
  return () => void worker.terminate();
}
