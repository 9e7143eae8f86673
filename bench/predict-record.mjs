// Benchmark: what recording predictions (predict.record, issue 18) costs `spm predict` on
// 1,000,000 rows: the same build scoring the same file with recording on (the default) and off
// (-S predict.record=false, which skips every recording step), taking turns run by run so that
// a change in the machine's speed falls on both alike. With --base DIR (another checkout, built
// with `node scripts/build.mjs`), that build's two runs join the turns: the A/B of a change to
// recording. Medians of the wall time and of the CPU time (user + system, all threads: with two
// cores shared, the CPU time is what another load perturbs least); peak RSS the largest of the
// runs. Every recorded batch is checked to be the same bytes in every build and run.
// Usage: node bench/predict-record.mjs [--runs N] [--rows N] [--base DIR]   (writes the "predict-record" section of BENCHMARKS.md)
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, benchWorkspace, fmt, loadWatch, machine, measure, median, summarize, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 7);
const ROWS = arg('--rows', 1_000_000);
const baseDir = process.argv.includes('--base') ? process.argv[process.argv.indexOf('--base') + 1] : undefined;
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN, built } = benchWorkspace('predict-record');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
const big = join(dir, 'big.csv');
measure(node, [BIN, 'synth', '-o', big, '--rows', String(ROWS), '--seed', '7', '-q'], { cwd: dir });
measure(node, [BIN, 'run', '-q'], { cwd: dir, allowExit: [0, 4] });

const recordedHashes = new Set();
// The CPU time of each run, by /usr/bin/time inside the one measure() wraps the command in for its RSS.
const TIME = existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-f', '__CPU=%U %S']] : null;
const cpuOf = (r) => {
  const m = /__CPU=([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return m ? Number(m[1]) + Number(m[2]) : null;
};

function predict(bin, record) {
  const out = join(dir, `out-${record}.csv`);
  const args = [bin, 'predict', '-i', big, '-o', out, '--json', '-S', `predict.record=${record}`];
  const r = TIME ? measure(TIME[0], [...TIME[1], node, ...args], { cwd: dir }) : measure(node, args, { cwd: dir });
  r.cpu = cpuOf(r);
  const doc = JSON.parse(r.stdout);
  if (doc.scored !== ROWS || doc.recorded !== (record ? ROWS : null)) throw new Error(`unexpected summary: ${r.stdout}`);
  const batches = join(dir, 'artifacts', 'predictions');
  if (record) for (const id of readdirSync(batches)) recordedHashes.add(createHash('sha256').update(readFileSync(join(batches, id, 'predictions.csv'))).digest('hex'));
  rmSync(batches, { recursive: true, force: true }); // each run starts from the same store
  return r;
}

const BASE = baseDir ? join(baseDir, 'bin', 'spm.js') : undefined;
// The base build's commit, when it is a git checkout.
const baseCommit = baseDir ? spawnSync('git', ['-C', baseDir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || null : null;
const cases = [
  ['this build, record off', () => predict(BIN, false)],
  ['this build, record on', () => predict(BIN, true)],
  ...(BASE
    ? [
        ['base build, record off', () => predict(BASE, false)],
        ['base build, record on', () => predict(BASE, true)],
      ]
    : []),
];
const results = new Map(cases.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  // Each run starts with another case, so that none always runs on a warmer cache.
  for (let k = 0; k < cases.length; k++) {
    const [name, fn] = cases[(i + k) % cases.length];
    const r = fn();
    results.get(name).push(r);
    console.error(`${name}: ${fmt(r.seconds)}${r.cpu === null ? '' : `, CPU ${fmt(r.cpu)}`}`);
  }
}
if (recordedHashes.size !== 1) throw new Error(`the recorded batches differ between runs or builds: ${[...recordedHashes].join(', ')}`);
const s = new Map([...results].map(([name, rs]) => [name, { ...summarize(rs), cpu: rs.some((r) => r.cpu === null) ? null : median(rs.map((r) => r.cpu)) }]));
const bytes = statSync(big).size;
const busy = load.note();
const mb = (x) => (x ? `${x.toFixed(0)} MB` : '—');
const rowsText = ROWS.toLocaleString('en-US');
const cost = (build, key = 'median') => {
  const off = s.get(`${build} build, record off`)[key];
  const on = s.get(`${build} build, record on`)[key];
  return off === null ? '—' : `**${(((on - off) / off) * 100).toFixed(1)}%** (${fmt(on - off)})`;
};
const row = (name) => {
  const x = s.get(name);
  const flag = name.endsWith('off') ? ' -S predict.record=false' : '';
  return `| ${name} | \`spm predict -i big.csv -o out.csv${flag}\` | ${fmt(x.median)} | ${fmt(x.min)} | ${x.cpu === null ? '—' : fmt(x.cpu)} | ${mb(x.rssMb)} |`;
};
const baseText = BASE
  ? `\nThe base build (\`--base\`: ${baseDir}${baseCommit ? `, a build of ${baseCommit}` : ''}) took turns with this one. Recording costs the base build ${cost('base')} of the wall
time and ${cost('base', 'cpu')} of the CPU time; with it on, this build takes ${(s.get('this build, record on').median / s.get('base build, record on').median).toFixed(2)}× the base build's median wall time
and ${s.get('base build, record on').cpu ? (s.get('this build, record on').cpu / s.get('base build, record on').cpu).toFixed(2) : '—'}× its CPU time.`
  : '';
writeSection(
  'predict-record',
  `## Recording predictions (predict.record)

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/predict-record.mjs --runs ${runs}${BASE ? ' --base <a built checkout>' : ''}\`.
\`spm predict\` of ${rowsText} rows (\`spm synth --seed 7\`, ${(bytes / 2 ** 20).toFixed(0)} MiB) with the default params' model, recording
on and off in turns; medians of ${runs} runs each. Every recorded batch was the same bytes.

| build, predict.record | command | median | min | CPU (median) | peak RSS |
|---|---|---|---|---|---|
${[...s.keys()].map(row).join('\n')}

Recording costs this build ${cost('this')} of the median wall time and ${cost('this', 'cpu')} of the CPU time;
it writes each row's id and prediction (about ${(ROWS * 17 / 2 ** 20).toFixed(0)} MiB) as one predictions batch.${baseText}

How recording stays cheap: the parse worker, which holds each chunk's bytes and has time to spare, cuts out the records' ids
as recorded CSV text beside the chunk (\`src/scoring/record-ids.ts\`); the main thread only appends each row's prediction,
copied from where predict printed it for the output, and writes the lines a few chunks at a time. Before (profiled with
\`--cpu-prof\` on 1,000,000 rows) the main thread cut out the ids and printed every prediction a second time, and wrote once
per chunk: about 0.2 s of its time, which made predict comma 1.19× the reader before wave 2 (\`bench/reader.mjs\`) with
recording on and 1.02× with it off.
${busy}`,
);
for (const [name, x] of s) console.log(`${name}: median ${fmt(x.median)}, min ${fmt(x.min)}, CPU ${x.cpu === null ? '—' : fmt(x.cpu)}, rss ${mb(x.rssMb)}`);
