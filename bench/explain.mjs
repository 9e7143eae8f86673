#!/usr/bin/env node
// Benchmark: explaining rows with exact TreeSHAP (src/models/tree-shap.ts) — what
// `spm predict --explain`, serve and evaluate's SHAP importance pay per row — for each tree
// model at its default grid's size, fitted on 2,000 rows × 20 features (gridData-like values).
// Usage: env -u NODE_EXTRA_CA_CERTS node bench/explain.mjs [--rows N] [--runs N] [--base REF]
//   Bundles src/models with esbuild into a temp file (no build of the CLI needed); prints the
//   median milliseconds per explained row and writes the "explain" section of BENCHMARKS.md.
//   With --base REF (a git ref), also bundles that commit's src (git archive) and explains the
//   same fitted models with it, the two taking turns run by run (a change of machine load hits
//   both alike); reports both medians, the speed-up and the largest |difference| of the SHAP
//   values (both are exact: it is rounding).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ROOT, arg, loadWatch, machine, median, today, writeSection } from './lib.mjs';

const load = loadWatch();
const rows = arg('--rows', 100);
const runs = arg('--runs', 3);
const b = process.argv.indexOf('--base');
const baseRef = b === -1 ? null : process.argv[b + 1];

const dir = mkdtempSync(join(tmpdir(), 'spm-explain-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** The model table, the registry and the PRNG of the sources under `root`, bundled. */
async function bundle(root, name) {
  const entry = join(dir, `${name}-entry.ts`);
  const src = (f) => JSON.stringify(join(root, 'src', f));
  writeFileSync(entry, `export { MODEL_CATALOG } from ${src('models/catalog.ts')};\nexport { modelFromJSON } from ${src('models/registry.ts')};\nexport { createRng } from ${src('util/rng.ts')};\n`);
  const outfile = join(dir, `${name}.mjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  return import(pathToFileURL(outfile).href);
}

const current = await bundle(ROOT, 'current');
let base = null;
if (baseRef !== null) {
  const root = join(dir, 'base');
  mkdirSync(root);
  const archive = spawnSync('sh', ['-c', `git -C ${JSON.stringify(ROOT)} archive ${JSON.stringify(baseRef)} src | tar -x -C ${JSON.stringify(root)}`], { encoding: 'utf8' });
  if (archive.status !== 0) throw new Error(`git archive ${baseRef}: ${archive.stderr}`);
  base = await bundle(root, 'base');
}
const { MODEL_CATALOG, createRng } = current;

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

/** Milliseconds of one model.explain(probe), and its SHAP values. */
function timeExplain(model) {
  const t0 = performance.now();
  const e = model.explain(probe);
  return { ms: performance.now() - t0, values: e.values.data };
}

const cases = [
  ['decision_tree', 'regression', { max_depth: 8, min_samples_leaf: 5 }],
  ['random_forest', 'regression', { n_estimators: 200, max_depth: 10 }],
  ['random_forest', 'classification', { n_estimators: 200, max_depth: 10 }],
  ['gradient_boosting', 'regression', { n_estimators: 300, learning_rate: 0.05, max_depth: 3 }],
  ['gradient_boosting', 'classification', { n_estimators: 300, learning_rate: 0.05, max_depth: 3 }],
];
const lines = base === null
  ? ['| model | task | params | ms per row |', '|---|---|---|---|']
  : [`| model | task | params | ms per row, ${baseRef} | ms per row, this tree | speed-up | max abs difference of φ |`, '|---|---|---|---|---|---|---|'];
for (const [name, task, params] of cases) {
  const y = task === 'regression' ? reg : bin;
  const model = MODEL_CATALOG[name].factory.fit({ X, y, seed: 1, ...(task === 'classification' ? { nClasses: 2 } : {}) }, task, params);
  const shown = `| ${name} | ${task} | ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')} |`;
  if (base === null) {
    const times = Array.from({ length: runs }, () => timeExplain(model).ms);
    lines.push(`${shown} ${(median(times) / rows).toFixed(2)} |`);
  } else {
    // the same trees, read back by the base commit's code
    const old = base.modelFromJSON(JSON.parse(JSON.stringify(model.toJSON())), 'base');
    const times = { a: [], b: [] };
    let diff = 0;
    for (let r = 0; r < runs; r++) {
      const order = r % 2 ? ['b', 'a'] : ['a', 'b'];
      const out = {};
      for (const k of order) {
        const res = timeExplain(k === 'a' ? old : model);
        times[k].push(res.ms);
        out[k] = res.values;
      }
      for (let i = 0; i < out.a.length; i++) diff = Math.max(diff, Math.abs(out.a[i] - out.b[i]));
    }
    const [a, bb] = [median(times.a) / rows, median(times.b) / rows];
    lines.push(`${shown} ${a.toFixed(2)} | ${bb.toFixed(3)} | ${(a / bb).toFixed(1)}× | ${diff.toExponential(1)} |`);
  }
  console.log(lines.at(-1));
}
const note = load.note();
const command = `node bench/explain.mjs --rows ${rows} --runs ${runs}${baseRef === null ? '' : ` --base ${baseRef}`}`;
writeSection('explain', `## Explaining predictions (exact TreeSHAP)

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; command: \`${command}\`.
Each tree model at its default grid's size, fitted on ${n.toLocaleString('en')} rows × ${cols} features; the median over ${runs} runs
of \`model.explain\` on ${rows} rows, per row: what \`spm predict --explain\`, every \`spm serve\` request and evaluate's
SHAP importance (≤ 100 test rows) pay on top of predicting. TreeSHAP here is O(trees · nodes · depth) per row (the
edge-wise sum of Linear TreeSHAP with Gauss–Legendre integrals, src/models/tree-shap.ts), where the path recursion of
Lundberg et al. 2018 was O(trees · leaves · depth²). Linear models (coef · (x − mean)) cost one multiply-add per cell.${baseRef === null ? '' : `
With \`--base ${baseRef}\`: the same fitted models explained by that commit's code too, the two taking turns run by
run; the last column is the largest |difference| between their SHAP values (both exact: rounding).`}
${note}
${lines.join('\n')}`);
