// Benchmark: what recording predictions (predict.record, issue 18) costs `spm predict` on
// 1,000,000 rows: the same build scoring the same file with recording on (the default) and off
// (-S predict.record=false, which skips every recording step), taking turns run by run so that
// a change in the machine's speed falls on both alike. Medians; peak RSS the largest of the runs.
// Usage: node bench/predict-record.mjs [--runs N] [--rows N]   (writes the "predict-record" section of BENCHMARKS.md)
import { cpSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, benchWorkspace, fmt, loadWatch, machine, measure, summarize, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 7);
const ROWS = arg('--rows', 1_000_000);
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN, built } = benchWorkspace('predict-record');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
const big = join(dir, 'big.csv');
measure(node, [BIN, 'synth', '-o', big, '--rows', String(ROWS), '--seed', '7', '-q'], { cwd: dir });
measure(node, [BIN, 'run', '-q'], { cwd: dir, allowExit: [0, 4] });

function predict(record) {
  const out = join(dir, `out-${record}.csv`);
  const r = measure(node, [BIN, 'predict', '-i', big, '-o', out, '--json', '-S', `predict.record=${record}`], { cwd: dir });
  const doc = JSON.parse(r.stdout);
  if (doc.scored !== ROWS || doc.recorded !== (record ? ROWS : null)) throw new Error(`unexpected summary: ${r.stdout}`);
  rmSync(join(dir, 'artifacts', 'predictions'), { recursive: true, force: true }); // each run starts from the same store
  return r;
}
const on = [];
const off = [];
for (let i = 0; i < runs; i++) {
  // Alternate which goes first, so neither always runs on a warmer cache.
  if (i % 2) {
    off.push(predict(false));
    on.push(predict(true));
  } else {
    on.push(predict(true));
    off.push(predict(false));
  }
}
const a = summarize(off);
const b = summarize(on);
const bytes = statSync(big).size;
const busy = load.note();
const mb = (x) => (x ? `${x.toFixed(0)} MB` : '—');
const rowsText = ROWS.toLocaleString('en-US');
writeSection(
  'predict-record',
  `## Recording predictions (predict.record)

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/predict-record.mjs --runs ${runs}\`.
\`spm predict\` of ${rowsText} rows (\`spm synth --seed 7\`, ${(bytes / 2 ** 20).toFixed(0)} MiB) with the default params' model, recording
on and off in turns; medians of ${runs} runs each.

| predict.record | command | median | min | peak RSS |
|---|---|---|---|---|
| false | \`spm predict -i big.csv -o out.csv -S predict.record=false\` | ${fmt(a.median)} | ${fmt(a.min)} | ${mb(a.rssMb)} |
| true (default) | \`spm predict -i big.csv -o out.csv\` | ${fmt(b.median)} | ${fmt(b.min)} | ${mb(b.rssMb)} |

Recording costs **${(((b.median - a.median) / a.median) * 100).toFixed(1)}%** of the median wall time (${fmt(b.median - a.median)});
it writes each row's id and prediction (about ${(ROWS * 17 / 2 ** 20).toFixed(0)} MiB) as one predictions batch.
${busy}`,
);
console.log(`record off: median ${fmt(a.median)}, min ${fmt(a.min)}, rss ${mb(a.rssMb)}`);
console.log(`record on:  median ${fmt(b.median)}, min ${fmt(b.min)}, rss ${mb(b.rssMb)}`);
