/**
 * Which machine a process runs on, for a store that several hosts share (over NFS or the like).
 * A pid only means something on its own host: `isAlive(pid)` answers for this machine, so a lock
 * or a temporary name written by another host is never judged by its pid (the lock uses a lease
 * instead; temporary folders of other hosts are left alone).
 *
 * `SPM_HOSTNAME` overrides the host name. It exists for tests, which simulate a second host with
 * a second process on this one; it is not a setting users need.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/** The host name recorded in the store lock. */
export function hostName(): string {
  const forced = process.env.SPM_HOSTNAME;
  return forced !== undefined && forced !== '' ? forced : hostname();
}

/** A short, file-name-safe tag of a host name (8 hex digits), for temporary names. */
export function hostTag(host: string = hostName()): string {
  return createHash('sha256').update(host).digest('hex').slice(0, 8);
}

/** Whether a name's host tag (absent in names written by an older spm: then this host) is this host. */
export function isThisHostTag(tag: string | undefined): boolean {
  return tag === undefined || tag === hostTag();
}
