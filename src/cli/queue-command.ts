/**
 * The command-line side of `--queue` (train, predict): the options, the queue a workspace's
 * pieces go to, the progress line on stderr (`queue: 3/8 pieces done, 2 running (a:12 ×1,
 * b:40 ×1), 0 failed`; transient on a terminal, one line per change elsewhere) and the ending
 * of a run that Ctrl-C cancelled (exit 130).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, SpmError } from '../errors.js';
import type { Workspace } from '../pipeline/workspace.js';
import type { QueueAddress } from '../queue/connection.js';
import type { PieceProgress } from '../queue/coordinator.js';
import type { ProjectRef } from '../queue/pieces.js';
import type { GlobalOptions, Ui } from './ui.js';

export interface QueueCliOptions {
  readonly queue?: string;
  readonly queueName?: string;
  readonly shards?: string;
}

export const DEFAULT_SHARDS = 8;

/** `--queue-name` as worker, train and predict take it. */
export const QUEUE_NAME_HELP = "queue in Redis (default: one per artifact store, named after the store's path: workers must see it at the same path)";

export function addQueueOptions(command: Command, what: string): Command {
  return command
    .option('--queue <url>', `${what} by spm worker processes on a Redis queue (redis://HOST:PORT); see spm worker --help`)
    .option('--shards <n>', `with --queue: pieces to cut the work into (default ${DEFAULT_SHARDS})`)
    .option('--queue-name <name>', `with --queue: ${QUEUE_NAME_HELP}`);
}

/**
 * The queue `--queue URL` and `--queue-name` name (`defaultName` without --queue-name), once Redis
 * answers there: an unreachable Redis fails the command before it builds or writes anything.
 */
export async function reachableQueue(opts: Pick<QueueCliOptions, 'queue' | 'queueName'>, defaultName: () => string): Promise<QueueAddress> {
  const { checkQueueUrl, checkQueueName, connectRedis } = await import('../queue/connection.js');
  const url = checkQueueUrl(opts.queue!);
  (await connectRedis(url, { blocking: false })).disconnect();
  return { url, name: opts.queueName !== undefined ? checkQueueName(opts.queueName) : defaultName() };
}

/** Where a workspace's pieces go and what they open (absolute paths: workers run elsewhere). */
export async function queueTarget(opts: GlobalOptions & QueueCliOptions, ws: Workspace): Promise<{ address: QueueAddress; project: ProjectRef; shards: number }> {
  const { storeQueueName } = await import('../queue/connection.js');
  return {
    address: await reachableQueue(opts, () => storeQueueName(ws.store.root)),
    project: { params: resolve(ws.loaded.file), set: [...opts.set], artifacts: resolve(ws.store.root) },
    shards: parseShards(opts.shards),
  };
}

/** Flags that only mean something with --queue, given without it: a USAGE error. */
export function assertQueueFlags(opts: QueueCliOptions, example: string): void {
  if (opts.queue === undefined && (opts.shards !== undefined || opts.queueName !== undefined)) {
    throw new SpmError('USAGE', `${opts.shards !== undefined ? '--shards' : '--queue-name'} goes with --queue URL`, { hint: example });
  }
}

function parseShards(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SHARDS;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new SpmError('USAGE', `--shards ${text}: expected a whole number of pieces from 1 to 10000`, { hint: 'e.g. --shards 16: spm train cuts its CV fits into that many pieces, spm predict its input' });
  }
  return n;
}

export function queueProgressLine(p: PieceProgress): string {
  const workers = Object.entries(p.workers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([w, n]) => `${w} ×${n}`);
  return `queue: ${p.done}/${p.total} pieces done, ${p.running} running${workers.length ? ` (${workers.join(', ')})` : ''}, ${p.failed} failed`;
}

export function queueProgress(ui: Ui): (p: PieceProgress) => void {
  return (p) => {
    if (ui.quiet) return;
    if (process.stderr.isTTY) ui.progress(queueProgressLine(p));
    else process.stderr.write(`${queueProgressLine(p)}\n`);
  };
}

/**
 * Runs a queue command's work with a signal the first Ctrl-C or SIGTERM aborts; a run so
 * cancelled (its waiting pieces removed, its temporary parts deleted) ends with 130.
 */
export async function interruptible(work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const { abortOnStop } = await import('./stop-signals.js');
  let aborted: AbortSignal | undefined;
  try {
    return await abortOnStop((signal) => {
      aborted = signal;
      return work(signal);
    });
  } catch (error) {
    if (!aborted?.aborted) throw error;
    process.stderr.write('\nspm: interrupted: the pieces still waiting were removed from the queue\n');
    return EXIT.interrupted;
  }
}
