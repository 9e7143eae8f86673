/**
 * `runPieces(queue, pieces, { onProgress, signal })`: enqueues pieces (pieces.ts) on a store's
 * queue, waits until every one is done by some `spm worker`, and returns their results in the
 * order given. It is the whole coordinator API: `spm train --queue`, `spm predict --queue` (and
 * any command that cuts its work into pieces, e.g. many pipelines) call it, then assemble.
 *
 * ```ts
 * const results = await runPieces({ url: 'redis://localhost:6379', name: storeQueueName(root) },
 *   [{ kind: 'pipeline', project: { params: '/work/a/params.yaml', set: [] } }],
 *   { onProgress: (p) => console.error(`${p.done}/${p.total} done`), signal });
 * ```
 *
 * - Job ids are the pieces' content hashes: a piece already waiting or running (enqueued by
 *   another coordinator) is joined, not enqueued again; a finished one left in Redis from an
 *   earlier run is replaced (pieces are cheap to redo: fits found in the store are not refitted,
 *   up-to-date stages are skipped).
 * - The first piece that fails rejects with its own error (an SpmError keeps its code, so the
 *   command ends with the piece's exit code), after removing the pieces still waiting.
 * - Redis unreachable at start, or for `lostAfterMs` (default 10 s) later, rejects with
 *   QUEUE_UNREACHABLE.
 * - Aborting `signal` removes the pieces still waiting (running ones finish unheeded) and
 *   rejects with the signal's reason.
 * Progress comes from events (at once) and a poll every second (which also watches Redis).
 */
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { isErrorCode, SpmError } from '../errors.js';
import { deserializeError, type SerializedError } from '../util/worker.js';
import { connectRedis, loadBullmq, LOST_AFTER_MS, unreachable, type QueueAddress } from './connection.js';
import { pieceId, pieceLabel, type Piece } from './pieces.js';
import { JOB_OPTIONS, KEY_PREFIX } from './queue-options.js';
import type { PieceResults } from './run-piece.js';

export interface PieceProgress {
  readonly total: number;
  readonly done: number;
  readonly running: number;
  readonly failed: number;
  /** Running pieces per worker (host:pid). */
  readonly workers: Readonly<Record<string, number>>;
}

export interface RunPiecesOptions {
  /** Called whenever the counts change. */
  readonly onProgress?: (progress: PieceProgress) => void;
  readonly signal?: AbortSignal;
  /** Redis unanswering for this long mid-run is QUEUE_UNREACHABLE (default 10 s). */
  readonly lostAfterMs?: number;
}

/** Which worker ran each piece, beside the results (for --json documents). */
export interface PiecesDone<P extends Piece> {
  readonly results: Array<PieceResults[P['kind']]>;
  readonly workers: string[];
}

const POLL_MS = 1_000;

export async function runPieces<P extends Piece>(queue: QueueAddress, pieces: readonly P[], options: RunPiecesOptions = {}): Promise<PiecesDone<P>> {
  options.signal?.throwIfAborted();
  const { Queue, QueueEvents, Job } = await loadBullmq();
  const client = await connectRedis(queue.url, { blocking: false });
  let eventsClient: Redis | undefined;
  let q: Queue | undefined;
  let events: QueueEvents | undefined;
  const ids = pieces.map(pieceId);
  const results = new Array<PieceResults[P['kind']]>(pieces.length);
  const ranBy = new Array<string>(pieces.length).fill('');
  const finished = new Set<number>();
  try {
    q = new Queue(queue.name, { connection: client, prefix: KEY_PREFIX });
    q.on('error', () => {}); // surfaced by failed commands and the watchdog
    eventsClient = await connectRedis(queue.url, { blocking: true });
    events = new QueueEvents(queue.name, { connection: eventsClient, prefix: KEY_PREFIX });
    events.on('error', () => {});
    await events.waitUntilReady();

    const enqueue = async (i: number): Promise<void> => {
      await q!.add(pieces[i]!.kind, pieces[i]!, { ...JOB_OPTIONS, jobId: ids[i]! });
    };
    for (let i = 0; i < pieces.length; i++) {
      const old = await Job.fromId(q, ids[i]!);
      const state = old ? await old.getState() : 'unknown';
      if (state === 'completed' || state === 'failed') await old!.remove().catch(() => {});
      await enqueue(i);
    }

    let last = '';
    let lastContact = Date.now();
    const lostAfter = options.lostAfterMs ?? LOST_AFTER_MS;
    await new Promise<void>((resolve, reject) => {
      let polling = false;
      let again = false;
      // Set as the run ends (cancelled or failed): a poll still in flight must not enqueue again what was just removed.
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const stop = (error?: unknown): void => {
        stopped = true;
        clearInterval(timer);
        options.signal?.removeEventListener('abort', onAbort);
        events!.removeListener('completed', wake).removeListener('failed', wake).removeListener('active', wake);
        if (error === undefined) resolve();
        else reject(error);
      };
      const poll = async (): Promise<void> => {
        if (stopped) return;
        if (polling) {
          again = true;
          return;
        }
        polling = true;
        try {
          const workers: Record<string, number> = {};
          let failedPiece: { i: number; job: Job } | null = null;
          await Promise.all(
            pieces.map(async (_, i) => {
              if (finished.has(i)) return;
              const job = await Job.fromId(q!, ids[i]!);
              if (!job) return stopped ? undefined : enqueue(i); // removed under us (another coordinator's Ctrl-C): enqueue it again
              const state = await job.getState();
              if (state === 'completed') {
                finished.add(i);
                results[i] = job.returnvalue as PieceResults[P['kind']];
                ranBy[i] = job.processedBy ?? '';
              } else if (state === 'failed') {
                failedPiece ??= { i, job };
              } else if (state === 'active' && job.processedBy) {
                workers[job.processedBy] = (workers[job.processedBy] ?? 0) + 1;
              }
            }),
          );
          lastContact = Date.now();
          if (stopped) return;
          if (failedPiece !== null) {
            const { i, job } = failedPiece as { i: number; job: Job };
            stopped = true;
            options.onProgress?.({ total: pieces.length, done: finished.size, running: 0, failed: 1, workers: {} });
            await cancelWaiting(q!, ids, finished).catch(() => {});
            return stop(pieceError(pieces[i]!, job));
          }
          const running = Object.values(workers).reduce((a, b) => a + b, 0);
          const progress: PieceProgress = { total: pieces.length, done: finished.size, running, failed: 0, workers };
          const key = JSON.stringify(progress);
          if (key !== last) {
            last = key;
            options.onProgress?.(progress);
          }
          if (finished.size === pieces.length) stop();
        } catch (error) {
          if (Date.now() - lastContact >= lostAfter) stop(unreachable(queue.url, `lost mid-run (${(error as Error).message}); nothing was published`));
        } finally {
          polling = false;
          if (again) {
            again = false;
            void poll();
          }
        }
      };
      const wake = (): void => void poll();
      const onAbort = (): void => {
        stopped = true;
        void cancelWaiting(q!, ids, finished)
          .catch(() => {})
          .then(() => stop(options.signal!.reason));
      };
      if (options.signal?.aborted) onAbort(); // Ctrl-C while the pieces were being enqueued
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      events!.on('completed', wake).on('failed', wake).on('active', wake);
      timer = setInterval(wake, POLL_MS);
      void poll();
    });
    return { results, workers: ranBy };
  } catch (error) {
    // A command refused because Redis went away (while enqueueing): the address, not ioredis' words.
    if (!(error instanceof SpmError) && !options.signal?.aborted && client.status !== 'ready') throw unreachable(queue.url, `lost mid-run (${(error as Error).message}); nothing was published`);
    throw error;
  } finally {
    // A Redis that is gone would make a graceful close wait: drop the connections instead.
    const closeGracefully = client.status === 'ready';
    await Promise.race([Promise.all([events?.close(), q?.close()]).catch(() => {}), new Promise((r) => setTimeout(r, closeGracefully ? 2_000 : 0))]);
    eventsClient?.disconnect();
    client.disconnect();
  }
}

/** Removes the pieces no worker has taken yet (running ones cannot be taken back). */
async function cancelWaiting(q: Queue, ids: readonly string[], finished: ReadonlySet<number>): Promise<void> {
  const { Job } = await loadBullmq();
  await Promise.all(
    ids.map(async (id, i) => {
      if (finished.has(i)) return;
      const job = await Job.fromId(q, id);
      const state = job ? await job.getState() : 'unknown';
      if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) await job.remove().catch(() => {});
    }),
  );
}

/** A failed piece's error as the command rethrows it: the piece's own SpmError (code, message, hint), named. */
function pieceError(piece: Piece, job: Job): Error {
  const where = `${pieceLabel(piece)}${job.processedBy ? ` (on ${job.processedBy})` : ''}`;
  const reason = job.failedReason ?? '';
  let parsed: SerializedError | null = null;
  try {
    parsed = JSON.parse(reason) as SerializedError;
  } catch {
    parsed = null;
  }
  if (parsed && typeof parsed.message === 'string') {
    const error = deserializeError(parsed);
    if (error instanceof SpmError && isErrorCode(error.code)) return new SpmError(error.code, `${where}: ${error.message}`, error.hint ? { hint: error.hint } : {});
    return error; // a bug in the piece: its stack, exit 70
  }
  // Failed by the queue itself: lost its worker too many times.
  return new SpmError('QUEUE_PIECE_FAILED', `${where} failed: ${reason || 'no reason given'}`, {
    hint: 'see the logs of the spm worker processes; a piece that kills its workers (out of memory) fails after being handed to a few of them',
  });
}
