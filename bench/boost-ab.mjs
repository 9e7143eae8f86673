// A/B of one gradient_boosting fit between a git ref (default HEAD) and the working tree, in the
// same run, interleaved: the fit alone (no CLI, one thread) on N synthetic rows × 10 features
// (Friedman #1 + 5 noise, squared error), R rounds of depth 3. Checks that both give the same
// model bytes (sha256 of toJSON), then prints the median fit time of each.
// Usage: node bench/boost-ab.mjs [--base REF] [--rows N] [--rounds N] [--runs N] [--task regression|binary]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BENCH_ENV, ROOT, arg, median } from './lib.mjs';

const i = process.argv.indexOf('--base');
const base = i === -1 ? 'HEAD' : process.argv[i + 1];
const rows = arg('--rows', 50_000);
const rounds = arg('--rounds', 100);
const runs = arg('--runs', 5);
const t = process.argv.indexOf('--task');
const task = t === -1 ? 'regression' : process.argv[t + 1];
const dir = mkdtempSync(join(tmpdir(), 'spm-boost-ab-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const entry = `
import { createHash } from 'node:crypto';
import { gradientBoostingFactory } from './src/models/gradient-boosting.ts';
import { createRng } from './src/util/rng.ts';
const n = ${rows}, cols = 10, rng = createRng(1);
const X = { rows: n, cols, data: new Float64Array(n * cols) };
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  for (let j = 0; j < cols; j++) X.data[i * cols + j] = Math.round(rng.next() * 1e5) / 1e5;
  const x = X.data.subarray(i * cols, i * cols + cols);
  const f = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + rng.normal();
  y[i] = ${task === 'binary' ? 'f > 14 ? 1 : 0' : 'f'};
}
const t = performance.now();
const m = gradientBoostingFactory.fit({ X, y, seed: 0${task === 'binary' ? ', nClasses: 2' : ''} }, '${task === 'binary' ? 'classification' : 'regression'}', { n_estimators: ${rounds}, max_depth: 3, learning_rate: 0.1 });
const seconds = (performance.now() - t) / 1000;
console.log(JSON.stringify({ seconds, sha256: createHash('sha256').update(JSON.stringify(m.toJSON())).digest('hex') }));
`;

async function bundle(root, name) {
  const outfile = join(dir, `${name}.mjs`);
  await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  return outfile;
}
const baseRoot = join(dir, 'base');
spawnSync('mkdir', ['-p', baseRoot]);
const archive = spawnSync('sh', ['-c', `git -C ${JSON.stringify(ROOT)} archive ${base} src | tar -x -C ${JSON.stringify(baseRoot)}`]);
if (archive.status !== 0) throw new Error(`git archive ${base}: ${archive.stderr}`);
const A = await bundle(baseRoot, 'a');
const B = await bundle(ROOT, 'b');
const times = { a: [], b: [] };
const hashes = { a: new Set(), b: new Set() };
for (let r = 0; r < runs; r++) {
  for (const [k, file] of r % 2 ? [['b', B], ['a', A]] : [['a', A], ['b', B]]) {
    const out = spawnSync(process.execPath, [file], { encoding: 'utf8', env: BENCH_ENV });
    if (out.status !== 0) throw new Error(out.stderr);
    const res = JSON.parse(out.stdout);
    times[k].push(res.seconds);
    hashes[k].add(res.sha256);
  }
  console.error(`run ${r + 1}: ${base} ${times.a.at(-1).toFixed(2)} s, working tree ${times.b.at(-1).toFixed(2)} s`);
}
const same = hashes.a.size === 1 && [...hashes.a][0] === [...hashes.b][0] && hashes.b.size === 1;
console.log(`gradient_boosting ${task}, ${rows} rows × 10, ${rounds} rounds depth 3, ${runs} runs interleaved:`);
console.log(`  ${base}: median ${median(times.a).toFixed(2)} s; working tree: median ${median(times.b).toFixed(2)} s (${(median(times.b) / median(times.a)).toFixed(2)}×)`);
console.log(`  model bytes ${same ? 'identical' : 'DIFFERENT'} (${[...hashes.a][0].slice(0, 12)} / ${[...hashes.b][0].slice(0, 12)})`);
