// Model quality on the two real datasets beside scikit-learn (issue "Models that match
// scikit-learn"): `spm run` with the default params (only the data keys set) over split seeds
// 1-5; the held-out test metric of the selected model (R² for stud.csv math_score, ROC-AUC for
// students_data.csv Pass/Fail), averaged, against the best figure in
// ../shared/reference/sklearn_cv.json (5-fold CV repeated 3 times, scikit-learn 1.2.1).
// Target: at least that figure minus 0.01.
// Usage: node bench/quality.mjs [--seeds N]   (writes the "quality" section of BENCHMARKS.md;
// needs ../shared/data and ../shared/reference)
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, machine, measure, benchWorkspace, today, writeSection } from './lib.mjs';

const seeds = arg('--seeds', 5);
const SHARED = join(ROOT, '..', 'shared');
if (!existsSync(join(SHARED, 'data')) || !existsSync(join(SHARED, 'reference', 'sklearn_cv.json'))) {
  console.error(`bench/quality.mjs needs ${SHARED}/data and ${SHARED}/reference: not found`);
  process.exit(1);
}
const reference = JSON.parse(readFileSync(join(SHARED, 'reference', 'sklearn_cv.json'), 'utf8'));
const node = process.execPath;
const { dir, bin: BIN, built } = benchWorkspace('quality');

const TASKS = [
  {
    name: 'stud.csv, math_score (regression)',
    params: `data:\n  source: ${JSON.stringify(join(SHARED, 'data', 'stud.csv'))}\n  target: math_score\n  id_columns: []\n`,
    metric: 'r2',
    sklearn: reference.stud_math_all,
  },
  {
    name: 'students_data.csv, Final_Result = Pass (classification)',
    params: `data:\n  source: ${JSON.stringify(join(SHARED, 'data', 'students_data.csv'))}\n  target: Final_Result\n  positive_class: Pass\n  id_columns: [Student_ID]\nevaluate:\n  gates: {}\n`,
    metric: 'roc_auc',
    sklearn: reference.quiz_pass,
  },
];

const rows = [];
for (const task of TASKS) {
  const ws = join(dir, task.metric);
  rmSync(ws, { recursive: true, force: true });
  measure('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'params.yaml'), task.params);
  const perSeed = [];
  for (let seed = 1; seed <= seeds; seed++) {
    // Exit 4 (a failed gate) still evaluates: the figure is what matters here.
    const r = measure(node, [BIN, 'run', '-S', `split.seed=${seed}`, '--json'], { cwd: ws, allowExit: [0, 4] });
    const value = JSON.parse(r.stdout).metrics?.[task.metric];
    if (typeof value !== 'number') throw new Error(`no ${task.metric} in spm run --json: ${r.stdout.slice(0, 400)}`);
    const { best } = JSON.parse(measure(node, [BIN, 'train', '-S', `split.seed=${seed}`, '--json'], { cwd: ws }).stdout); // cached: the selected model
    const model = `${best.model}${Object.keys(best.params).length ? ` (${Object.entries(best.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;
    perSeed.push({ seed, value, model, seconds: r.seconds });
    console.error(`${task.metric} seed ${seed}: ${value.toFixed(4)} (${model}) in ${r.seconds.toFixed(1)} s`);
  }
  const mean = perSeed.reduce((a, p) => a + p.value, 0) / perSeed.length;
  const best = Object.entries(task.sklearn)
    .filter(([, m]) => typeof m[task.metric] === 'number')
    .sort((a, b) => b[1][task.metric] - a[1][task.metric])[0];
  rows.push({ task, perSeed, mean, best: { name: best[0], value: best[1][task.metric] } });
}

const f4 = (x) => x.toFixed(4);
const table = rows
  .map(
    ({ task, perSeed, mean, best }) =>
      `| ${task.name} | ${task.metric} | ${perSeed.map((p) => f4(p.value)).join(' / ')} | **${f4(mean)}** | ${[...new Set(perSeed.map((p) => p.model))].join(', ')} | ${f4(best.value)} (${best.name}) | ≥ ${f4(best.value - 0.01)} ${mean >= best.value - 0.01 ? '✓' : '✗'} |`,
  )
  .join('\n');
const section = `## Model quality beside scikit-learn

Measured ${today()} on ${machine()}; CLI built ${built}; command: \`node bench/quality.mjs --seeds ${seeds}\`.
Each task: a params file with only the data keys (and, for the classification, no gate), so the
default grid, CV and metric choose the model; \`spm run -S split.seed=N --json\` for N = 1..${seeds};
the test-split metric of the selected model. scikit-learn: the best model's figure in
\`../shared/reference/sklearn_cv.json\` (5-fold CV repeated 3 times, scikit-learn 1.2.1).

| data, target | metric | seeds 1..${seeds} (test split) | mean | selected | scikit-learn best | target |
|---|---|---|---|---|---|---|
${table}
`;
writeSection('quality', section);
console.log(section);
