// Model quality beside scikit-learn on the same splits (issue 22, "Done when"): for split seeds
// 1-5, `spm run` with the default params (only the data keys set) leaves one ingest version per
// seed in the task's store; ../shared/reference/sklearn_paired.py (run with /usr/bin/python3)
// fits scikit-learn's six models on exactly those train.csv files and scores them on their
// test.csv. Per task: spm's selected model's mean test metric against scikit-learn's best mean.
// Target: at least the best minus 0.005 on every task, and at least equal on half of them.
// Tasks: the shared datasets' tasks of ../shared/reference/sklearn_cv.json (stud.csv math_score
// with all features and with demographics only, R²; students_data.csv Pass/Fail, ROC AUC) and a
// multi-class task derived from stud.csv (math_score banded into low < 55 ≤ mid < 75 ≤ high,
// math_score itself dropped; macro F1).
// Usage: [SPM_SHARED=DIR] node bench/quality.mjs [--seeds N]   (writes the "quality" section of BENCHMARKS.md;
// needs ../shared/data, ../shared/reference and /usr/bin/python3 with scikit-learn)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, machine, measure, benchWorkspace, today, writeSection, loadWatch } from './lib.mjs';

const seeds = arg('--seeds', 5);
// ../shared beside the clone; SPM_SHARED names it elsewhere (a worktree, say).
const SHARED = process.env.SPM_SHARED ?? join(ROOT, '..', 'shared');
const PAIRED = join(SHARED, 'reference', 'sklearn_paired.py');
if (!existsSync(join(SHARED, 'data')) || !existsSync(PAIRED)) {
  console.error(`bench/quality.mjs needs ${SHARED}/data and ${PAIRED}: not found`);
  process.exit(1);
}
const node = process.execPath;
const { dir, bin: BIN, built } = benchWorkspace('quality');
const load = loadWatch();

/** stud.csv with math_score replaced by its band (a 3-class target), written into the bench folder. */
function mathBands() {
  const lines = readFileSync(join(SHARED, 'data', 'stud.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const m = header.indexOf('"math_score"');
  const out = [[...header.filter((_, i) => i !== m), 'math_band'].join(',')];
  for (const line of lines.slice(1)) {
    const cells = line.split(','); // stud.csv has no commas inside quotes
    const score = Number(cells[m].replaceAll('"', ''));
    out.push([...cells.filter((_, i) => i !== m), score < 55 ? 'low' : score < 75 ? 'mid' : 'high'].join(','));
  }
  const file = join(dir, 'stud_math_band.csv');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

const stud = JSON.stringify(join(SHARED, 'data', 'stud.csv'));
const TASKS = [
  { name: 'stud.csv, math_score, all features (regression)', key: 'stud_math_all', target: 'math_score', metric: 'r2', paired: 'r2', params: `data:\n  source: ${stud}\n  target: math_score\n  id_columns: []\n` },
  {
    name: 'stud.csv, math_score, demographics only (regression)',
    key: 'stud_math_demographics',
    target: 'math_score',
    metric: 'r2',
    paired: 'r2',
    params: `data:\n  source: ${stud}\n  target: math_score\n  id_columns: []\n  drop: [reading_score, writing_score]\nevaluate:\n  gates: {}\n`,
  },
  {
    name: 'students_data.csv, Final_Result = Pass (binary)',
    key: 'quiz_pass',
    target: 'Final_Result',
    metric: 'roc_auc',
    paired: 'roc_auc',
    pos: 'Pass',
    params: `data:\n  source: ${JSON.stringify(join(SHARED, 'data', 'students_data.csv'))}\n  target: Final_Result\n  positive_class: Pass\n  id_columns: [Student_ID]\nevaluate:\n  gates: {}\n`,
  },
  {
    name: 'stud.csv, math_score banded low / mid / high (multi-class)',
    key: 'stud_math_band',
    target: 'math_band',
    metric: 'f1',
    paired: 'f1_macro',
    params: `data:\n  source: ${JSON.stringify(mathBands())}\n  target: math_band\n  id_columns: []\nevaluate:\n  gates: {}\n`,
  },
];

const rows = [];
for (const task of TASKS) {
  const ws = join(dir, task.key);
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
    const settings = [...Object.entries(best.params).map(([k, v]) => `${k}=${v}`), ...(best.class_weight ? [`class_weight=${best.class_weight}`] : [])];
    const model = `${best.model}${settings.length ? ` (${settings.join(', ')})` : ''}`;
    perSeed.push({ seed, value, model, seconds: r.seconds });
    console.error(`${task.key} seed ${seed}: ${task.metric} ${value.toFixed(4)} (${model}) in ${r.seconds.toFixed(1)} s`);
  }
  const mean = perSeed.reduce((a, p) => a + p.value, 0) / perSeed.length;
  const py = spawnSync('/usr/bin/python3', [PAIRED, ws, task.target, task.paired, ...(task.pos ? [task.pos] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (py.status !== 0) throw new Error(`sklearn_paired.py failed on ${task.key}: ${py.stderr}`);
  const sk = JSON.parse(py.stdout.trim().split('\n').at(-1));
  if (sk.splits !== seeds) throw new Error(`sklearn_paired.py found ${sk.splits} splits in ${ws}, expected ${seeds}`);
  console.error(`${task.key}: spm ${mean.toFixed(4)}, scikit-learn best ${sk.best_mean} (${sk.best}) ${JSON.stringify(sk.means)}`);
  rows.push({ task, perSeed, mean, sk });
}

const f4 = (x) => x.toFixed(4);
const r4 = (x) => Math.round(x * 1e4) / 1e4; // sklearn_paired.py rounds its means to 4 places
const atLeast = rows.filter((r) => r4(r.mean) >= r.sk.best_mean).length;
const within = rows.filter((r) => r4(r.mean) >= r.sk.best_mean - 0.005).length;
const table = rows
  .map(
    ({ task, perSeed, mean, sk }) =>
      `| ${task.name} | ${task.metric === 'f1' ? 'macro F1' : task.metric} | ${perSeed.map((p) => f4(p.value)).join(' / ')} | **${f4(mean)}** | ${[...new Set(perSeed.map((p) => p.model))].join('; ')} | ${f4(sk.best_mean)} (${sk.best}) | ${r4(mean) >= sk.best_mean ? '≥ best ✓' : r4(mean) >= sk.best_mean - 0.005 ? 'within 0.005 ✓' : '✗'} |`,
  )
  .join('\n');
const others = rows.map(({ task, sk }) => `${task.key}: ${Object.entries(sk.means).map(([m, v]) => `${m} ${f4(v)}`).join(', ')}`).join('; ');
const section = `## Model quality beside scikit-learn

Measured ${today()} on ${machine()}; CLI built ${built}; command: \`node bench/quality.mjs --seeds ${seeds}\`.
Each task: a params file with only the data keys (and no gate), so the default grid, CV, metric
and class weights choose the model; \`spm run -S split.seed=N --json\` for N = 1..${seeds}; the
test-split metric of the selected model, averaged. scikit-learn: \`../shared/reference/sklearn_paired.py\`
(scikit-learn 1.2.1, /usr/bin/python3) fits its six models with their defaults on exactly the
train.csv of those ${seeds} ingest versions and scores them on their test.csv; the best mean.
Target: every task at least the best − 0.005, half at least the best: **${within} of ${rows.length} within 0.005,
${atLeast} of ${rows.length} at least equal** (means compared at the 4 places the reference prints).
The multi-class task is derived from stud.csv by the bench: math_score banded (low < 55 ≤ mid < 75 ≤ high), math_score dropped.

| data, target | metric | seeds 1..${seeds} (test split) | spm mean | selected | scikit-learn best (same splits) | target |
|---|---|---|---|---|---|---|
${table}

Every scikit-learn model's mean: ${others}.
${load.note()}`;
writeSection('quality', section);
console.log(section);
