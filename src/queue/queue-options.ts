/**
 * What every BullMQ job of spm is enqueued with, and the key prefix of spm's queues in Redis:
 * one place, read by the coordinator (which adds jobs) and the worker (which takes them).
 */

/** Redis keys of spm's queues start `spm:<queue name>:`. */
export const KEY_PREFIX = 'spm';

/** How long a worker's lock on a running piece lasts without renewal (BullMQ `lockDuration`), by default. */
export const DEFAULT_LOCK_DURATION_MS = 30_000;

/**
 * How many times a piece that lost its worker (killed, or its lock not renewed) is handed to
 * another (BullMQ `maxStalledCount`): the next loss fails it, so a piece that kills every worker
 * it runs on (out of memory) fails instead of running forever.
 */
export const MAX_STALLED = 2;

/**
 * One attempt: a piece that fails on its data fails for good (it would fail the same way again);
 * only a lost worker's piece is run again (stalled-job detection, MAX_STALLED). Finished jobs
 * stay an hour for inspection (`redis-cli`, a BullMQ dashboard), then Redis drops them.
 */
export const JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { age: 3_600 },
  removeOnFail: { age: 3_600 },
} as const;
