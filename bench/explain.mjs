#!/usr/bin/env node
// Benchmark: explaining rows with exact TreeSHAP (src/models/tree-shap.ts) — what
// `spm predict --explain`, serve and evaluate's SHAP importance pay per row — for each tree
// model at its default grid's size, fitted on 2,000 rows × 20 features (gridData-like values).
// Usage: env -u NODE_EXTRA_CA_CERTS node bench/explain.mjs [--rows N] [--runs N]
//   Bundles src/models with esbuild into a temp file (no build of the CLI needed); prints the
//   median milliseconds per explained row and writes the "explain" section of BENCHMARKS.md.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { arg, loadWatch, machine, today, writeSection } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const load = loadWatch();
const rows = arg('--rows', 100);
const runs = arg('--runs', 3);

const dir = mkdtempSync(join(tmpdir(), 'spm-explain-bench-'));
const entry = join(dir, 'entry.ts');
writeFileSync(entry, `export { MODEL_CATALOG } from ${JSON.stringify(join(ROOT, 'src/models/catalog.ts'))};\nexport { createRng } from ${JSON.stringify(join(ROOT, 'src/util/rng.ts'))};\n`);
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'models.mjs'), logLevel: 'error' });
const { MODEL_CATALOG, createRng } = await import(pathToFileURL(join(dir, 'models.mjs')).href);
rmSync(dir, { recursive: true, force: true });

const n = 2000;
const cols = 20;
const rng = createRng(7);
const X = { rows: n, cols, data: new Float64Array(n * cols) };
const reg = new Float64Array(n);
const bin = new Float64Array(n);
for (let i = 0; i < n; i++) {
  for (let j = 0; j < cols; j++) X.data[i * cols + j] = rng.int(200) / 8;
  const x = X.data.subarray(i * cols, (i + 1) * cols);
  const f = 10 * Math.sin((x[0] * x[1]) / 40) + 0.1 * (x[2] - 12) ** 2 + 2 * x[3] + x[4] - x[5];
  reg[i] = f + rng.normal();
  bin[i] = rng.next() < 1 / (1 + Math.exp(-(f - 25) / 4)) ? 1 : 0;
}
const probe = { rows, cols, data: X.data.slice(0, rows * cols) };
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const cases = [
  ['decision_tree', 'regression', { max_depth: 8, min_samples_leaf: 5 }],
  ['random_forest', 'regression', { n_estimators: 200, max_depth: 10 }],
  ['random_forest', 'classification', { n_estimators: 200, max_depth: 10 }],
  ['gradient_boosting', 'regression', { n_estimators: 300, learning_rate: 0.05, max_depth: 3 }],
  ['gradient_boosting', 'classification', { n_estimators: 300, learning_rate: 0.05, max_depth: 3 }],
];
const lines = ['| model | task | params | ms per row |', '|---|---|---|---|'];
for (const [name, task, params] of cases) {
  const y = task === 'regression' ? reg : bin;
  const model = MODEL_CATALOG[name].factory.fit({ X, y, seed: 1, ...(task === 'classification' ? { nClasses: 2 } : {}) }, task, params);
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    model.explain(probe);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  lines.push(`| ${name} | ${task} | ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')} | ${(ms / rows).toFixed(2)} |`);
  console.log(lines.at(-1));
}
const note = load.note();
writeSection('explain', `## Explaining predictions (exact TreeSHAP)

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; command: \`node bench/explain.mjs --rows ${rows} --runs ${runs}\`.
Each tree model at its default grid's size, fitted on ${n.toLocaleString('en')} rows × ${cols} features; the median over ${runs} runs
of \`model.explain\` on ${rows} rows, per row: what \`spm predict --explain\`, every \`spm serve\` request and evaluate's
SHAP importance (≤ 100 test rows) pay on top of predicting. TreeSHAP is O(trees · leaves · depth²) per row: deep
forests dominate. Linear models (coef · (x − mean)) cost one multiply-add per cell.
${note}
${lines.join('\n')}`);
