/** Class names wherever classes are shown (issue 17, item 8): run --json, the evaluate table, metrics show, the HTML report. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

/** 240 students, a grade of Low / Mid / High decided (mostly) by hours. */
function gradesCsv(): string {
  const lines = ['id,hours,club,grade'];
  for (let i = 0; i < 240; i++) {
    const hours = (i * 37) % 30;
    const grade = (hours + (i % 7 === 0 ? 10 : 0)) % 30 < 10 ? 'Low' : (hours + (i % 7 === 0 ? 10 : 0)) % 30 < 20 ? 'Mid' : 'High';
    lines.push(`s${i},${hours},${i % 3 ? 'chess' : 'drama'},${grade}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('class names (built CLI, a three-class target)', () => {
  let ws: Workspace;
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    ws = createWorkspace({
      'grades.csv': gradesCsv(),
      'params.yaml': 'data:\n  source: grades.csv\n  target: grade\n  id_columns: [id]\ntrain:\n  models: [decision_tree]\nevaluate:\n  gates: {}\n',
    });
    run = await runCli(['run', '--json'], { cwd: ws.dir });
  }, 60_000);
  afterAll(() => ws.cleanup());

  it('--json carries a labels array next to confusion_matrix, and per-class scores by name', () => {
    expect(run.code).toBe(0);
    const metrics = (JSON.parse(run.stdout) as { metrics: Record<string, unknown> }).metrics;
    const keys = Object.keys(metrics);
    expect(keys[keys.indexOf('confusion_matrix') + 1]).toBe('labels');
    expect(metrics.labels).toEqual(['High', 'Low', 'Mid']);
    const perClass = metrics.per_class as { label: string; support: number }[];
    expect(perClass.map((r) => r.label)).toEqual(['High', 'Low', 'Mid']);
    const cm = metrics.confusion_matrix as number[][];
    expect(perClass.map((r) => r.support)).toEqual(cm.map((row) => row.reduce((a, b) => a + b, 0)));
  });

  it('spm evaluate and spm metrics print the matrix with the class names', async () => {
    for (const args of [['evaluate'], ['metrics']]) {
      const res = await runCli(args, { cwd: ws.dir });
      expect(res.code).toBe(0);
      const out = res.stdout + res.stderr;
      expect(out).toContain('confusion matrix (rows = true class, columns = predicted):');
      expect(out).toMatch(/true \\ predicted\s*│\s*High\s*│\s*Low\s*│\s*Mid/);
      expect(out).toMatch(/│ Mid\s*│ \d+\s*│ \d+\s*│ \d+\s*│/);
      expect(out).toMatch(/│ class\s*│ precision\s*│ recall\s*│ f1\s*│ support/);
    }
  }, 30_000);

  it('the HTML report has the named matrix and per-class tables', async () => {
    const res = await runCli(['report', '-o', 'report.html'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const html = readFileSync(ws.path('report.html'), 'utf8');
    expect(html).toContain('<th>true \\ predicted</th><th>High</th><th>Low</th><th>Mid</th>');
    expect(html).toContain('<th>class</th><th>precision</th><th>recall</th><th>f1</th><th>support</th>');
  }, 60_000);
});

describe('class names that need CSV quoting (built CLI)', () => {
  it('spm predict quotes a predicted class holding a comma or a quote, so the output stays one field per column', async () => {
    const labels = ['Low, at risk', 'Mid', 'High "A"'];
    const csv = gradesCsv().replace(/,Low$/gm, ',"Low, at risk"').replace(/,High$/gm, ',"High ""A"""');
    const ws = createWorkspace({
      'grades.csv': csv,
      'params.yaml': 'data:\n  source: grades.csv\n  target: grade\n  id_columns: [id]\ntrain:\n  models: [decision_tree]\nevaluate:\n  gates: {}\n',
    });
    try {
      expect((await runCli(['run', '-q'], { cwd: ws.dir })).code).toBe(0);
      const r = await runCli(['predict', '-i', 'grades.csv', '-o', 'scored.csv'], { cwd: ws.dir });
      expect(r.code, r.stderr).toBe(0);
      const { parseCsv } = await import('../../src/data/csv-parse.js');
      const parsed = parseCsv(readFileSync(ws.path('scored.csv'), 'utf8'));
      const at = parsed.header.indexOf('prediction');
      expect(at).toBeGreaterThan(0);
      expect(parsed.rows.every((rec) => rec.length === parsed.header.length)).toBe(true);
      const predicted = new Set(parsed.rows.map((rec) => rec[at]));
      expect([...predicted].every((p) => labels.includes(p!))).toBe(true);
      expect(predicted.has('Low, at risk')).toBe(true);
    } finally {
      ws.cleanup();
    }
  }, 60_000);
});
