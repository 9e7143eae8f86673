/**
 * End-to-end on the real public datasets in ../shared/data (present in CI, absent on a user's
 * fresh clone, where these tests are skipped and say so).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, hasSharedData, runCli, SHARED_DATA, type Workspace } from '../helpers/workspace.js';

const title = hasSharedData ? 'real data: students_data.csv Pass/Fail' : 'real data (skipped: ../shared/data absent)';

describe.skipIf(!hasSharedData)(title, () => {
  let ws: Workspace;
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    ws = createWorkspace({
      'params.yaml': `data:
  source: ${JSON.stringify(join(SHARED_DATA, 'students_data.csv'))}
  target: Final_Result
  positive_class: Pass
  id_columns: [Student_ID]
train:
  models:
    logistic: { C: [1] }
    decision_tree: { max_depth: [4, 6] }
evaluate:
  gates: { roc_auc: ">= 0.75" }
`,
    });
    run = await runCli(['run', '--json'], { cwd: ws.dir });
  });
  afterAll(() => ws.cleanup());

  it('runs end to end as binary classification with roc_auc and a confusion matrix', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { metrics: Record<string, unknown>; passed: boolean };
    expect(Object.keys(doc.metrics).sort()).toEqual(['accuracy', 'balanced_accuracy', 'brier', 'confusion_matrix', 'f1', 'labels', 'log_loss', 'per_class', 'precision', 'recall', 'roc_auc']);
    expect(doc.metrics.labels).toEqual(['Fail', 'Pass']);
    expect(doc.metrics.roc_auc).toBeGreaterThan(0.8);
    const cm = doc.metrics.confusion_matrix as number[][];
    expect(cm).toHaveLength(2);
    // 1000 rows, test_size 0.2 → 200 test rows, all in the matrix.
    expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(200);
    expect(doc.passed).toBe(true);
  });

  it('the schema freezes missing values, the id column and the positive class', async () => {
    const train = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout);
    expect(train.task).toBe('classification');
    expect(train.best.cv.metric).toBe('roc_auc');
    const ingest = JSON.parse((await runCli(['ingest', '--json'], { cwd: ws.dir })).stdout);
    expect(ingest).toMatchObject({ rows: 1000, train_rows: 800, test_rows: 200, rejected: 0, task: 'classification' });
    const { readFileSync } = await import('node:fs');
    const schema = JSON.parse(readFileSync(ws.path(`artifacts/ingest/${ingest.id}/schema.json`), 'utf8'));
    const column = (name: string) => schema.columns.find((c: { name: string }) => c.name === name);
    expect(column('Student_ID').role).toBe('id');
    expect(column('Final_Result')).toMatchObject({ role: 'target', type: 'categorical', categories: ['Fail', 'Pass'] });
    // Quiz2 has 30 empty cells in the 1000 rows (counted with Python's csv module).
    expect(column('Quiz2')).toMatchObject({ type: 'numeric', nullRate: 0.03 });
    expect(schema.positiveClass).toBe('Pass');
  });

  it('predicts Pass/Fail with the probability of Pass', async () => {
    const res = await runCli(['predict', '-i', join(SHARED_DATA, 'students_data.csv'), '-o', 'scored.csv', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ rows: 1000, scored: 1000, rejected: 0 });
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(ws.path('scored.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Student_ID,Quiz1,Quiz2,Quiz3,Time_Spent,Assignments,Attendance,Final_Result,prediction,probability');
    for (const line of lines.slice(1)) {
      const [pred, prob] = line.split(',').slice(-2);
      expect(['Pass', 'Fail']).toContain(pred);
      expect(pred === 'Pass').toBe(Number(prob) >= 0.5);
    }
  });

  it('a promoted model keeps the decision threshold it was evaluated with', async () => {
    expect((await runCli(['promote', '--as', 'production'], { cwd: ws.dir })).code).toBe(0);
    const res = await runCli(['predict', '-i', join(SHARED_DATA, 'students_data.csv'), '-o', 'p.csv', '--model', 'production', '-S', 'evaluate.threshold=0.9'], {
      cwd: ws.dir,
    });
    expect(res.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const rows = readFileSync(ws.path('p.csv'), 'utf8').trim().split('\n').slice(1);
    const between = rows.filter((line) => {
      const p = Number(line.split(',').at(-1));
      return p >= 0.5 && p < 0.9;
    });
    expect(between.length).toBeGreaterThan(0);
    for (const line of between) expect(line.split(',').at(-2)).toBe('Pass');
  });
});
