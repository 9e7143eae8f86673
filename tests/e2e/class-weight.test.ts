/**
 * train.class_weight: auto (issue 22, item 7) through the real CLI: a multi-class task selected
 * by macro F1 searches unweighted and balanced fits and the ranked table says which is which; a
 * binary task selected by ROC AUC fits unweighted only, as before auto existed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/util/rng.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

/** 300 rows, two numeric features, a 3-class grade (about 55 / 25 / 20 %) and a pass/fail. */
function csv(): string {
  const rng = createRng(22);
  const lines = ['a,b,grade,pass'];
  for (let i = 0; i < 300; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const s = a + 0.5 * b + 0.7 * rng.normal();
    lines.push(`${a.toFixed(3)},${b.toFixed(3)},${s > 1.1 ? 'high' : s > -0.6 ? 'mid' : 'low'},${s > 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

const params = (target: string, drop: string) =>
  `data:\n  source: d.csv\n  target: ${target}\n  id_columns: []\n  drop: [${drop}]\nevaluate:\n  gates: {}\ntrain:\n  models: { logistic: { C: [1] } }\n`;

describe('train.class_weight: auto', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace({ 'd.csv': csv() });
  });
  afterAll(() => ws.cleanup());

  it('multi-class, macro F1: both weightings cross-validated, the table and --json name them', async () => {
    ws.write('params.yaml', params('grade', 'pass'));
    const run = await runCli(['run', '--until', 'train'], { cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('cross-validation (f1, ranked)');
    expect(run.stdout).toMatch(/logistic +│ C=1 class_weight=none/);
    expect(run.stdout).toMatch(/logistic +│ C=1 class_weight=balanced/);
    const doc = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout);
    expect(doc.candidates.map((c: { class_weight: string }) => c.class_weight).sort()).toEqual(['balanced', 'none']);
    expect(['none', 'balanced']).toContain(doc.best.class_weight);
    // The report's model comparison names the weighting of each candidate, as the CLI's table does.
    expect((await runCli(['run', '-q'], { cwd: ws.dir })).code).toBe(0);
    expect((await runCli(['report', '-o', 'r.html', '-q'], { cwd: ws.dir })).code).toBe(0);
    const html = readFileSync(ws.path('r.html'), 'utf8');
    expect(html).toContain('C=1 class_weight=none');
    expect(html).toContain('C=1 class_weight=balanced');
    expect(html).toContain(`Selected: logistic (C=1 class_weight=${doc.best.class_weight})`);
  }, 90_000);

  it('binary, ROC AUC: one unweighted fit, no class_weight column', async () => {
    ws.write('params.yaml', params('pass', 'grade'));
    const run = await runCli(['run', '--until', 'train'], { cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('cross-validation (roc_auc, ranked)');
    expect(run.stdout).not.toContain('class_weight');
    const doc = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout);
    expect(doc.candidates).toHaveLength(1);
    expect(doc.best).not.toHaveProperty('class_weight');
  }, 60_000);
});
