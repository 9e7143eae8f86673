// Benchmark: `spm train` with the default grid (params.yaml: linear, ridge ×3, decision_tree ×6,
// random_forest 200 trees, gradient_boosting 300 rounds; 5-fold CV, then the refit) on 1,000,
// 10,000 and 100,000 rows, beside scikit-learn's GridSearchCV over the same grid
// (../shared/reference/sklearn_grid_scale.py). Issue target: 100,000 rows in ≤ 60 s on 2 cores,
// at least 7× faster than scikit-learn; issue 22: 100,000 rows ≤ 30 s.
// Data: rows drawn with replacement from ../shared/data/stud.csv with N(0, 3) noise on the three
// scores, as the reference script draws its own (without ../shared: `spm synth` rows, and no
// reference). Usage: node bench/train.mjs [--runs N] [--sklearn-max-rows N]
//   (--sklearn-max-rows: the largest size the reference runs at, default 100000; it takes ~7 min there)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ENV, ROOT, arg, fmt, loadWatch, machine, measure, mulberry32, repeat, benchWorkspace, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 1);
const sklearnMax = arg('--sklearn-max-rows', 100_000);
const SIZES = [1_000, 10_000, 100_000];
const SHARED = join(ROOT, '..', 'shared');
const STUD = join(SHARED, 'data', 'stud.csv');
const REFERENCE = join(SHARED, 'reference', 'sklearn_grid_scale.py');
const PYTHON = '/usr/bin/python3';
const node = process.execPath;
const load = loadWatch();

const { dir, bin: BIN, built } = benchWorkspace('train');
const defaults = readFileSync(join(ROOT, 'params.yaml'), 'utf8');

/** `rows` records drawn with replacement from stud.csv, scores + N(0, 3) (the reference's recipe). */
function fromStud(rows, path) {
  const [header, ...lines] = readFileSync(STUD, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',').map((h) => h.replaceAll('"', ''));
  const scores = ['math_score', 'reading_score', 'writing_score'].map((n) => names.indexOf(n));
  const parsed = lines.map((l) => l.split(',').map((f) => f.replaceAll('"', '')));
  const u = mulberry32(rows);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const out = [names.join(',')];
  for (let i = 0; i < rows; i++) {
    const rec = [...parsed[Math.floor(u() * parsed.length)]];
    for (const k of scores) rec[k] = (Number(rec[k]) + 3 * normal()).toFixed(2);
    out.push(rec.map((f) => (f.includes(',') ? `"${f}"` : f)).join(','));
  }
  writeFileSync(path, `${out.join('\n')}\n`);
}

const realData = existsSync(STUD);
const hasSklearn = realData && existsSync(REFERENCE) && spawnSync(PYTHON, ['-c', 'import sklearn, pandas'], { env: BENCH_ENV }).status === 0;
const results = [];
for (const rows of SIZES) {
  const ws = join(dir, `n${rows}`);
  cpSync(join(ROOT, 'data'), join(ws, 'data'), { recursive: true });
  const data = join(ws, 'data', 'bench.csv');
  if (realData) fromStud(rows, data);
  else measure(node, [BIN, 'synth', '-o', data, '--rows', String(rows), '--seed', '5', '-q'], { cwd: ws });
  // The default grid, on this data: stud.csv has no id column.
  writeFileSync(join(ws, 'params.yaml'), defaults.replace(/source: .*/, 'source: data/bench.csv').replace(/id_columns: .*/, `id_columns: ${realData ? '[]' : '[student_id]'}`));
  measure(node, [BIN, 'run', '--until', 'transform', '-q'], { cwd: ws }); // ingest + transform, not timed
  let doc;
  const spm = repeat(runs, () => {
    const r = measure(node, [BIN, 'train', '--force', '--json'], { cwd: ws });
    doc = JSON.parse(r.stdout);
    return r;
  });
  console.error(`spm train, ${rows} rows: ${fmt(spm.median)} (best ${doc.best.model})`);
  let sk = null;
  if (hasSklearn && rows <= sklearnMax) {
    const r = measure(PYTHON, [REFERENCE, String(rows), STUD], { cwd: ws });
    sk = { seconds: r.seconds, rssMb: r.rssMb, line: r.stdout.trim() };
    console.error(`scikit-learn, ${rows} rows: ${fmt(sk.seconds)} (${sk.line})`);
  }
  results.push({ rows, spm, best: doc.best, sk });
}
const busy = load.note();

const n = (x) => x.toLocaleString('en-US');
const table = results
  .map(({ rows, spm, best, sk }) => {
    const ratio = sk ? `${(sk.seconds / spm.median).toFixed(1)}×` : '—';
    return `| ${n(rows)} | ${fmt(spm.median)} | ${spm.rssMb ? `${spm.rssMb.toFixed(0)} MB` : '—'} | ${best.model} (${best.cv.metric} ${best.cv.mean.toFixed(3)}) | ${sk ? fmt(sk.seconds) : 'not run'} | ${ratio} |`;
  })
  .join('\n');
const section = `## Training with the default grid

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/train.mjs --runs ${runs}${sklearnMax < 100_000 ? ` --sklearn-max-rows ${sklearnMax}` : ''}\`.
Data: ${realData ? 'rows drawn with replacement from ../shared/data/stud.csv, N(0, 3) noise on the three scores (the reference script\'s own recipe)' : '`spm synth` rows (no ../shared/data here)'};
target math_score; the default params.yaml grid (12 candidates, 5-fold CV, refit). \`spm train --force\`
timed alone (ingest and transform before it, untimed); scikit-learn: \`python3 sklearn_grid_scale.py ROWS stud.csv\`
(GridSearchCV, n_jobs=1, same grid). Targets: 100,000 rows ≤ 60 s and ≥ 7× faster than scikit-learn (wave 1); ≤ 30 s on 2 cores (issue 22, 55.6 s when it was filed).
${busy}
| rows | spm train | peak RSS | selected (CV) | scikit-learn | spm faster by |
|---|---|---|---|---|---|
${table}
`;
writeSection('train', section);
console.log(section);
