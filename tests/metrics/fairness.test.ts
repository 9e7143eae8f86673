/**
 * Group fairness (src/metrics/fairness.ts, evaluate.sensitive): hand-worked figures per task,
 * the small-group rule, missing values as their own group, and the messages a user sees for a
 * column that cannot be a sensitive one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { columnFairness, MIN_GROUP, MISSING_GROUP } from '../../src/metrics/fairness.js';
import { sensitiveColumns } from '../../src/pipeline/stages/sensitive.js';
import { nonFeatureSpecs, type Schema } from '../../src/data/schema.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

/** `n` copies of a value, to build groups above MIN_GROUP without listing every row. */
const rep = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

describe('columnFairness', () => {
  it('regression: MAE, RMSE and mean error per group; the gap between the groups of 30 or more', () => {
    // group a (30 rows): errors +2 on every row → mae 2, rmse 2, mean_error 2
    // group b (30 rows): errors −1 and +3 alternating → mae 2, rmse √5, mean_error 1
    // group c (2 rows, small): error 10 → listed, but no gap with it
    const codes = [...rep(30, 0), ...rep(30, 1), 2, 2];
    const yTrue = codes.map(() => 50);
    const yPred = [...rep(30, 52), ...Array.from({ length: 30 }, (_, i) => (i % 2 ? 53 : 49)), 60, 60];
    const f = columnFairness({ task: 'regression', yTrue, yPred }, 'gender', codes, ['a', 'b', 'c']);
    expect(f.groups.map((g) => [g.value, g.n, g.small])).toEqual([['a', 30, false], ['b', 30, false], ['c', 2, true]]);
    expect(f.groups[0]!.metrics).toEqual({ mae: 2, rmse: 2, mean_error: 2 });
    expect(f.groups[1]!.metrics.rmse).toBeCloseTo(Math.sqrt(5), 12);
    expect(f.groups[1]!.metrics.mean_error).toBe(1);
    const rmseGap = f.gaps.find((g) => g.metric === 'rmse')!;
    expect(rmseGap.gap).toBeCloseTo(Math.sqrt(5) - 2, 12);
    expect([rmseGap.highest, rmseGap.lowest]).toEqual(['b', 'a']);
    expect(f.gaps.find((g) => g.metric === 'mae')!.gap).toBe(0);
  });

  it('binary: recall, false-positive rate and selection rate per group (positive class index 1)', () => {
    // group x: 20 positives of which 15 predicted positive; 20 negatives of which 4 predicted positive
    // group y: 10 positives, 5 caught; 30 negatives, none predicted positive
    const codes = [...rep(40, 0), ...rep(40, 1)];
    const yTrue = [...rep(20, 1), ...rep(20, 0), ...rep(10, 1), ...rep(30, 0)];
    const yPred = [...rep(15, 1), ...rep(5, 0), ...rep(4, 1), ...rep(16, 0), ...rep(5, 1), ...rep(5, 0), ...rep(30, 0)];
    const f = columnFairness({ task: 'classification', yTrue, yPred, positiveIndex: 1, nClasses: 2 }, 'lunch', codes, ['x', 'y']);
    expect(f.groups[0]!.metrics).toEqual({ recall: 0.75, false_positive_rate: 0.2, selection_rate: 19 / 40 });
    expect(f.groups[1]!.metrics).toEqual({ recall: 0.5, false_positive_rate: 0, selection_rate: 5 / 40 });
    expect(f.gaps).toEqual([
      { metric: 'recall', gap: 0.25, highest: 'x', lowest: 'y' },
      { metric: 'false_positive_rate', gap: 0.2, highest: 'x', lowest: 'y' },
      { metric: 'selection_rate', gap: 14 / 40, highest: 'x', lowest: 'y' },
    ]);
  });

  it('a group without positives has recall null, and multi-class reports accuracy and macro recall', () => {
    const binary = columnFairness({ task: 'classification', yTrue: rep(40, 0), yPred: rep(40, 0), positiveIndex: 1, nClasses: 2 }, 'g', rep(40, 0), ['only']);
    expect(binary.groups[0]!.metrics.recall).toBeNull();
    expect(binary.gaps.every((g) => g.gap === null)).toBe(true); // one group: nothing to compare
    // 3 classes, one group: true 0,0,1,2 / predicted 0,1,1,1 → accuracy 2/4; recalls 1/2, 1, 0 → macro 1/2
    const multi = columnFairness({ task: 'classification', yTrue: [0, 0, 1, 2], yPred: [0, 1, 1, 1], nClasses: 3 }, 'g', [0, 0, 0, 0], ['all']);
    expect(multi.groups[0]!.metrics).toEqual({ accuracy: 0.5, recall_macro: 0.5 });
  });

  it('missing values form their own group; groups are listed largest first', () => {
    const codes = [...rep(MIN_GROUP, -1), ...rep(MIN_GROUP + 5, 0)];
    const y = codes.map(() => 1);
    const f = columnFairness({ task: 'regression', yTrue: y, yPred: y }, 'gender', codes, ['f']);
    expect(f.groups.map((g) => g.value)).toEqual(['f', MISSING_GROUP]);
  });
});

const schema: Schema = {
  format: 'spm.schema',
  version: 1,
  target: 'math_score',
  task: 'regression',
  columns: [
    { name: 'student_id', type: 'categorical', role: 'id', nullRate: 0 },
    { name: 'Gender', type: 'categorical', role: 'dropped', nullRate: 0 },
    { name: 'lunch', type: 'categorical', role: 'feature', nullRate: 0, categories: ['standard', 'free/reduced'] },
    { name: 'reading_score', type: 'numeric', role: 'feature', nullRate: 0, min: 0, max: 100 },
    { name: 'math_score', type: 'numeric', role: 'target', nullRate: 0, min: 0, max: 100 },
  ],
};

describe('sensitiveColumns', () => {
  it('auto takes the demographic columns present, dropped ones included (any case)', () => {
    expect(sensitiveColumns(schema, 'auto')).toEqual(['Gender', 'lunch']);
    expect(nonFeatureSpecs(schema, ['Gender', 'lunch'])).toEqual([{ name: 'Gender', type: 'categorical', dictionary: [] }]);
    expect(sensitiveColumns(schema, [])).toEqual([]);
  });

  it.each([
    ['nope', "evaluate.sensitive: no column 'nope' in the data"],
    ['math_score', "evaluate.sensitive: 'math_score' is the target"],
    ['student_id', "evaluate.sensitive: 'student_id' is an id column (one group per student)"],
    ['reading_score', "evaluate.sensitive: 'reading_score' is numeric; fairness compares groups of a categorical column"],
  ])('rejects %s with the message a user sees', (name, message) => {
    expect(() => sensitiveColumns(schema, [name])).toThrow(message);
  });
});

describe('spm evaluate: fairness in metrics.json and on screen', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
  }, 120_000);
  afterAll(() => ws.cleanup());

  const metricsFile = (): { fairness: { column: string; groups: { value: string; n: number }[] }[]; rows: number } => {
    const dir = join(ws.dir, 'artifacts', 'evaluate');
    const ids = readdirSync(dir).filter((d) => !d.startsWith('.'));
    const latest = ids.map((id) => ({ id, m: JSON.parse(readFileSync(join(dir, id, 'manifest.json'), 'utf8')) as { created: string } }))
      .sort((a, b) => (a.m.created < b.m.created ? 1 : -1))[0]!.id;
    return JSON.parse(readFileSync(join(dir, latest, 'metrics.json'), 'utf8'));
  };

  it('reports every demographic column of the synthetic data, each group counted once', async () => {
    const res = await runCli(['evaluate'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/fairness on the test split, largest gap between groups/);
    expect(res.stdout).toMatch(/^ {2}lunch: (mae [\d.]+ \(.+ vs .+\)|fewer than two groups of 30 rows)/m);
    const m = metricsFile();
    expect(m.fairness.map((f) => f.column)).toEqual(['gender', 'race_ethnicity', 'parental_level_of_education', 'lunch']);
    for (const f of m.fairness) expect(f.groups.reduce((n, g) => n + g.n, 0)).toBe(m.rows);
  }, 60_000);

  it('a dropped column is still audited when listed; a numeric one is refused with exit 1', async () => {
    const dropped = await runCli(['run', '-q', '-S', 'data.drop=[gender]', '-S', 'evaluate.sensitive=[gender]', '-S', 'evaluate.gates={}'], { cwd: ws.dir });
    expect(dropped.code).toBe(0);
    const m = metricsFile();
    expect(m.fairness.map((f) => f.column)).toEqual(['gender']);
    expect(m.fairness[0]!.groups.map((g) => g.value).sort()).toEqual(['female', 'male']);
    const numeric = await runCli(['evaluate', '-S', 'evaluate.sensitive=[reading_score]'], { cwd: ws.dir });
    expect(numeric.code).toBe(1);
    expect(numeric.stderr).toContain("evaluate.sensitive: 'reading_score' is numeric; fairness compares groups of a categorical column");
  }, 120_000);
});
