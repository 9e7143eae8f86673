/**
 * The Redis behind `--queue redis://HOST:PORT`: the address checked once, clients that fail
 * fast, and the queue name that keeps two stores on one Redis apart.
 *
 * Redis that cannot be reached is QUEUE_UNREACHABLE with the address, never a hang: a client is
 * connected explicitly (`lazyConnect`) within CONNECT_TIMEOUT_MS; the coordinator's plain
 * commands are not queued while Redis is away (`enableOfflineQueue: false`) and retried once
 * (`maxRetriesPerRequest: 1`), so a lost Redis surfaces as failed commands that the
 * coordinator's watchdog counts (coordinator.ts). BullMQ's blocking clients (a worker, the
 * coordinator's event stream) must retry forever (`maxRetriesPerRequest: null`); their
 * reconnections are spaced by `retryStrategy`.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import type { Redis, RedisOptions } from 'ioredis';
import { SpmError } from '../errors.js';

export const CONNECT_TIMEOUT_MS = 5_000;

/** Redis away for this long mid-run ends a command or a worker with QUEUE_UNREACHABLE. */
export const LOST_AFTER_MS = 10_000;

/** Where the queue is: the Redis URL as given, and the queue's name in it. */
export interface QueueAddress {
  readonly url: string;
  readonly name: string;
}

/** `redis://HOST[:PORT][/DB]` (or rediss:// for TLS); a USAGE error for anything else. */
export function checkQueueUrl(url: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw new SpmError('USAGE', `--queue ${url}: expected a Redis URL, redis://HOST:PORT`, { hint: 'spm worker --queue redis://localhost:6379' });
  }
  return url;
}

/**
 * The queue of a store: `store-` and a hash of the store folder's real path, so workers and
 * coordinators of one store (at one path on the shared filesystem) meet, and two stores on one
 * Redis never take each other's pieces. `--queue-name` replaces it.
 */
export function storeQueueName(storeRoot: string): string {
  let path = storeRoot;
  try {
    path = realpathSync(storeRoot);
  } catch {
    // Not created yet: the path as resolved (a first run creates it at this path).
  }
  return `store-${createHash('sha256').update(path).digest('hex').slice(0, 16)}`;
}

/** A USAGE error for a --queue-name BullMQ refuses. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw new SpmError('USAGE', `--queue-name ${name}: expected letters, digits, '.', '_' or '-' (at most 100, no ':')`, { hint: 'spm worker --queue redis://localhost:6379 --queue-name nightly' });
  }
  return name;
}

export const unreachable = (url: string, cause: string): SpmError =>
  new SpmError('QUEUE_UNREACHABLE', `cannot reach Redis at ${url}: ${cause}`, {
    hint: 'start Redis there (redis-server --port 6379) or give the address of a running one with --queue redis://HOST:PORT',
  });

/** ioredis is CommonJS: bundled, its exports arrive as the default export. */
async function loadRedis(): Promise<typeof import('ioredis').Redis> {
  const mod = await import('ioredis');
  const exported = mod as unknown as { Redis?: typeof mod.Redis; default?: { Redis?: typeof mod.Redis } };
  return exported.Redis ?? exported.default!.Redis!;
}

/** BullMQ's classes (CommonJS too, see loadRedis). */
export async function loadBullmq(): Promise<typeof import('bullmq')> {
  const mod = await import('bullmq');
  return (mod.Queue ? mod : (mod as unknown as { default: typeof mod }).default);
}

/**
 * A connected client. `blocking`: for BullMQ workers and event streams (commands wait for a
 * reconnection); otherwise commands fail at once while Redis is away.
 */
export async function connectRedis(url: string, options: { readonly blocking: boolean }): Promise<Redis> {
  const Redis = await loadRedis();
  const settings: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: options.blocking ? null : 1,
    enableOfflineQueue: options.blocking,
    // Reconnect every 0.2–1 s; whoever uses the client decides when a lost Redis is fatal.
    retryStrategy: (times: number) => Math.min(times * 200, 1_000),
  };
  const client = new Redis(url, settings);
  let last = '';
  // Errors while reconnecting are expected; callers learn of them through failed commands.
  client.on('error', (error: Error) => {
    last = (error as NodeJS.ErrnoException).code ?? error.message;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    throw unreachable(url, last || (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
  return client;
}
