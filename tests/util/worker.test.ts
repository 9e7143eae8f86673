/**
 * util/worker.ts: one task, a pool, a stream, and errors crossing the thread boundary. The worker
 * (fixtures/test-worker.ts) is bundled with esbuild first, as scripts/build.mjs bundles spm's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { deserializeError, runPool, runTask, serializeError, streamTask, type SerializedError } from '../../src/util/worker.js';
import { rejectedSpmError } from '../helpers/errors.js';
import type { StreamJob, TestTask } from './fixtures/test-worker.js';

let dir: string;
let url: URL;
const tasks = { workerData: { mode: 'tasks' } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spm-worker-test-'));
  const outfile = join(dir, 'test-worker.mjs');
  await build({ entryPoints: [join(import.meta.dirname, 'fixtures', 'test-worker.ts')], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  url = pathToFileURL(outfile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Every Worker that runPool terminates, to check afterwards that each has exited. */
function watchTerminations(): Worker[] {
  const terminated: Worker[] = [];
  const terminate = Worker.prototype.terminate;
  vi.spyOn(Worker.prototype, 'terminate').mockImplementation(function (this: Worker) {
    terminated.push(this);
    return terminate.call(this);
  });
  return terminated;
}

describe('serializeError / deserializeError', () => {
  it('rebuilds an SpmError with its code, message, hint and exit code', () => {
    const e = deserializeError(serializeError(new SpmError('USAGE', 'alpha must be positive', { hint: 'fix params.yaml' })));
    expect(e).toBeInstanceOf(SpmError);
    expect(e).toMatchObject({ code: 'USAGE', message: 'alpha must be positive', hint: 'fix params.yaml', exitCode: 2 });
  });

  it('keeps a plain error plain, with its stack; a thrown non-error becomes its text', () => {
    const original = new Error('boom');
    const e = deserializeError(serializeError(original));
    expect(e).not.toBeInstanceOf(SpmError);
    expect(e.message).toBe('boom');
    expect(e.stack).toBe(original.stack);
    expect(deserializeError(serializeError('just a string')).message).toBe('just a string');
  });

  it('a code that is not in the table is not trusted: a plain Error naming it', () => {
    const forged: SerializedError = { spm: { code: 'data_not_found', message: 'data file not found: a.csv', hint: null, exitCode: 1 }, message: 'data file not found: a.csv', stack: 'Error: data file not found: a.csv' };
    const back = deserializeError(forged);
    expect(back).not.toBeInstanceOf(SpmError);
    expect(back.message).toBe('a worker sent the unknown error code "data_not_found": data file not found: a.csv');
  });

  it('the exit code follows the code, not what the worker sent', () => {
    const sent: SerializedError = { spm: { code: 'USAGE', message: 'unknown shift "x"', hint: null, exitCode: 1 }, message: 'unknown shift "x"', stack: '' };
    expect((deserializeError(sent) as SpmError).exitCode).toBe(2);
  });
});

describe('runTask', () => {
  it("resolves with the worker's value, and terminates the worker", async () => {
    const terminated = watchTerminations();
    await expect(runTask<number>(url, { op: 'square', n: 7 } satisfies TestTask, tasks)).resolves.toBe(49);
    expect(terminated).toHaveLength(1);
    expect(terminated[0]!.threadId).toBe(-1); // exited
  });

  it('moves a typed array back (a transfer list) intact', async () => {
    const value = await runTask<Float64Array>(url, { op: 'array', length: 1000 } satisfies TestTask, tasks);
    expect(value).toBeInstanceOf(Float64Array);
    expect([value.length, value[0], value[999]]).toEqual([1000, 0, 999]);
  });

  it('rejects with an SpmError thrown in the worker: code, message, hint and exit code kept', async () => {
    const e = await rejectedSpmError(runTask(url, { op: 'spm-error' } satisfies TestTask, tasks));
    expect(e).toMatchObject({ code: 'PARAMS_INVALID', message: 'train.grid.max_depth must be a positive integer', hint: 'fix params.yaml, then `spm train`', exitCode: 1 });
  });

  it("rejects with a plain error as a plain error, with the worker's stack", async () => {
    const e = await runTask(url, { op: 'throw' } satisfies TestTask, tasks).catch((error: unknown) => error as Error);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(SpmError);
    expect(e.message).toBe('plain failure in the worker');
    expect(e.stack).toContain('throwPlainErrorInWorker');
    expect(e.stack).toContain('test-worker.mjs');
  });

  it('rejects when the worker stops without answering', async () => {
    await expect(runTask(url, { op: 'exit', code: 3 } satisfies TestTask, tasks)).rejects.toThrow('worker test-worker.mjs stopped with exit code 3 before answering');
  });

  it('an abort terminates the worker and rejects with the reason', async () => {
    const terminated = watchTerminations();
    const abort = new AbortController();
    const running = runTask(url, { op: 'hang' } satisfies TestTask, { ...tasks, signal: abort.signal });
    abort.abort(new Error('no longer needed'));
    await expect(running).rejects.toThrow('no longer needed');
    expect(terminated.map((w) => w.threadId)).toEqual([-1]);
  });
});

describe('runPool', () => {
  it('gives the values in task order, whichever worker finishes first', async () => {
    // The first tasks take longest, so they finish last.
    const list: TestTask[] = Array.from({ length: 8 }, (_, i) => ({ op: 'square', n: i, delayMs: (8 - i) * 15 }));
    const started: number[] = [];
    const values = await runPool<number>(url, list, { jobs: 3, ...tasks, onStart: (index) => started.push(index) });
    expect(values).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // handed out in order, once each
  });

  it('starts no more workers than tasks, and none for no task', async () => {
    const terminated = watchTerminations();
    await expect(runPool<number>(url, [{ op: 'square', n: 2 }], { jobs: 4, ...tasks })).resolves.toEqual([4]);
    expect(terminated).toHaveLength(1);
    await expect(runPool<number>(url, [], { jobs: 4, ...tasks })).resolves.toEqual([]);
    expect(terminated).toHaveLength(1);
  });

  it('stops at the first error: the pool rejects with it and every worker is terminated', async () => {
    const terminated = watchTerminations();
    // Two workers hang on their tasks; the third fails: without the stop, the pool would never end.
    const list: TestTask[] = [{ op: 'hang' }, { op: 'hang' }, { op: 'spm-error' }, { op: 'square', n: 3 }];
    const e = await rejectedSpmError(runPool(url, list, { jobs: 3, ...tasks }));
    expect(e.code).toBe('PARAMS_INVALID');
    expect(terminated).toHaveLength(3);
    expect(terminated.map((w) => w.threadId)).toEqual([-1, -1, -1]);
  });
});

describe('streamTask', () => {
  const streamWorker = (): Worker => new Worker(url, { workerData: { mode: 'stream' } });

  it('yields the values in order, then ends and terminates the worker', async () => {
    const worker = streamWorker();
    const values: number[] = [];
    for await (const v of streamTask<number>(worker, { count: 5 } satisfies StreamJob)) values.push(v);
    expect(values).toEqual([0, 1, 2, 3, 4]);
    expect(worker.threadId).toBe(-1);
  });

  it('throws an SpmError raised in the worker after the values before it', async () => {
    const worker = streamWorker();
    const values: number[] = [];
    const e = await rejectedSpmError(
      (async () => {
        for await (const v of streamTask<number>(worker, { count: 10, failAt: 3 } satisfies StreamJob)) values.push(v);
      })(),
    );
    expect(values).toEqual([0, 1, 2]);
    expect(e).toMatchObject({ code: 'DATA_NOT_FOUND', message: 'data/part-3.csv not found', hint: 'spm synth -o data/part-3.csv', exitCode: 1 });
    expect(worker.threadId).toBe(-1);
  });

  it('keeps the worker at most maxInFlight values ahead of the reader (back-pressure)', async () => {
    const produced = new SharedArrayBuffer(4);
    const worker = streamWorker();
    const stream = streamTask<number>(worker, { count: null, produced } satisfies StreamJob);
    expect((await stream.next()).value).toBe(0);
    // An endless producer without back-pressure would have made thousands of values by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(Atomics.load(new Int32Array(produced), 0)).toBeLessThanOrEqual(3); // the one taken + maxInFlight 2
    await stream.return(undefined);
    expect(worker.threadId).toBe(-1);
  });
});
