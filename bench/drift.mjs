// Benchmark: `spm drift` of 1,000,000 synthetic rows against the default model's train split
// (800 rows: K-S and chi-square tests), and of 10,000,000 rows to show that memory stays flat
// (categorical columns are counted, numeric ones kept as distinct values with counts).
// SPEC §8 target: 1,000,000 rows ≤ 3 s wall.
// Usage: node bench/drift.mjs [--runs N] [--big-rows N]   (writes the "drift" section of BENCHMARKS.md)
import { closeSync, cpSync, openSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_ENV, ROOT, arg, fmt, loadWatch, machine, measure, repeat, benchWorkspace, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const bigRows = arg('--big-rows', 10_000_000);
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN, built } = benchWorkspace('drift');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
measure(node, [BIN, 'run', '-q'], { cwd: dir, allowExit: [0, 4] });
measure(node, [BIN, 'synth', '-o', 'big.csv', '--rows', '1000000', '--seed', '7', '--shift', 'lower_reading', '-q'], { cwd: dir });

const driftOf = (file, rows) => {
  const r = measure(node, [BIN, 'drift', '-i', file, '--json'], { cwd: dir, allowExit: [0, 3] });
  const doc = JSON.parse(r.stdout);
  if (doc.batch.rows !== rows) throw new Error(`spm drift read ${doc.batch.rows} rows, expected ${rows}`);
  return { ...r, doc };
};
let doc;
const one = repeat(runs, () => {
  const r = driftOf('big.csv', 1_000_000);
  doc = r.doc;
  return r;
});
let huge = null;
if (bigRows > 0) {
  const path = join(dir, 'big10.csv');
  const fd = openSync(path, 'w');
  const res = spawnSync(node, [BIN, 'synth', '-o', '-', '--rows', String(bigRows), '--seed', '11'], { cwd: dir, env: BENCH_ENV, stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  if (res.status !== 0) throw new Error(`spm synth exited ${res.status}: ${res.stderr}`);
  huge = { ...repeat(1, () => driftOf(path, bigRows)), bytes: statSync(path).size };
}
const busy = load.note();
const drifted = doc.features.filter((f) => f.drifted).map((f) => f.name).join(', ');
const section = `## Drift at scale

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/drift.mjs --runs ${runs}\`.
Reference: the default model's train split (800 rows, so K-S and chi-square tests); batch: \`spm synth --rows 1000000
--seed 7 --shift lower_reading\` (flagged: ${drifted}). Medians of ${runs} runs; peak RSS the largest.
${busy}
| what | command | median | min | peak RSS | target (SPEC §8) |
|---|---|---|---|---|---|
| spm drift, 1,000,000 rows | \`spm drift -i big.csv --json\` | ${fmt(one.median)} | ${fmt(one.min)} | ${one.rssMb.toFixed(0)} MB | ≤ 3 s |
${huge ? `| spm drift, ${bigRows.toLocaleString('en-US')} rows | \`spm drift -i big10.csv --json\` | ${fmt(huge.median)} | ${fmt(huge.min)} | ${huge.rssMb.toFixed(0)} MB | — |\n` : ''}
Memory: categorical columns are counted, numeric ones kept as distinct values with counts (the
statistics stay exact), so peak RSS does not grow with the rows while values repeat${huge ? ` (${(huge.rssMb - one.rssMb).toFixed(0)} MB more at ${bigRows.toLocaleString('en-US')} rows than at 1,000,000)` : ''};
a continuous column with all values distinct would cost about 16 bytes per distinct value.
`;
writeSection('drift', section);
console.log(section);
