/**
 * `spm train --queue` and `spm predict --queue` with three `spm worker` processes on a real
 * Redis (queue-harness.ts): the same bytes as a local run; a piece that fails on its data fails
 * the command once with its message; two coordinators on one store stay consistent; the
 * `spm run --queue -p PATTERN` (a `pipeline` piece per params file) equals a local many-pipeline run;
 * workers stop on SIGTERM with 0.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';
import { hasRedis, startRedis, startWorker, stopWorkers, type RedisServer, type WorkerProcess } from './queue-harness.js';

const PARAMS = `data:\n  source: data/students.csv\n  target: math_score\n  id_columns: [student_id]\ntrain:\n  models: { ridge: { alpha: [0.1, 1, 10] }, decision_tree: { max_depth: [2, 4] } }\n`;

async function spm(ws: Workspace, ...args: string[]) {
  const r = await runCli(args, { cwd: ws.dir });
  expect(r.code, `spm ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

async function workspace(): Promise<Workspace> {
  const ws = createWorkspace({ 'params.yaml': PARAMS });
  await spm(ws, 'synth', '-o', 'data/students.csv', '--rows', '300', '--seed', '3');
  return ws;
}

const trainBytes = (ws: Workspace): Record<string, string> => {
  const [id] = readdirSync(ws.path('artifacts/train'));
  return Object.fromEntries(['model.json', 'cv_results.json'].map((f) => [f, readFileSync(ws.path(`artifacts/train/${id}/${f}`), 'utf8')]));
};

describe.skipIf(!hasRedis)('train and predict on a queue, three workers', () => {
  let redis: RedisServer;
  let local: Workspace;
  let queued: Workspace;
  let workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    [local, queued] = await Promise.all([workspace(), workspace()]);
    workers = [1, 2, 3].map(() => startWorker(queued.dir, redis.url, '--lock-duration', '3000'));
    await Promise.all(workers.map((w) => w.waitFor('waiting for pieces')));
  }, 60_000);
  afterAll(async () => {
    await stopWorkers(workers);
    await redis?.stop();
    local?.cleanup();
    queued?.cleanup();
  });

  it('train --queue and predict --queue give the bytes of a local run (rejects included); progress names the workers', async () => {
    await spm(local, 'run', '-q');
    const train = await spm(queued, 'train', '--queue', redis.url, '--shards', '3', '--json');
    const doc = JSON.parse(train.stdout);
    expect(doc).toMatchObject({ stage: 'train', cached: false, queue: { pieces: 3 } });
    expect(doc.queue.workers).toHaveLength(3);
    expect(train.stderr).toContain('queue: 3/3 pieces done, 0 running, 0 failed');
    expect(train.stderr).toMatch(/queue: \d\/3 pieces done, \d running \((vm|[^:]+):\d+ ×1/);
    expect(trainBytes(queued)).toEqual(trainBytes(local));
    expect(existsSync(queued.path(`artifacts/.fits/${doc.id}`))).toBe(false); // used by the refit, then dropped
    await spm(queued, 'run', '-q');

    // An input with a row that is rejected: the merged rejects file is one predict's too.
    const rows = readFileSync(local.path('data/students.csv'), 'utf8').split('\n');
    const input = [...rows.slice(0, 200), rows[5]!.replace(/,[^,]*$/, ',not-a-number').replace(/^[^,]*,/, 'S-odd,'), ...rows.slice(200)].join('\n');
    local.write('cohort.csv', input);
    queued.write('cohort.csv', input);
    await spm(local, 'predict', '-i', 'cohort.csv', '-o', 'scored.csv', '-q');
    const predicted = await spm(queued, 'predict', '-i', 'cohort.csv', '-o', 'scored.csv', '--queue', redis.url, '--shards', '3', '--json');
    expect(JSON.parse(predicted.stdout)).toMatchObject({ pieces: 3, shards: 3, rows: 301, rejected: 1 });
    expect(readFileSync(queued.path('scored.csv'), 'utf8')).toBe(readFileSync(local.path('scored.csv'), 'utf8'));
    expect(readFileSync(queued.path('scored.rejects.csv'), 'utf8')).toBe(readFileSync(local.path('scored.rejects.csv'), 'utf8'));
    expect(readdirSync(queued.dir).filter((f) => f.includes('.parts-'))).toEqual([]); // the temporary parts are gone
    await spm(queued, 'verify', '-q');
  }, 120_000);

  it('a piece that fails on its data fails the command once, with its message and exit code, and writes nothing', async () => {
    const rows = readFileSync(queued.path('data/students.csv'), 'utf8').split('\n');
    queued.write('no-gender.csv', rows.map((r) => r.split(',').slice(0, 1).concat(r.split(',').slice(2)).join(',')).join('\n'));
    const before = workers.map((w) => (w.log().match(/started/g) ?? []).length);
    const r = await runCli(['predict', '-i', 'no-gender.csv', '-o', 'out.csv', '--queue', redis.url, '--shards', '2'], { cwd: queued.dir });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/spm: error:/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/spm: error: predict shard [12]\/2 \(on [^)]+\): .*gender/);
    expect(existsSync(queued.path('out.csv'))).toBe(false);
    // Each piece ran once at most: a data error is not retried.
    await new Promise((res) => setTimeout(res, 500));
    const after = workers.map((w) => (w.log().match(/started/g) ?? []).length);
    expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
  }, 60_000);

  it('two coordinators on one store: both succeed with the same train version, and spm verify is clean', async () => {
    const args = ['train', '--queue', redis.url, '--shards', '3', '--json', '-S', 'train.cv.folds=4'];
    const [a, b] = await Promise.all([runCli(args, { cwd: queued.dir }), runCli(args, { cwd: queued.dir })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(a.stdout).id).toBe(JSON.parse(b.stdout).id);
    await spm(local, 'train', '-q', '-S', 'train.cv.folds=4');
    const id = JSON.parse(a.stdout).id as string;
    expect(readFileSync(queued.path(`artifacts/train/${id}/model.json`), 'utf8')).toBe(readFileSync(local.path(`artifacts/train/${id}/model.json`), 'utf8'));
    await spm(queued, 'verify', '-q');
  }, 120_000);

  it('run --queue -p PATTERN: workers on the pipelines queue run each district, with the versions, table and exit code of a local run', async () => {
    // Two districts beside each other in both workspaces; b's gate cannot pass (exit 4 for both runs).
    for (const ws of [local, queued]) {
      ws.write('districts/a/params.yaml', PARAMS.replace('data/students.csv', '../../data/students.csv'));
      ws.write('districts/b/params.yaml', `${PARAMS.replace('data/students.csv', '../../data/students.csv')}evaluate:\n  gates: { r2: '>= 0.999' }\n`);
    }
    const pipelineWorkers = [1, 2].map(() => startWorker(queued.dir, redis.url, '--queue-name', 'pipelines'));
    try {
      await Promise.all(pipelineWorkers.map((w) => w.waitFor('waiting for pieces')));
      const pattern = 'districts/*/params.yaml';
      const here = await runCli(['run', '-p', pattern, '--json'], { cwd: local.dir });
      const there = await runCli(['run', '-p', pattern, '--queue', redis.url, '--json'], { cwd: queued.dir });
      expect(here.code, here.stderr).toBe(4);
      expect(there.code, there.stderr).toBe(4);
      const ids = (doc: { pipelines: { stages: { id: string }[]; status: string }[] }) => doc.pipelines.map((p) => [p.status, p.stages.map((s) => s.id)]);
      expect(ids(JSON.parse(there.stdout))).toEqual(ids(JSON.parse(here.stdout)));
      expect(JSON.parse(there.stdout).pipelines.map((p: { status: string }) => p.status)).toEqual(['passed', 'failed']);
      expect(there.stderr).toMatch(/\[2\/2\] districts\/b\/params\.yaml: FAILED \(gate\)/);
      expect(pipelineWorkers.map((w) => (w.log().match(/started/g) ?? []).length).reduce((a, b) => a + b, 0)).toBe(2);
      await spm(queued, 'verify', '-q', '-p', 'districts/a/params.yaml');
    } finally {
      await stopWorkers(pipelineWorkers);
    }
  }, 120_000);

  it('workers stop on SIGTERM with exit 0', async () => {
    expect(await stopWorkers(workers)).toEqual([0, 0, 0]);
    for (const w of workers) expect(w.log()).toContain('stopped');
  }, 30_000);
});
