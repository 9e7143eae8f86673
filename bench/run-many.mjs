// Benchmark: `spm run -p 'districts/*/params.yaml'` over --districts pipelines (default 6, each
// its own `spm synth --rows` cohort, default 1,000 rows, and the default params.yaml or with
// --grid small one ridge model), every stage rebuilt (--force), four ways, interleaved round by
// round (order rotated), medians: in one process with --jobs 1 and --jobs 2, and as one
// `spm run -p districts/X/params.yaml` process per pipeline, one at a time and two at a time
// (what a child-process runner, or xargs -P 2, would do). Every way's version ids are checked
// equal. Usage:
//   env -u NODE_EXTRA_CA_CERTS node bench/run-many.mjs [--runs 3] [--districts 6] [--rows 1000] [--grid default|small]
// (writes the "run-many" section of BENCHMARKS.md, or "run-many-small" with --grid small)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ENV, ROOT, arg, benchWorkspace, fmt, loadWatch, machine, measure, median, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const districts = arg('--districts', 6);
const rows = arg('--rows', 1000);
const grid = process.argv.includes('--grid') ? process.argv[process.argv.indexOf('--grid') + 1] : 'default';
if (grid !== 'default' && grid !== 'small') throw new Error('--grid default|small');
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN, built } = benchWorkspace('run-many');
const SMALL = 'data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  models: { ridge: { alpha: [1] } }\nevaluate:\n  gates: { r2: ">= 0.5" }\n';
const names = Array.from({ length: districts }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
for (const [i, name] of names.entries()) {
  const folder = join(dir, 'districts', name);
  mkdirSync(join(folder, 'data'), { recursive: true });
  writeFileSync(join(folder, 'params.yaml'), grid === 'small' ? SMALL : readFileSync(join(ROOT, 'params.yaml')));
  measure(node, [BIN, 'synth', '-o', join(folder, 'data', 'students.csv'), '--rows', String(rows), '--seed', String(i + 1), '-q'], { cwd: dir });
}
const PATTERN = 'districts/*/params.yaml';
const ids = (doc) => doc.stages.map((s) => `${s.stage}/${s.id}`).join(' ');

/** `spm run` of each pipeline as its own process, `at` at a time; wall seconds and each one's ids. */
function processes(at) {
  const t0 = process.hrtime.bigint();
  const out = new Array(names.length);
  let next = 0;
  const one = () =>
    new Promise((ok, fail) => {
      const i = next++;
      if (i >= names.length) return ok();
      const child = spawn(node, [BIN, 'run', '-p', `districts/${names[i]}/params.yaml`, '--force', '--json', '-q'], { cwd: dir, env: BENCH_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('exit', (code) => {
        if (code !== 0 && code !== 4) return fail(new Error(`districts/${names[i]} exited ${code}`));
        out[i] = ids(JSON.parse(stdout));
        one().then(ok, fail);
      });
    });
  return Promise.all(Array.from({ length: at }, one)).then(() => ({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, ids: out }));
}

function inProcess(jobs) {
  const r = measure(node, [BIN, 'run', '-p', PATTERN, '--force', '--json', '-q', '--jobs', String(jobs)], { cwd: dir, allowExit: [0, 4] });
  return { seconds: r.seconds, rssMb: r.rssMb, ids: JSON.parse(r.stdout).pipelines.map(ids) };
}

const WAYS = {
  'one process, --jobs 1': () => inProcess(1),
  'one process, --jobs 2': () => inProcess(2),
  'a process per pipeline, 1 at a time': () => processes(1),
  'a process per pipeline, 2 at a time': () => processes(2),
};
const times = Object.fromEntries(Object.keys(WAYS).map((k) => [k, []]));
const rss = {};
let reference;
const keys = Object.keys(WAYS);
for (let r = 0; r < runs; r++) {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[(k + r) % keys.length];
    const result = await WAYS[key]();
    times[key].push(result.seconds);
    if (result.rssMb) rss[key] = Math.max(rss[key] ?? 0, result.rssMb);
    reference ??= JSON.stringify(result.ids);
    if (JSON.stringify(result.ids) !== reference) throw new Error(`${key}: other versions than the first way's`);
    process.stderr.write(`round ${r + 1}/${runs}: ${key} ${fmt(result.seconds)}\n`);
  }
}
const base = median(times[keys[0]]);
const rowsOf = keys.map((k) => `| ${k} | ${fmt(median(times[k]))} | ${fmt(Math.min(...times[k]))} | ${(base / median(times[k])).toFixed(2)}× | ${rss[k] ? `${rss[k].toFixed(0)} MB` : '—'} |`);
const what = grid === 'small' ? 'one ridge model (`train.models: { ridge: { alpha: [1] } }`)' : 'the default params.yaml (five models, 5-fold CV)';
writeSection(
  grid === 'small' ? 'run-many-small' : 'run-many',
  `## Many pipelines in one run (${grid === 'small' ? 'small pipelines' : 'default pipelines'})

\`env -u NODE_EXTRA_CA_CERTS node bench/run-many.mjs --runs ${runs} --districts ${districts} --rows ${rows} --grid ${grid}\` — ${today()}, ${machine()}; CLI built ${built}.
Load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start.${load.note()}
${districts} districts, each its own \`spm synth --rows ${rows}\` cohort and ${what}; every stage rebuilt (\`--force\`);
medians of ${runs} rounds, the four ways interleaved (order rotated each round); every way gave the same version ids.

| how | median | min | vs --jobs 1 | peak RSS (one process) |
|---|---|---|---|---|
${rowsOf.join('\n')}

A process per pipeline pays Node's start, spm's loading and its worker threads' start once per
pipeline; in one process, \`--jobs 2\` overlaps one pipeline's main-thread work (ingest,
transform, evaluate, the refit) with another's cross-validation threads, on cores those threads
already keep busy. Hence \`spm run -p\` runs its pipelines in its own process, \`--jobs 1\` by default.
`,
);
process.stdout.write(`${rowsOf.join('\n')}\n`);
