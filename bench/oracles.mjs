// Why ml-cart and ml-regression-multivariate-linear are test oracles, not spm's models: fit
// time (and memory) at the SPEC's scale (`spm train` on 100,000 rows within 60 s for the whole
// grid). Fits one regression tree (max_depth 8, as in the default grid) and one least-squares
// fit on synthetic rows of the width of the default transformed data (16 features), with
// ml-cart / ml-regression-multivariate-linear and with spm's own models (bundled from src/ by
// esbuild for this run). Usage: node --expose-gc bench/oracles.mjs [--rows N] [--cart-max-rows N] (ml-cart took 88 s for 10,000 rows here: the default skips it above that)
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecisionTreeRegression } from 'ml-cart';
import MLR from 'ml-regression-multivariate-linear';
import { arg, fmt, machine, mulberry32, ROOT, today, writeSection } from './lib.mjs';

const ROWS = arg('--rows', 100_000);
const CART_MAX = arg('--cart-max-rows', 10_000);
const FEATURES = 16;
const DEPTH = 8;

const dir = mkdtempSync(join(tmpdir(), 'spm-oracles-'));
await build({
  absWorkingDir: ROOT,
  stdin: { contents: "export { decisionTreeFactory } from './src/models/decision-tree.ts'; export { linearFactory } from './src/models/linear.ts';", resolveDir: ROOT, loader: 'ts' },
  bundle: true, format: 'esm', platform: 'node', outfile: join(dir, 'models.mjs'), logLevel: 'warning',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const { decisionTreeFactory, linearFactory } = await import(join(dir, 'models.mjs'));
rmSync(dir, { recursive: true, force: true });

/** Rows like the transformed student data: a few scaled numbers, the rest 0/1 one-hot columns. */
function data(n) {
  const rand = mulberry32(7);
  const X = new Float64Array(n * FEATURES);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = j < 3 ? rand() * 4 - 2 : rand() < 0.3 ? 1 : 0;
      X[i * FEATURES + j] = v;
      t += v * (j + 1) * (j % 2 ? -1 : 1);
    }
    y[i] = t + rand() * 2;
  }
  return { X: { rows: n, cols: FEATURES, data: X }, y, arrays: () => Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * FEATURES, (i + 1) * FEATURES))) };
}

function timed(fn) {
  global.gc?.();
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  fn();
  return { seconds: (performance.now() - started) / 1000, rssDelta: Math.max(0, process.memoryUsage().rss - rss) };
}

const rows = [];
for (const n of [3_000, 10_000, ROWS]) {
  const d = data(n);
  const spmTree = timed(() => decisionTreeFactory.fit({ X: d.X, y: d.y, seed: 0 }, 'regression', { max_depth: DEPTH }));
  const xs = d.arrays();
  const ys = Array.from(d.y);
  const cart = n <= CART_MAX ? timed(() => new DecisionTreeRegression({ maxDepth: DEPTH }).train(xs, ys)) : null;
  const spmLinear = timed(() => linearFactory.fit({ X: d.X, y: d.y, seed: 0 }, 'regression', {}));
  const mlr = timed(() => new MLR(xs, ys.map((v) => [v])));
  rows.push({ n, spmTree, cart, spmLinear, mlr });
  console.log(`${n} rows: tree spm ${fmt(spmTree.seconds)}, ml-cart ${cart ? fmt(cart.seconds) : 'skipped'}; linear spm ${fmt(spmLinear.seconds)}, ml-regression-multivariate-linear ${fmt(mlr.seconds)}`);
}

const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
writeSection(
  'oracles',
  `## The test oracles at the SPEC's scale

Measured ${today()} on ${machine()}; command: \`node --expose-gc bench/oracles.mjs --rows ${ROWS} --cart-max-rows ${CART_MAX}\`
(one fit each, ${FEATURES} features of the shape of the transformed default data; RSS growth during the fit).

| rows | regression tree, depth ${DEPTH}: spm | ml-cart \`DecisionTreeRegression\` | least squares: spm \`linear\` | ml-regression-multivariate-linear |
|---|---|---|---|---|
${rows.map((r) => `| ${r.n.toLocaleString('en-US')} | ${fmt(r.spmTree.seconds)} | ${r.cart ? `${fmt(r.cart.seconds)}, +${mb(r.cart.rssDelta)}` : 'not run'} | ${fmt(r.spmLinear.seconds)} | ${fmt(r.mlr.seconds)}, +${mb(r.mlr.rssDelta)} |`).join('\n')}

The default grid fits 6 trees × 5 folds plus forests and boosting (hundreds of trees) within 60 s
on 100,000 rows: a tree fit has a budget of well under a second.`,
);
