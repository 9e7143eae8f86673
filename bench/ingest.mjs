// Benchmark: `spm ingest` of 1,000,000 synthetic rows (validate, infer and freeze the schema,
// profile, split), nothing cached. SPEC §8 target: ≤ 3 s wall.
// Usage: node bench/ingest.mjs [--runs N] [--rows N]     (writes the "ingest" section of BENCHMARKS.md)

import { cpSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, loadWatch, benchWorkspace, fmt, machine, measure, repeat, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const rows = arg('--rows', 1_000_000);
const node = process.execPath;
const load = loadWatch();

const { dir, bin: BIN, built } = benchWorkspace('ingest');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
measure(node, [BIN, 'synth', '-o', 'big.csv', '--rows', String(rows), '--seed', '7', '-q'], { cwd: dir });
const bytes = statSync(join(dir, 'big.csv')).size;

const args = [BIN, 'ingest', '-S', 'data.source=big.csv', '--json'];
let doc;
const cold = repeat(runs, () => {
  rmSync(join(dir, 'artifacts'), { recursive: true, force: true });
  rmSync(join(dir, 'spm.lock'), { force: true });
  const r = measure(node, args, { cwd: dir });
  doc = JSON.parse(r.stdout);
  if (doc.cached !== false) throw new Error('spm ingest was a cache hit: the artifacts were not cleared');
  return r;
});
const cached = repeat(runs, () => measure(node, args, { cwd: dir }));
const busy = load.note();

const n = (x) => x.toLocaleString('en-US');
const row = (what, r, target) =>
  `| ${what} | \`spm ingest -S data.source=big.csv\` | ${fmt(r.median)} | ${fmt(r.min)} | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '—'} | ${target} |`;
const section = `## Ingest at scale

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/ingest.mjs --runs ${runs}\`.
Data: \`spm synth --rows ${n(rows)} --seed 7\` (${(bytes / 2 ** 20).toFixed(0)} MiB), the default params.yaml; medians of ${runs} runs,
artifacts and spm.lock removed before each cold run. Outputs: ${doc.outputs.map((o) => `\`${o.replace(/^ingest\/[^/]+\//, '')}\``).join(', ')}.

| what | command | median | min | peak RSS | target (SPEC §8) |
|---|---|---|---|---|---|
${row(`ingest, ${n(rows)} rows, nothing cached`, cold, '≤ 3 s')}
${row(`ingest, ${n(rows)} rows, cached (hashes the input)`, cached, '—')}
${busy}`;
writeSection('ingest', section);
console.log(section);
