/**
 * `spm worker --queue redis://HOST:PORT`: takes pieces (pieces.ts) from a store's queue and runs
 * each on a fresh thread (piece-worker.ts), `concurrency` at a time. It names itself host:pid
 * (BullMQ's worker name, which the coordinator shows per running piece).
 *
 * Faults:
 * - a piece that throws fails its job for good (UnrecoverableError) with the error's code,
 *   message and hint, serialized as the failure reason; the coordinator rethrows it;
 * - a worker killed mid-piece stops renewing the piece's lock: after `lockDurationMs` another
 *   worker's stalled-job check (every `lockDurationMs`) puts the piece back, and it runs again
 *   elsewhere (at most MAX_STALLED times);
 * - Redis unreachable at start is QUEUE_UNREACHABLE; Redis lost for LOST_AFTER_MS while running
 *   ends the worker (`lost`), so that it never waits forever for a Redis that is gone;
 * - `close()` (SIGTERM, Ctrl-C) takes no new piece, lets the running ones finish, then resolves.
 */
import { SpmError } from '../errors.js';
import { hostName } from '../store/host.js';
import { serializeError } from '../util/worker.js';
import { connectRedis, loadBullmq, LOST_AFTER_MS, unreachable, type QueueAddress } from './connection.js';
import { pieceLabel, type Piece } from './pieces.js';
import { DEFAULT_LOCK_DURATION_MS, KEY_PREFIX, MAX_STALLED } from './queue-options.js';
import type { PieceResult } from './run-piece.js';

/** How a worker names itself (in progress lines and BullMQ's `processedBy`): host:pid. */
export const workerName = (): string => `${hostName()}:${process.pid}`;

export interface WorkerOptions {
  readonly queue: QueueAddress;
  /** Pieces run at once (each on its own thread); default 1. */
  readonly concurrency?: number;
  /** BullMQ's lockDuration and stalled-check interval (ms): how soon a killed worker's piece runs elsewhere. */
  readonly lockDurationMs?: number;
  /** One line per event (piece started, done, failed; Redis lost). */
  readonly log?: (line: string) => void;
}

export interface RunningWorker {
  /** host:pid */
  readonly name: string;
  /** Takes no new piece, waits for the running ones, then disconnects. */
  close(): Promise<void>;
  /** Rejects with QUEUE_UNREACHABLE once Redis stayed away for LOST_AFTER_MS; never resolves otherwise. */
  readonly lost: Promise<never>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { url, name: queueName } = options.queue;
  const log = options.log ?? (() => {});
  const name = workerName();
  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  const connection = await connectRedis(url, { blocking: true });
  // BullMQ duplicates the client for its blocking reads; while Redis is away those copies report
  // every failed reconnection as an 'error' that nobody listens to once the worker closes
  // ("[ioredis] Unhandled error event" on stderr). The watchdog below is what decides.
  const duplicate = connection.duplicate.bind(connection);
  connection.duplicate = ((...args: Parameters<typeof duplicate>) => duplicate(...args).on('error', () => {})) as typeof connection.duplicate;
  const [{ Worker, UnrecoverableError }, { runTask }, { runPiece }] = await Promise.all([loadBullmq(), import('../util/worker.js'), import('./run-piece.js')]);
  const pieceThread = new URL('./piece-worker.js', import.meta.url);

  const worker = new Worker<Piece, PieceResult>(
    queueName,
    async (job) => {
      const piece = job.data;
      const started = Date.now();
      log(`${pieceLabel(piece)}: started`);
      try {
        // noop stays on this thread: it measures the queue alone.
        const result = piece.kind === 'noop' ? await runPiece(piece) : await runTask<PieceResult>(pieceThread, piece);
        log(`${pieceLabel(piece)}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return result;
      } catch (error) {
        log(`${pieceLabel(piece)}: failed: ${(error as Error).message}`);
        throw new UnrecoverableError(JSON.stringify(serializeError(error)));
      }
    },
    {
      connection,
      prefix: KEY_PREFIX,
      name,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: MAX_STALLED,
    },
  );
  worker.on('error', () => {}); // connection errors while Redis is away: the watchdog below decides
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await worker.close(true).catch(() => {});
    throw error instanceof SpmError ? error : unreachable(url, (error as Error).message);
  }

  let away: number | null = null;
  let watchdog: NodeJS.Timeout | undefined;
  const lost = new Promise<never>((_, reject) => {
    watchdog = setInterval(() => {
      if (connection.status === 'ready') {
        if (away !== null) log(`Redis at ${url} is back`);
        away = null;
        return;
      }
      if (away === null) {
        away = Date.now();
        log(`lost Redis at ${url}; reconnecting`);
      } else if (Date.now() - away >= LOST_AFTER_MS) {
        clearInterval(watchdog);
        reject(unreachable(url, `lost for ${LOST_AFTER_MS / 1000} s while working`));
      }
    }, 500);
  });
  lost.catch(() => {});

  return {
    name,
    lost,
    async close() {
      clearInterval(watchdog);
      // Redis gone: nothing can be reported, so do not wait for the running pieces (nor for long on BullMQ).
      if (connection.status === 'ready') await worker.close();
      else {
        void worker.close(true).catch(() => {});
        await worker.disconnect().catch(() => {}); // its reconnecting clients, which close(true) can wait for
      }
      connection.disconnect();
    },
  };
}
