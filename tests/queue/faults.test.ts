/**
 * The queue's faults on a real Redis (queue-harness.ts): a worker SIGKILLed mid-piece (its piece
 * runs again on another worker: the result complete and identical), Redis unreachable at start
 * and stopped mid-run (exit 1 with the address, within 30 s, nothing published), Ctrl-C on the
 * coordinator (exit 130, its waiting pieces removed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';
import { freePort, hasRedis, redisCli, startCli, startRedis, startWorker, stopWorkers, type RedisServer, type WorkerProcess } from './queue-harness.js';

let ws: Workspace;

const PARAMS = `data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  models: { ridge: { alpha: [0.1, 1] }, decision_tree: { max_depth: [3] } }\n`;

async function spm(ws: Workspace, ...args: string[]) {
  const r = await runCli(args, { cwd: ws.dir });
  expect(r.code, `spm ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

async function versionCount(stage: string): Promise<number> {
  return (JSON.parse((await runCli(['versions', stage, '--json'], { cwd: ws.dir })).stdout) as { versions: unknown[] }).versions.length;
}

describe.skipIf(!hasRedis)('queue faults', () => {
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    ws = createWorkspace({ 'params.yaml': PARAMS });
    await spm(ws, 'synth', '-o', 'data/students.csv', '--rows', '300');
    await spm(ws, 'run', '-q');
    await spm(ws, 'synth', '-o', 'cohort.csv', '--rows', '3000', '--seed', '9');
    await spm(ws, 'predict', '-i', 'cohort.csv', '-o', 'local.csv', '-q');
  }, 60_000);
  afterAll(async () => {
    await stopWorkers(workers);
    await redis?.stop();
    ws?.cleanup();
  });

  it('a worker SIGKILLed mid-piece: the piece runs again on another worker, the result complete and identical', async () => {
    const doomed = startWorker(ws.dir, redis.url, '--lock-duration', '1500');
    workers.push(doomed);
    await doomed.waitFor('waiting for pieces');
    const run = startCli(ws.dir, ['predict', '-i', 'cohort.csv', '-o', 'queued.csv', '--queue', redis.url, '--shards', '2', '--json']);
    await doomed.waitFor('predict shard 1/2: started');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe(null);
    const rescuers = [startWorker(ws.dir, redis.url, '--lock-duration', '1500'), startWorker(ws.dir, redis.url, '--lock-duration', '1500')];
    workers.push(...rescuers);
    const r = await run.result;
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.workers).not.toContain(`${doc.workers[0].split(':')[0]}:${doomed.child.pid}`);
    expect(rescuers.map((w) => w.log()).join('')).toContain('predict shard 1/2: started'); // the killed worker's piece, again
    expect(readFileSync(ws.path('queued.csv'), 'utf8')).toBe(readFileSync(ws.path('local.csv'), 'utf8'));
    expect(await stopWorkers(rescuers)).toEqual([0, 0]);
  }, 90_000);

  it('a piece that loses its worker a third time fails the command (QUEUE_PIECE_FAILED), never retried forever', async () => {
    const run = startCli(ws.dir, ['predict', '-i', 'cohort.csv', '-o', 'doomed.csv', '--queue', redis.url, '--queue-name', 'killer', '--shards', '1']);
    for (let kill = 1; kill <= 3; kill++) {
      const worker = startWorker(ws.dir, redis.url, '--queue-name', 'killer', '--lock-duration', '1000');
      workers.push(worker);
      await worker.waitFor('predict shard 1/1: started');
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const last = startWorker(ws.dir, redis.url, '--queue-name', 'killer', '--lock-duration', '1000');
    workers.push(last);
    const r = await run.result;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/spm: error: predict shard 1\/1 \(on [^)]+\) failed: job stalled more than allowable limit/);
    expect(r.stderr).toContain('hint: see the logs of the spm worker processes');
    expect(last.log()).not.toContain('predict shard 1/1: started');
    expect(existsSync(ws.path('doomed.csv'))).toBe(false);
  }, 60_000);

  it('Redis unreachable at start: exit 1 with the address, before anything is built', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const r = await runCli(['train', '--queue', url, '-S', 'split.seed=5'], { cwd: ws.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`spm: error: cannot reach Redis at ${url}: ECONNREFUSED`);
    expect(r.stderr).toContain('hint: start Redis there');
    const worker = await runCli(['worker', '--queue', url], { cwd: ws.dir });
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain(`cannot reach Redis at ${url}`);
    const many = await runCli(['run', '-p', 'params.yaml', '-p', 'params.yaml', '--queue', url], { cwd: ws.dir });
    expect(many.code).toBe(1);
    expect(many.stderr).toContain(`spm: error: cannot reach Redis at ${url}: ECONNREFUSED`);
    expect(await versionCount('ingest')).toBe(1); // nothing built for split.seed=5: only beforeAll's ingest
  }, 30_000);

  it('refuses a malformed --queue, and --shards without --queue, with their messages', async () => {
    const bad = await runCli(['predict', '-i', 'cohort.csv', '-o', 'x.csv', '--queue', 'localhost:6379'], { cwd: ws.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--queue localhost:6379: expected a Redis URL, redis://HOST:PORT');
    const alone = await runCli(['train', '--shards', '4'], { cwd: ws.dir });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--shards goes with --queue URL');
    const stdin = await runCli(['predict', '-o', 'x.csv', '--queue', redis.url], { cwd: ws.dir, input: '' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('--queue needs -i FILE');
    const sheet = await runCli(['predict', '-i', 'cohort.xlsx', '-o', 'x.csv', '--queue', redis.url], { cwd: ws.dir });
    expect(sheet.code).toBe(2);
    expect(sheet.stderr).toContain('--queue cuts CSV files into byte ranges; cohort.xlsx is converted as one stream');
    const concurrency = await runCli(['worker', '--queue', redis.url, '--concurrency', '0'], { cwd: ws.dir });
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toContain('--concurrency 0: expected a whole number from 1 to 256');
    const nowhere = createWorkspace();
    const outside = await runCli(['worker', '--queue', redis.url], { cwd: nowhere.dir });
    nowhere.cleanup();
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("spm worker takes the queue of a project's store");
    expect(outside.stderr).toContain('hint: start it in the project folder, or with -p PARAMS, or give the same --queue-name as the commands');
    const refused: Array<[string[], string]> = [
      [['train', '--queue', redis.url, '--shards', '0'], '--shards 0: expected a whole number of pieces from 1 to 10000'],
      [['train', '--queue', redis.url, '--force'], '--queue cannot be combined with --force'],
      [['predict', '-i', 'cohort.csv', '-o', 'x.csv', '--queue', redis.url, '--shard', '1/2'], '--queue cannot be combined with --shard'],
      [['worker', '--queue', redis.url, '--queue-name', 'a:b'], "--queue-name a:b: expected letters, digits, '.', '_' or '-' (at most 100, no ':')"],
      [['worker', '--queue', redis.url, '--lock-duration', '10'], '--lock-duration 10: expected milliseconds, at least 1000'],
      [['run', '--queue', redis.url], '--queue on spm run goes with many pipelines (-p PATTERN)'],
      [['run', '-p', 'params.yaml', '-p', 'params.yaml', '--queue-name', 'x'], '--queue-name goes with --queue URL'],
    ];
    for (const [args, message] of refused) {
      const r = await runCli(args, { cwd: ws.dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const help = await runCli(['worker', '--help'], { cwd: ws.dir });
    expect(help.stdout).toContain('spm worker --queue redis://localhost:6379 --concurrency 2');
  }, 30_000);

  it('Ctrl-C on the coordinator: exit 130, its waiting pieces removed from the queue, nothing published', async () => {
    const run = startCli(ws.dir, ['train', '--queue', redis.url, '--queue-name', 'cancelled', '--shards', '3', '-S', 'split.seed=11']);
    await run.waitFor('queue: 0/3 pieces done');
    expect(redisCli(redis.port, 'LLEN', 'spm:cancelled:wait')).toBe('3');
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('spm: interrupted: the pieces still waiting were removed from the queue');
    expect(redisCli(redis.port, 'LLEN', 'spm:cancelled:wait')).toBe('0');
    expect(await versionCount('train')).toBe(1); // only the train of beforeAll
  }, 30_000);

  it('Redis stopped mid-run: the command and an idle worker exit 1 with the address within 30 s, nothing published', async () => {
    const own = await startRedis();
    const run = startCli(ws.dir, ['train', '--queue', own.url, '--shards', '2', '-S', 'split.seed=12']);
    await run.waitFor('queue: 0/2 pieces done'); // no worker of this queue: the pieces wait
    const idle = startWorker(ws.dir, own.url, '--queue-name', 'idle');
    workers.push(idle);
    await idle.waitFor('waiting for pieces');
    const stopped = Date.now();
    await own.stop();
    const r = await run.result;
    expect(Date.now() - stopped).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`spm: error: cannot reach Redis at ${own.url}: lost mid-run`);
    // A worker does not wait forever for a Redis that is gone either.
    expect(await idle.exited).toBe(1);
    expect(Date.now() - stopped).toBeLessThan(30_000);
    expect(idle.log()).toContain(`spm: error: cannot reach Redis at ${own.url}: lost for 10 s while working`);
    expect(await versionCount('train')).toBe(1);
    await spm(ws, 'verify', '-q');
  }, 60_000);
});
