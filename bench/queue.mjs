// Benchmark: the Redis queue (`spm worker`, `--queue`) on this machine, with its own
// redis-server on a free port (no persistence), against local runs, interleaved (medians):
// - per-piece overhead: noop pieces through Redis and one `spm worker` (the coordinator API
//   bundled from src/queue/coordinator.ts by esbuild): the round trip of one piece at a time,
//   and the cost per piece of a batch of 200;
// - train of the default grid (params.yaml) on --train-rows rows (default 100,000): `spm train`
//   against `spm train --queue --shards 8` with 1 and 2 workers (the refit included);
// - predict of --rows rows (default 2,000,000): `spm predict` against
//   `spm predict --queue --shards 4` with 1 and 2 workers (the merge included).
// Every queued result is checked byte-identical to the local one. Piece times come from the
// workers' logs, and feed the k-machine model on paper. Usage:
//   env -u NODE_EXTRA_CA_CERTS node bench/queue.mjs [--runs 2] [--rows 2000000] [--train-rows 100000]
// (writes the "queue" section of BENCHMARKS.md)
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BENCH_ENV, ROOT, arg, benchWorkspace, fmt, loadWatch, machine, measure, median, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 2);
const rows = arg('--rows', 2_000_000);
const trainRows = arg('--train-rows', 100_000);
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN } = benchWorkspace('queue');

// Redis of our own.
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const redisDir = mkdtempSync(join(tmpdir(), 'spm-bench-redis-'));
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
process.on('exit', () => {
  redis.kill('SIGKILL');
  rmSync(redisDir, { recursive: true, force: true });
});
while (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() !== 'PONG') spawnSync('sleep', ['0.1']);
const url = `redis://127.0.0.1:${port}`;

// The coordinator API, bundled from the sources (it is not part of the library API).
const coordinatorFile = join(dir, 'coordinator.mjs');
await build({ entryPoints: [join(ROOT, 'src/queue/coordinator.ts')], outfile: coordinatorFile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" } });
const { runPieces } = await import(coordinatorFile);

cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
measure(node, [BIN, 'synth', '-o', join(dir, 'data', 'students.csv'), '--rows', String(trainRows), '-q'], { cwd: dir });
measure(node, [BIN, 'synth', '-o', join(dir, 'big.csv'), '--rows', String(rows), '--seed', '7', '-q'], { cwd: dir });
measure(node, [BIN, 'ingest', '-q'], { cwd: dir });
measure(node, [BIN, 'transform', '-q'], { cwd: dir });

let logCount = 0;
/** `count` workers in the bench folder, each logging to its own file; resolves once all listen. */
async function startWorkers(count) {
  const workers = [];
  for (let i = 0; i < count; i++) {
    const log = join(dir, `worker-${++logCount}.log`);
    const fd = openSync(log, 'w');
    const child = spawn(node, [BIN, 'worker', '--queue', url, '--queue-name', 'bench'], { cwd: dir, env: BENCH_ENV, stdio: ['ignore', 'ignore', fd] });
    closeSync(fd);
    workers.push({ child, log, exited: new Promise((r) => child.once('exit', r)) });
  }
  for (const w of workers) while (!readFileSync(w.log, 'utf8').includes('waiting for pieces')) await new Promise((r) => setTimeout(r, 50));
  return workers;
}
async function stopWorkers(workers) {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  return workers.flatMap((w) => [...readFileSync(w.log, 'utf8').matchAll(/: (\w+ \w+ \d+\/\d+): done in ([\d.]+) s/g)].map((m) => ({ piece: m[1], seconds: Number(m[2]) })));
}
/** A command while `count` workers run; wall seconds and the pieces' times. */
async function queued(count, args) {
  const workers = await startWorkers(count);
  const { seconds } = measure(node, [BIN, ...args, '--queue', url, '--queue-name', 'bench', '-q'], { cwd: dir });
  return { seconds, pieces: await stopWorkers(workers) };
}
const same = (a, b) => {
  if (!readFileSync(join(dir, a)).equals(readFileSync(join(dir, b)))) throw new Error(`${a} differs from ${b}`);
};
const trainFiles = () => {
  const [id] = readdirSync(join(dir, 'artifacts', 'train'));
  return ['model.json', 'cv_results.json'].map((f) => readFileSync(join(dir, 'artifacts', 'train', id, f), 'utf8')).join('\n');
};

// 1. Overhead per piece.
const address = { url, name: 'bench' };
const overheadWorkers = await startWorkers(1);
const roundTrips = [];
for (let i = 0; i < 40; i++) {
  const t0 = process.hrtime.bigint();
  await runPieces(address, [{ kind: 'noop', n: i }]);
  roundTrips.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const batch = [];
for (let r = 0; r < 3; r++) {
  const t0 = process.hrtime.bigint();
  await runPieces(address, Array.from({ length: 200 }, (_, i) => ({ kind: 'noop', n: 1000 * (r + 1) + i })));
  batch.push(Number(process.hrtime.bigint() - t0) / 1e6 / 200);
}
await stopWorkers(overheadWorkers);

// 2. and 3. Train and predict, interleaved.
const t = { trainLocal: [], train1: [], train2: [], predictLocal: [], predict1: [], predict2: [] };
const pieceTimes = { train: [], predict: [] };
let reference;
const clearTrain = () => rmSync(join(dir, 'artifacts', 'train'), { recursive: true, force: true });
for (let r = 0; r < runs; r++) {
  clearTrain();
  t.trainLocal.push(measure(node, [BIN, 'train', '-q'], { cwd: dir }).seconds);
  reference ??= trainFiles();
  for (const [key, count] of [['train1', 1], ['train2', 2]]) {
    clearTrain();
    const q = await queued(count, ['train', '--shards', '8']);
    t[key].push(q.seconds);
    if (count === 1) pieceTimes.train.push(...q.pieces.map((p) => p.seconds));
    if (trainFiles() !== reference) throw new Error('queued train differs from the local train');
  }
  t.predictLocal.push(measure(node, [BIN, 'predict', '-i', 'big.csv', '-o', 'local.csv', '-q'], { cwd: dir }).seconds);
  for (const [key, count] of [['predict1', 1], ['predict2', 2]]) {
    const q = await queued(count, ['predict', '-i', 'big.csv', '-o', `${key}.csv`, '--shards', '4']);
    t[key].push(q.seconds);
    if (count === 1) pieceTimes.predict.push(...q.pieces.map((p) => p.seconds));
    same(`${key}.csv`, 'local.csv');
  }
}
const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
const rt = median(roundTrips);
const per = median(batch);
const trainPiece = median(pieceTimes.train);
const predictPiece = median(pieceTimes.predict);
// What is left of a queued run once its pieces (run one after another by one worker) are taken out: the coordinator's own work (ingest/transform check, refit; model load, merge).
const trainRest = m.train1 - 8 * trainPiece;
const predictRest = m.predict1 - 4 * predictPiece;
const model = (pieces, piece, rest, k) => rest + Math.ceil(pieces / k) * piece;
const ks = [1, 2, 4, 8];
const section = `## The Redis queue on one machine (spm worker, --queue)

\`env -u NODE_EXTRA_CA_CERTS node bench/queue.mjs --runs ${runs} --rows ${rows} --train-rows ${trainRows}\` — ${today()}, ${machine()}, Redis ${spawnSync('redis-server', ['--version']).stdout.toString().match(/v=([\d.]+)/)?.[1] ?? '?'} on loopback.
${load.note()}
Medians of ${runs} interleaved runs; workers are \`spm worker\` processes on this machine (one piece at a time each), started
before and stopped (SIGTERM) after each queued command, so their start-up is not in the figures. Every queued result was
checked byte-identical to the local one. Nothing here ran on more than one machine.

**Per-piece overhead** (noop pieces, one worker): one piece at a time, enqueue → done → result back: **${rt.toFixed(1)} ms** (median
of 40; includes connecting the coordinator to Redis). A batch of 200 at once: **${per.toFixed(2)} ms per piece**. A real piece adds
its thread's start and opening the workspace (in the piece times below).

| work | local | --queue, 1 worker | --queue, 2 workers |
|---|---|---|---|
| train, default grid (5 models, 12 candidates × 5 folds = 60 fits), ${trainRows.toLocaleString('en-US')} rows, 8 pieces + the refit | ${fmt(m.trainLocal)} | ${fmt(m.train1)} | ${fmt(m.train2)} (${(m.trainLocal / m.train2).toFixed(2)}× local) |
| predict ${rows.toLocaleString('en-US')} rows, 4 pieces + the merge | ${fmt(m.predictLocal)} | ${fmt(m.predict1)} | ${fmt(m.predict2)} (${(m.predictLocal / m.predict2).toFixed(2)}× local) |

Median piece: train fits ${fmt(trainPiece)} (of 8), predict shard ${fmt(predictPiece)} (of 4). A local train cross-validates on
both cores (\`train.jobs: auto\`) and a local predict parses on a second thread, while a piece uses one core: on this 2-core
machine two workers only catch up with the local run; the queue is for spreading pieces over machines.

**On k machines (a model on paper from the piece times above, not measured):** time ≈ (coordinator's own work, measured as the
1-worker run minus its pieces: train ${fmt(trainRest)}, predict ${fmt(predictRest)}) + ⌈pieces / k⌉ × median piece, one worker per
machine, every machine as fast as this one, the shared filesystem not the bottleneck (each predict piece reads its share of the
input and writes its part over it).

| k machines | ${ks.join(' | ')} |
|---|${ks.map(() => '---').join('|')}|
| train, 8 pieces | ${ks.map((k) => fmt(model(8, trainPiece, trainRest, k))).join(' | ')} |
| predict, 4 pieces | ${ks.map((k) => fmt(model(4, predictPiece, predictRest, k))).join(' | ')} |

More pieces than machines evens out slow pieces; more machines than pieces gains nothing (use \`--shards\` ≥ k).
`;
writeSection('queue', section);
console.log(section);
redis.kill('SIGKILL'); // its process handle would keep this script alive
