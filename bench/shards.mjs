// Benchmark: `spm predict` and `spm train` in shards on this machine, against one local run,
// interleaved run by run (medians): predict of --rows rows (default 1,000,000) locally, as 2
// shards run at once then --merge, and as 1 shard of 1 (what the shard path itself costs:
// finding the range and copying it); train of the default grid on --train-rows rows (default
// 100,000) locally and as 2 shards at once then `spm train` (the refit). Each sharded result is
// checked byte-identical to the local one. Usage:
//   env -u NODE_EXTRA_CA_CERTS node bench/shards.mjs [--runs 3] [--rows 1000000] [--train-rows 100000]
// (writes the "shards" section of BENCHMARKS.md)
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ENV, ROOT, arg, benchWorkspace, fmt, loadWatch, machine, measure, median, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const rows = arg('--rows', 1_000_000);
const trainRows = arg('--train-rows', 100_000);
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN } = benchWorkspace('shards');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
measure(node, [BIN, 'synth', '-o', join(dir, 'data', 'students.csv'), '--rows', String(trainRows), '-q'], { cwd: dir });
measure(node, [BIN, 'synth', '-o', join(dir, 'big.csv'), '--rows', String(rows), '--seed', '7', '-q'], { cwd: dir });
measure(node, [BIN, 'ingest', '-q'], { cwd: dir });
measure(node, [BIN, 'transform', '-q'], { cwd: dir });

/** Runs the commands at once; wall seconds until the last ends. */
function together(commands) {
  const t0 = process.hrtime.bigint();
  return Promise.all(
    commands.map(
      (args) =>
        new Promise((ok, fail) => {
          const child = spawn(node, [BIN, ...args], { cwd: dir, env: BENCH_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`spm ${args.join(' ')} exited ${code}: ${err}`))));
        }),
    ),
  ).then(() => Number(process.hrtime.bigint() - t0) / 1e9);
}
const same = (a, b) => {
  if (!readFileSync(join(dir, a)).equals(readFileSync(join(dir, b)))) throw new Error(`${a} differs from ${b}`);
};
const trainFiles = () => {
  const [id] = readdirSync(join(dir, 'artifacts', 'train'));
  return ['model.json', 'cv_results.json'].map((f) => readFileSync(join(dir, 'artifacts', 'train', id, f), 'utf8')).join('\n');
};

const t = { local: [], two: [], one: [], trainLocal: [], trainTwo: [], trainShards: [], trainRefit: [] };
let reference;
for (let r = 0; r < runs; r++) {
  rmSync(join(dir, 'artifacts', 'train'), { recursive: true, force: true });
  t.trainLocal.push(measure(node, [BIN, 'train', '-q'], { cwd: dir }).seconds);
  reference ??= trainFiles();
  rmSync(join(dir, 'artifacts', 'train'), { recursive: true, force: true });
  const ts = await together([1, 2].map((i) => ['train', '--shard', `${i}/2`, '-q']));
  const refit = measure(node, [BIN, 'train', '-q'], { cwd: dir }).seconds;
  t.trainShards.push(ts);
  t.trainRefit.push(refit);
  t.trainTwo.push(ts + refit);
  if (trainFiles() !== reference) throw new Error('sharded train differs from the local train');
  t.local.push(measure(node, [BIN, 'predict', '-i', 'big.csv', '-o', 'local.csv', '-q'], { cwd: dir }).seconds);
  const shards = await together([1, 2].map((i) => ['predict', '-i', 'big.csv', '--shard', `${i}/2`, '-o', `two-${i}.csv`, '-q']));
  const merge = measure(node, [BIN, 'predict', '--merge', 'two-1.csv', 'two-2.csv', '-o', 'two.csv', '-q'], { cwd: dir }).seconds;
  t.two.push(shards + merge);
  same('two.csv', 'local.csv');
  t.one.push(measure(node, [BIN, 'predict', '-i', 'big.csv', '--shard', '1/1', '-o', 'one.csv', '-q'], { cwd: dir }).seconds);
  same('one.csv', 'local.csv');

}
const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
const section = `## Shards on one machine (predict and train)

\`env -u NODE_EXTRA_CA_CERTS node bench/shards.mjs --runs ${runs} --rows ${rows} --train-rows ${trainRows}\` — ${today()}, ${machine()}.
${load.note()}
Medians of ${runs} interleaved runs; every sharded result was checked byte-identical to the local one.

| work | local | 2 shards at once (+ merge / refit) | speed-up |
|---|---|---|---|
| predict ${rows.toLocaleString('en-US')} rows | ${fmt(m.local)} | ${fmt(m.two)} | ${(m.local / m.two).toFixed(2)}× |
| train, default grid, ${trainRows.toLocaleString('en-US')} rows | ${fmt(m.trainLocal)} | ${fmt(m.trainTwo)} (shards ${fmt(m.trainShards)}, refit ${fmt(m.trainRefit)}) | ${(m.trainLocal / m.trainTwo).toFixed(2)}× |

The shard path alone (\`--shard 1/1\`: find the range, copy it, score it): ${fmt(m.one)} against ${fmt(m.local)} locally.
A large local predict already parses on a second thread, and a local train cross-validates on
every core once its search is big enough (\`train.jobs: auto\`), so on this 2-core machine two
shards compete for the same two cores: shards are for spreading work across machines.

**On k machines (a model on paper, not measured).** Predict: each of k shards costs about
(local time) / k plus the byte scan up to its end (at most the whole file, read at disk speed)
and the copy of its share; the merge copies the output once. Train: the k shards share the CV
fits, so the CV time divides by about k (round robin deals every model to every shard); the
refit of the winner stays on one machine, as in the refit column above.
`;
writeSection('shards', section);
console.log(section);
