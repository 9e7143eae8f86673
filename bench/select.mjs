// Benchmark: what features.select costs `spm train` (5-fold CV + refit) and what it does to the
// cross-validated score, on `spm synth` rows with derived features (features.derive) and
// transform.numeric.clip: iqr: no selection, then importance (a 50-tree forest per fold and for
// the refit) and mutual_information (scikit-learn's k-NN estimators), interleaved run by run,
// medians. Models: linear and ridge (alpha 1), so the selection's own cost shows.
// Usage: env -u NODE_EXTRA_CA_CERTS node bench/select.mjs [--rows N] [--runs N] [--top-k K]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ENV, arg, benchWorkspace, fmt, measure, median } from './lib.mjs';

const rows = arg('--rows', 10_000);
const runs = arg('--runs', 3);
const topK = arg('--top-k', 6);
const { dir, bin } = benchWorkspace('select');
const node = process.execPath;

const params = (select) => `data:
  source: data/students.csv
  target: math_score
features:
  derive:
    total: reading_score + writing_score
    gap: reading_score - writing_score
    strong: reading_score >= 70
${select ? `  select: { method: ${select}, top_k: ${topK} }\n` : ''}transform:
  numeric: { clip: iqr }
train:
  jobs: 1
  models: { linear: {}, ridge: { alpha: [1] } }
evaluate:
  gates: {}
`;

const synth = spawnSync(node, [bin, 'synth', '-o', 'data/students.csv', '--rows', String(rows), '--seed', '11'], { cwd: dir, env: BENCH_ENV, encoding: 'utf8' });
if (synth.status !== 0) throw new Error(synth.stderr);
const METHODS = [null, 'importance', 'mutual_information'];
for (const m of METHODS) {
  writeFileSync(join(dir, `${m ?? 'none'}.yaml`), params(m));
  // ingest and transform once, outside the timing
  for (const stage of ['ingest', 'transform']) measure(node, [bin, stage, '-p', `${m ?? 'none'}.yaml`], { cwd: dir });
}
const times = new Map(METHODS.map((m) => [m, []]));
const scores = new Map();
for (let r = 0; r < runs; r++) {
  for (const m of METHODS) {
    const res = measure(node, [bin, 'train', '--force', '--json', '-p', `${m ?? 'none'}.yaml`], { cwd: dir });
    times.get(m).push(res.seconds);
    const doc = JSON.parse(res.stdout);
    scores.set(m, `${doc.best.cv.metric} ${doc.best.cv.mean.toFixed(4)}`);
  }
}
console.log(`spm train, ${rows} rows (synth), linear + ridge, 5-fold CV + refit, ${runs} run(s) interleaved, medians; node ${process.version}`);
console.log('| features.select | train (median) | best CV |');
console.log('|---|---|---|');
for (const m of METHODS) console.log(`| ${m ? `${m}, top ${topK}` : 'none'} | ${fmt(median(times.get(m)))} | ${scores.get(m)} |`);
