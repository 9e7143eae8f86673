// Benchmark: `spm export --format onnx` for each model kind of the default grid (export time
// and file size), then scoring 1,000,000 rows with each exported model in ONNX Runtime
// (onnxruntime-node, bench/export-score.mjs) beside `spm predict` of the same rows, taking
// turns run by run on the same machine.
// Usage: node bench/export.mjs [--runs N] [--rows N]   (writes the "export" section of BENCHMARKS.md)
import { cpSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, benchWorkspace, fmt, loadWatch, machine, measure, median, speedProbe, summarize, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const ROWS = arg('--rows', 1_000_000);
const KINDS = ['linear', 'ridge', 'decision_tree', 'random_forest', 'gradient_boosting'];
const node = process.execPath;
const load = loadWatch();
const probeStart = speedProbe();

const { dir, bin: BIN, built } = benchWorkspace('export');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
const big = join(dir, 'big.csv');
measure(node, [BIN, 'synth', '-o', big, '--rows', String(ROWS), '--seed', '7', '-q'], { cwd: dir });

// Each kind with its default grid (the list form of train.models), on the default data.
const results = [];
for (const kind of KINDS) {
  const set = ['-S', `train.models=[${kind}]`];
  measure(node, [BIN, 'run', '-q', ...set], { cwd: dir, allowExit: [0, 4] }); // 4: a failed gate still leaves a model
  const file = join(dir, `${kind}.onnx`);
  const exports = [];
  let summary;
  for (let i = 0; i < runs; i++) {
    const r = measure(node, [BIN, 'export', '-o', file, '--json', ...set], { cwd: dir });
    summary = JSON.parse(r.stdout);
    exports.push(r);
  }
  const inputs = join(dir, `${kind}.inputs.json`);
  writeFileSync(inputs, JSON.stringify(summary.inputs));
  const spmRuns = [];
  const ortRuns = [];
  for (let i = 0; i < runs; i++) {
    const p = measure(node, [BIN, 'predict', '-i', big, '-o', join(dir, 'spm-out.csv'), '--json', ...set], { cwd: dir });
    if (JSON.parse(p.stdout).scored !== ROWS) throw new Error(`spm predict did not score ${ROWS} rows`);
    spmRuns.push(p);
    const o = measure(node, [join(ROOT, 'bench', 'export-score.mjs'), file, inputs, big, join(dir, 'ort-out.csv')], { cwd: dir });
    const phases = JSON.parse(o.stdout);
    if (phases.rows !== ROWS) throw new Error(`ONNX Runtime scored ${phases.rows} rows`);
    ortRuns.push({ ...o, phases });
  }
  const phase = (name) => median(ortRuns.map((r) => r.phases[name]));
  results.push({
    kind,
    params: summary.model,
    nodes: summary.nodes,
    bytes: statSync(file).size,
    exportTime: summarize(exports),
    spm: summarize(spmRuns),
    ort: summarize(ortRuns),
    read: phase('read'),
    load: phase('load'),
    run: phase('run'),
    write: phase('write'),
  });
}
rmSync(big, { force: true });
const busy = load.note();
const probeEnd = speedProbe();

const kb = (b) => (b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);
const mb = (x) => (x ? `${x.toFixed(0)} MB` : '—');
const n = ROWS.toLocaleString('en-US');
const section = `## Export to ONNX, and scoring with ONNX Runtime

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/export.mjs --runs ${runs}${ROWS !== 1_000_000 ? ` --rows ${ROWS}` : ''}\`.
Each model kind trained with its default grid (\`-S train.models=[KIND]\`) on the default data (data/students.csv, 1,000 rows);
\`logistic\` is the classification-only kind and is not in this regression grid (its export is tested, not timed here).
Scoring: \`spm synth --rows ${n} --seed 7\`, scored by \`spm predict -i big.csv -o out.csv\` and by ONNX Runtime
(onnxruntime-node, \`bench/export-score.mjs\`: read and split the CSV, one tensor per column, \`session.run\`, write the predictions),
taking turns run by run; medians of ${runs} runs; peak RSS is the largest of the runs. A fixed JS loop took ${fmt(probeStart)} at the start and ${fmt(probeEnd)} at the end.

| kind | nodes | file size | \`spm export\` (whole command) | spm predict, ${n} rows | ONNX Runtime, ${n} rows (wall) | of which read + tensors / load / run / write | peak RSS spm / ONNX Runtime |
|---|---|---|---|---|---|---|---|
${results
  .map(
    (r) =>
      `| ${r.kind} | ${r.nodes} | ${kb(r.bytes)} | ${fmt(r.exportTime.median)} | ${fmt(r.spm.median)} | ${fmt(r.ort.median)} | ${fmt(r.read)} / ${fmt(r.load)} / ${fmt(r.run)} / ${fmt(r.write)} | ${mb(r.spm.rssMb)} / ${mb(r.ort.rssMb)} |`,
  )
  .join('\n')}

ONNX Runtime holds the whole input in memory (one tensor per column) where \`spm predict\` streams; its wall time includes Node's start-up and loading the runtime.
${busy}`;
writeSection('export', section);
console.log(section);
