// Benchmark: `spm synth` at scale, to a file: wall and peak RSS at 1,000,000 and 10,000,000
// rows, to show that it streams (memory does not grow with the row count).
// Usage: node bench/synth.mjs [--runs N] [--rows N]      (writes the "synth" section of BENCHMARKS.md)

import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { arg, loadWatch, benchWorkspace, fmt, machine, measure, repeat, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const bigRows = arg('--rows', 10_000_000);
const node = process.execPath;
const load = loadWatch();

const { dir, bin: BIN, built } = benchWorkspace('synth');

/** `spm synth --rows N -o file`, `runs` times; the file is removed after each run. */
function synth(rows) {
  let bytes = 0;
  const r = repeat(runs, () => {
    const file = join(dir, 'synth.csv');
    const m = measure(node, [BIN, 'synth', '--rows', String(rows), '-o', file, '-q'], { cwd: dir });
    bytes = statSync(file).size;
    rmSync(file, { force: true });
    return m;
  });
  return { ...r, rows, bytes };
}
const results = [synth(1_000_000), ...(bigRows !== 1_000_000 ? [synth(bigRows)] : [])];
const busy = load.note();

const n = (x) => x.toLocaleString('en-US');
const row = (r) =>
  `| ${n(r.rows)} | \`spm synth --rows ${r.rows} -o synth.csv\` | ${(r.bytes / 2 ** 20).toFixed(0)} MiB | ${fmt(r.median)} | ${fmt(r.min)} | ${(r.rows / r.median / 1e6).toFixed(2)} M rows/s | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '—'} |`;
const section = `## Synth at scale

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/synth.mjs --runs ${runs}\`.
Medians of ${runs} runs; peak RSS is the largest of the runs. No SPEC §8 time target: the issue asks that
\`spm synth --rows 10000000\` streams in constant memory, so peak RSS should not grow with the rows.

| rows | command | file | median | min | throughput | peak RSS |
|---|---|---|---|---|---|---|
${results.map(row).join('\n')}
${busy}`;
writeSection('synth', section);
console.log(section);
