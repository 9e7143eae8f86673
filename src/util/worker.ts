/**
 * Work on worker threads, one protocol for every worker of spm: the main thread posts a task,
 * the worker answers with a `WorkerReply` (a value, or the error it threw; a stream sends many
 * values and then its end). Three shapes of work use it:
 * - `runTask`: one task on a fresh worker, which is then terminated (csv-parts.ts);
 * - `runPool`: N workers and a queue of tasks, results in task order; the first error stops the
 *   pool and terminates every worker (parallel-cv.ts, forest-parallel.ts);
 * - `streamTask`: a task whose values arrive one by one, with back-pressure (parsed-source.ts).
 * The worker side is `serveTasks` (runTask, runPool) or `serveStream` (streamTask).
 *
 * Errors cross the boundary with their stack. Structured cloning drops an error's class, so an
 * SpmError thrown in a worker (a bad hyper-parameter, a missing column) would reach the entry
 * point as an internal error (exit 70): it is sent in this form, and the main thread rebuilds
 * the SpmError with its code and hint (the code fixes the exit code). A code that is not in
 * ERROR_CODES is not trusted: it comes back as an internal error naming it.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { isErrorCode, isSpmError, SpmError } from '../errors.js';

export interface SerializedError {
  readonly spm: { readonly code: string; readonly message: string; readonly hint: string | null; readonly exitCode: number } | null;
  readonly message: string;
  readonly stack: string;
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    spm: isSpmError(e) ? { code: e.code, message: e.message, hint: e.hint ?? null, exitCode: e.exitCode } : null,
    message: e.message,
    stack: e.stack ?? '',
  };
}

export function deserializeError(s: SerializedError): Error {
  const e =
    s.spm && isErrorCode(s.spm.code)
      ? new SpmError(s.spm.code, s.spm.message, { hint: s.spm.hint ?? undefined })
      : new Error(s.spm ? `a worker sent the unknown error code ${JSON.stringify(s.spm.code)}: ${s.message}` : s.message);
  // Where it was thrown, in the worker: the stack the main thread would give says nothing.
  if (s.stack) e.stack = s.stack;
  return e;
}

/** Every message a worker sends. */
export type WorkerReply<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'error'; readonly error: SerializedError }
  /** A stream's last message (serveStream). */
  | { readonly kind: 'end' };

/** The buffers under `views`, once each: the transfer list that moves them instead of copying them. */
export function buffersOf(views: Iterable<ArrayBufferView>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) buffers.add(view.buffer as ArrayBuffer);
  return [...buffers];
}

const noTransfer = (): ArrayBuffer[] => [];

/** A worker that stopped on its own before answering (an uncaught error is reported by its 'error' event instead). */
const stopped = (name: string, code: number): Error => new Error(`worker ${name} stopped with exit code ${code} before answering`);

const nameOf = (url: URL): string => url.pathname.split('/').pop() ?? url.href;

export interface PoolOptions {
  /** How many workers to start (never more than there are tasks). */
  readonly jobs: number;
  /** Given to every worker once as its `workerData` (SharedArrayBuffers in it are shared, not copied). */
  readonly workerData?: unknown;
  /** Called as task `index` is handed to a worker, with how many tasks are done. */
  readonly onStart?: (index: number, done: number) => void;
  /** Aborting terminates every worker; the pool rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `tasks` on `options.jobs` workers started from `url` (each served by `serveTasks`), a task
 * handed to each worker as it becomes free. Resolves with the values in task order; the first
 * error (thrown by a task, or a worker dying) rejects, and every worker is terminated either way.
 */
export async function runPool<T>(url: URL, tasks: readonly unknown[], options: PoolOptions): Promise<T[]> {
  const values = new Array<T>(tasks.length);
  if (tasks.length === 0) return values;
  const { signal } = options;
  signal?.throwIfAborted();
  const workers = Array.from({ length: Math.max(1, Math.min(options.jobs, tasks.length)) }, () => new Worker(url, { workerData: options.workerData }));
  let next = 0;
  let done = 0;
  let onAbort = (): void => {};
  try {
    await new Promise<void>((resolve, reject) => {
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      for (const worker of workers) {
        let current = -1;
        const feed = (): void => {
          if (next >= tasks.length) return;
          current = next++;
          options.onStart?.(current, done);
          worker.postMessage(tasks[current]);
        };
        worker.on('message', (reply: WorkerReply<T>) => {
          if (reply.kind !== 'value') return reject(reply.kind === 'error' ? deserializeError(reply.error) : new Error('a task worker sent a stream end'));
          values[current] = reply.value;
          if (++done === tasks.length) resolve();
          else feed();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => reject(stopped(nameOf(url), code)));
        feed();
      }
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return values;
}

/** One task on a fresh worker (served by `serveTasks`), terminated once it has answered or failed. */
export async function runTask<T>(url: URL, task: unknown, options: Omit<PoolOptions, 'jobs' | 'onStart'> = {}): Promise<T> {
  const [value] = await runPool<T>(url, [task], { ...options, jobs: 1 });
  return value!;
}

/**
 * The worker side of runTask and runPool: answers every task posted with `handle`'s value (the
 * buffers `transfer(value)` lists are moved, not copied) or with the error it threw.
 */
export function serveTasks<Task, R>(handle: (task: Task) => R | Promise<R>, transfer: (value: R) => ArrayBuffer[] = noTransfer): void {
  const port = parentPort!;
  port.on('message', async (task: Task) => {
    let reply: WorkerReply<R>;
    let list: ArrayBuffer[] = [];
    try {
      const value = await handle(task);
      reply = { kind: 'value', value };
      list = transfer(value);
    } catch (error) {
      reply = { kind: 'error', error: serializeError(error) };
    }
    port.postMessage(reply, list);
  });
}

/**
 * Posts `task` to `worker` (served by `serveStream`) and yields the values it sends, in order,
 * acknowledging each as it is taken so that the worker runs only a few values ahead. An error in
 * the worker is thrown here. The worker is terminated when the stream ends, fails or is left.
 */
export async function* streamTask<T>(worker: Worker, task: unknown): AsyncGenerator<T> {
  const name = `thread ${worker.threadId}`; // -1 once it has exited
  const queue: WorkerReply<T>[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  const wake = (): void => {
    notify?.();
    notify = null;
  };
  worker.on('message', (reply: WorkerReply<T>) => {
    queue.push(reply);
    wake();
  });
  worker.on('error', (e) => {
    failure ??= e;
    wake();
  });
  worker.on('exit', (code) => {
    failure ??= stopped(name, code);
    wake();
  });
  worker.postMessage(task);
  try {
    for (;;) {
      // Messages sent before an exit are all delivered before it: read them first.
      while (queue.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (notify = resolve));
      }
      const reply = queue.shift()!;
      if (reply.kind === 'end') return;
      if (reply.kind === 'error') throw deserializeError(reply.error);
      worker.postMessage('ack');
      yield reply.value;
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The worker side of streamTask: the first message is the task, whose values `produce` yields;
 * each is posted (the buffers `transfer(value)` lists moved), and production waits while
 * `maxInFlight` values are not yet taken, so memory stays bounded however long the stream.
 */
export function serveStream<Task, R>(produce: (task: Task) => AsyncIterable<R>, options: { readonly maxInFlight: number; readonly transfer?: (value: R) => ArrayBuffer[] }): void {
  const port = parentPort!;
  const transfer = options.transfer ?? noTransfer;
  let started = false;
  let inFlight = 0;
  let taken: (() => void) | null = null;
  const post = (reply: WorkerReply<R>, list: ArrayBuffer[] = []): void => port.postMessage(reply, list);
  const run = async (task: Task): Promise<void> => {
    try {
      for await (const value of produce(task)) {
        inFlight++;
        post({ kind: 'value', value }, transfer(value));
        while (inFlight >= options.maxInFlight) await new Promise<void>((resolve) => (taken = resolve));
      }
      post({ kind: 'end' });
    } catch (error) {
      post({ kind: 'error', error: serializeError(error) });
    }
  };
  port.on('message', (message: unknown) => {
    if (!started) {
      started = true;
      void run(message as Task);
      return;
    }
    inFlight--; // an ack
    taken?.();
    taken = null;
  });
}
