/**
 * `spm init` (issue 17, item 6): on the real datasets and on generated files it writes params
 * that `spm run` runs with no edit (exit 0, or 4 for a gate: never 1), and each refusal shows
 * its message.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvToParquet } from '../helpers/formats.js';
import { createWorkspace, hasSharedData, runCli, SHARED_DATA, type Workspace } from '../helpers/workspace.js';

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

/** init then run in a workspace; returns both results and the params written. */
async function initAndRun(files: Record<string, string>, initArgs: string[]): Promise<{ init: Awaited<ReturnType<typeof runCli>>; run: Awaited<ReturnType<typeof runCli>>; params: string }> {
  ws = createWorkspace(files);
  const init = await runCli(['init', ...initArgs], { cwd: ws.dir });
  expect(init.stderr).toContain('wrote params.yaml; next: spm run');
  expect(init.code).toBe(0);
  // A small grid keeps the test quick; the params file is otherwise run as written.
  const run = await runCli(['run', '-q', '-S', 'train.models=[logistic, decision_tree]'], { cwd: ws.dir });
  return { init, run, params: readFileSync(ws.path('params.yaml'), 'utf8') };
}

/** Students whose pass/fail depends on hours and attendance, with an id and a 0..4 code. */
function passFail(rows: number): string {
  const lines = ['StudentID,Medu,hours,attendance,gender,Result'];
  for (let i = 0; i < rows; i++) {
    const hours = (i * 13) % 20;
    const attendance = 50 + ((i * 29) % 50);
    const pass = hours + attendance / 10 + ((i * 7) % 5) > 14;
    lines.push(`S${i},${i % 5},${hours},${attendance},${i % 2 ? 'f' : 'm'},${pass ? 'Pass' : 'Fail'}`);
  }
  return `${lines.join('\n')}\n`;
}

function threeGrades(rows: number): string {
  const lines = ['id,hours,club,grade'];
  for (let i = 0; i < rows; i++) {
    const hours = (i * 37) % 30;
    lines.push(`${i},${hours},${i % 3 ? 'chess' : 'drama'},${hours < 10 ? 'C' : hours < 20 ? 'B' : 'A'}`);
  }
  return `${lines.join('\n')}\n`;
}

const ranEndToEnd = (code: number): void => expect([0, 4]).toContain(code);

describe('spm init, then spm run with no edit', () => {
  it('on spm synth output: math_score, regression, student_id, the demographic columns', async () => {
    ws = createWorkspace();
    expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '400'], { cwd: ws.dir })).code).toBe(0);
    const init = await runCli(['init', '--json'], { cwd: ws.dir }); // the only data file, found in data/
    expect(init.code).toBe(0);
    const doc = JSON.parse(init.stdout) as { params: string; file: string; decisions: { key: string; value: unknown; reason: string }[] };
    expect(doc.file).toBe('data/students.csv');
    const value = (key: string) => doc.decisions.find((d) => d.key === key)?.value;
    expect(value('data.source')).toBe('data/students.csv');
    expect(value('data.target')).toBe('math_score');
    expect(value('data.task')).toBe('regression');
    expect(value('data.id_columns')).toEqual(['student_id']);
    expect(value('evaluate.sensitive')).toEqual(['gender', 'race_ethnicity', 'parental_level_of_education', 'lunch']);
    expect(init.stderr).toBe(''); // --json: the decisions are the document
    const run = await runCli(['run', '-q', '-S', 'train.models=[linear, ridge]'], { cwd: ws.dir });
    ranEndToEnd(run.code);
  }, 90_000);

  it('on a binary Pass/Fail file: Fail is the positive class, the code column is declared', async () => {
    const { init, run, params } = await initAndRun({ 'grades.csv': passFail(300) }, ['grades.csv']);
    expect(params).toContain('  target: Result');
    expect(params).toContain('  positive_class: Fail');
    expect(params).toContain('  id_columns: [StudentID]');
    expect(params).toContain('    Medu: categorical');
    expect(params).toContain('  gates: { roc_auc: ">= 0.7" }');
    expect(params).toContain('  sensitive: [gender]');
    expect(init.stderr).toContain("data.positive_class: Fail — 'Fail' means at risk");
    ranEndToEnd(run.code);
    expect(run.stderr).not.toContain('error');
  }, 90_000);

  it('on a multi-class file: classification, no positive class, a gate above chance', async () => {
    const { run, params } = await initAndRun({ 'grades.csv': threeGrades(300) }, ['grades.csv', '--target', 'grade']);
    expect(params).toContain('  task: classification  # 3 distinct values (A, B, C)');
    expect(params).not.toContain('positive_class');
    expect(params).toContain('balanced_accuracy: ">= 0.53"');
    ranEndToEnd(run.code);
  }, 90_000);

  it('writes data.source relative to the params file (-p elsewhere)', async () => {
    ws = createWorkspace({ 'in/grades.csv': threeGrades(100) });
    const init = await runCli(['init', 'in/grades.csv', '-p', 'conf/params.yaml'], { cwd: ws.dir });
    expect(init.code).toBe(0);
    expect(readFileSync(ws.path('conf/params.yaml'), 'utf8')).toContain('  source: ../in/grades.csv');
  });
});

describe.skipIf(!hasSharedData)(hasSharedData ? 'spm init on the real datasets' : 'spm init on the real datasets (skipped: ../shared/data absent)', () => {
  it('stud.csv: math_score regression, the demographic columns as sensitive', async () => {
    ws = createWorkspace();
    copyFileSync(join(SHARED_DATA, 'stud.csv'), ws.path('stud.csv'));
    const init = await runCli(['init', 'stud.csv'], { cwd: ws.dir });
    expect(init.code).toBe(0);
    const params = readFileSync(ws.path('params.yaml'), 'utf8');
    expect(params).toContain('  target: math_score');
    expect(params).toContain('  sensitive: [gender, race_ethnicity, parental_level_of_education, lunch]');
    ranEndToEnd((await runCli(['run', '-q', '-S', 'train.models=[linear, ridge]'], { cwd: ws.dir })).code);
  }, 120_000);

  it('students_data.csv: Final_Result, Fail as the positive class, Student_ID as the id', async () => {
    ws = createWorkspace();
    copyFileSync(join(SHARED_DATA, 'students_data.csv'), ws.path('students_data.csv'));
    const init = await runCli(['init', 'students_data.csv'], { cwd: ws.dir });
    expect(init.code).toBe(0);
    const params = readFileSync(ws.path('params.yaml'), 'utf8');
    expect(params).toContain('  target: Final_Result');
    expect(params).toContain('  positive_class: Fail');
    expect(params).toContain('  id_columns: [Student_ID]');
    ranEndToEnd((await runCli(['run', '-q', '-S', 'train.models=[logistic, decision_tree]'], { cwd: ws.dir })).code);
  }, 120_000);
});

describe('spm init with no FILE', () => {
  it('takes the only data file in data/, a .parquet export too, and spm run works on it', async () => {
    ws = createWorkspace({ 'data/README.md': 'exports go here\n' });
    csvToParquet(ws.path('data/grades.parquet'), passFail(300));
    const init = await runCli(['init'], { cwd: ws.dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('data.source: data/grades.parquet');
    expect(readFileSync(ws.path('params.yaml'), 'utf8')).toContain('  target: Result');
    const run = await runCli(['run', '-q', '-S', 'train.models=[logistic]'], { cwd: ws.dir });
    expect([0, 4], run.stderr).toContain(run.code);
  });
});

describe('spm init refuses', () => {
  it('with no data file here or in data/', async () => {
    ws = createWorkspace({ 'notes.md': 'x' });
    const res = await runCli(['init'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no data file given, and none (.csv, .tsv, .txt, .xlsx, .parquet) found here or in data/');
    expect(res.stderr).toContain('hint: name it: spm init path/to/students.csv');
  });

  it('a data file that does not exist', async () => {
    ws = createWorkspace();
    const res = await runCli(['init', 'grades.csv'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('data file not found: grades.csv');
  });

  it('to overwrite params.yaml without --force (and leaves it as it was); --force replaces it', async () => {
    ws = createWorkspace({ 'grades.csv': threeGrades(50), 'params.yaml': 'mine\n' });
    const res = await runCli(['init', 'grades.csv'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('params.yaml already exists: spm init does not overwrite it');
    expect(res.stderr).toContain('hint: add --force to replace it');
    expect(readFileSync(ws.path('params.yaml'), 'utf8')).toBe('mine\n');
    expect((await runCli(['init', 'grades.csv', '--force'], { cwd: ws.dir })).code).toBe(0);
    expect(readFileSync(ws.path('params.yaml'), 'utf8')).toContain('  target: grade');
  });

  it('an unknown --target, naming the nearest column', async () => {
    ws = createWorkspace({ 'grades.csv': threeGrades(50) });
    const res = await runCli(['init', 'grades.csv', '--target', 'grades'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("--target: column 'grades' is not in grades.csv — did you mean 'grade'?");
  });

  it('a file with one column', async () => {
    ws = createWorkspace({ 'scores.csv': 'score\n1\n2\n3\n' });
    const res = await runCli(['init', 'scores.csv'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("scores.csv has one column ('score'): a target and at least one feature are needed");
  });

  it('--help shows an example', async () => {
    const res = await runCli(['init', '--help'], { cwd: ROOT_DIR });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('spm init grades.csv && spm run');
  });
});

const ROOT_DIR = process.cwd();
