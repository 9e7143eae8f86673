/** `spm drift -i NEW --reference OLD` with two files and no model (issue 17, item 7). */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

interface Report {
  model: string | null;
  prediction: unknown;
  prediction_skipped?: string;
  skipped_columns?: { name: string; reason: string }[];
  target: { name: string } | null;
  features: { name: string; type: string; drifted: boolean }[];
  dataset_drift: boolean;
  reference: { kind: string; rows: number };
  batch: { rows: number };
}

describe('drift of two files, no model', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = createWorkspace();
    for (const args of [['-o', 'old.csv', '--rows', '600'], ['-o', 'new.csv', '--rows', '500', '--seed', '9', '--shift', 'lower_reading']]) {
      const res = await runCli(['synth', ...args], { cwd: ws.dir });
      expect(res.code).toBe(0);
    }
  }, 60_000);
  afterAll(() => ws.cleanup());

  it('works in an empty folder (no params file): data drift, prediction drift skipped and said so', async () => {
    const res = await runCli(['drift', '-i', 'new.csv', '--reference', 'old.csv', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as Report;
    expect(report.model).toBeNull();
    expect(report.prediction).toBeNull();
    expect(report.prediction_skipped).toMatch(/^no model: two files compared/);
    expect(report.reference).toEqual({ kind: 'file', name: 'old.csv', rows: 600 });
    expect(report.batch.rows).toBe(500);
    expect(report.skipped_columns).toEqual([{ name: 'student_id', reason: 'data.id_columns' }]);
    expect(report.target).toBeNull(); // no params: no target; math_score is a feature like the others
    expect(report.features.map((f) => f.name).sort()).toEqual(['gender', 'lunch', 'math_score', 'parental_level_of_education', 'race_ethnicity', 'reading_score', 'test_preparation_course', 'writing_score']);
    expect(report.features.find((f) => f.name === 'reading_score')!.drifted).toBe(true);
    expect(readdirSync(ws.path('artifacts/drift')).filter((d) => !d.startsWith('.'))).toHaveLength(1);

    const human = await runCli(['drift', '-i', 'new.csv', '--reference', 'old.csv'], { cwd: ws.dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('against old.csv (600 rows), no model:');
    expect(human.stdout).toContain('prediction drift: skipped — no model: two files compared');
    expect(human.stdout).toContain('not compared: student_id (data.id_columns)');
  }, 60_000);

  it('with a params file and no model trained: its data.types and target apply', async () => {
    ws.write('params.yaml', 'data:\n  source: old.csv\n  target: math_score\n  types: { reading_score: categorical }\n');
    const res = await runCli(['drift', '-i', 'new.csv', '--reference', 'old.csv', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as Report;
    expect(report.prediction).toBeNull();
    expect(report.target).toMatchObject({ name: 'math_score' });
    expect(report.features.find((f) => f.name === 'reading_score')!.type).toBe('categorical');
    expect(report.features.map((f) => f.name)).not.toContain('math_score');
  }, 60_000);

  it('refuses a declared column that the reference lacks, naming the nearest', async () => {
    const res = await runCli(['drift', '-i', 'new.csv', '--reference', 'old.csv', '-S', 'data.types={lunh: categorical}'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("data.types: column 'lunh' is not in old.csv — did you mean 'lunch'?");
  });

  it('a --reference that is no file, with no params file, says what to give', async () => {
    const empty = createWorkspace({ 'new.csv': 'a,b\n1,2\n' });
    try {
      const res = await runCli(['drift', '-i', 'new.csv', '--reference', 'old.csv'], { cwd: empty.dir });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('--reference old.csv: not a file, and there is no params file');
      expect(res.stderr).toContain('hint: compare two files: spm drift -i new.csv --reference old.csv');
    } finally {
      empty.cleanup();
    }
  });
});
