/** Decision thresholds chosen on cross-validation (evaluate.threshold: f1 | balanced_accuracy). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseThreshold, type ThresholdMetric } from '../../src/metrics/threshold.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

describe('chooseThreshold', () => {
  // Worked by hand: rows sorted by score; y = 1 is the positive class.
  const y = [1, 1, 0, 1, 0, 0];
  const score = [0.9, 0.8, 0.7, 0.6, 0.4, 0.2];

  it('takes the score that maximises F1: at 0.6, TP 3, FP 1, FN 0 → 6/7', () => {
    expect(chooseThreshold(y, score, 1, 'f1')).toEqual({ threshold: 0.6, value: 6 / 7 });
  });

  it('breaks ties towards 0.5: balanced accuracy is 5/6 at 0.8 and at 0.6', () => {
    expect(chooseThreshold(y, score, 1, 'balanced_accuracy')).toEqual({ threshold: 0.6, value: (3 / 3 + 2 / 3) / 2 });
  });

  it('counts tied scores together: all rows at one score are predicted alike', () => {
    expect(chooseThreshold([1, 0, 1, 0], [0.7, 0.7, 0.3, 0.3], 1, 'f1')).toEqual({ threshold: 0.3, value: 2 / 3 });
  });

  it('without both classes there is nothing to choose: 0.5', () => {
    expect(chooseThreshold([1, 1], [0.2, 0.9], 1, 'f1').threshold).toBe(0.5);
  });

  it('agrees with trying every distinct score (fast-check)', () => {
    const metricAt = (ys: number[], ss: number[], t: number, m: ThresholdMetric): number => {
      let tp = 0, fp = 0, fn = 0, tn = 0;
      ys.forEach((yy, i) => (ss[i]! >= t ? (yy === 1 ? tp++ : fp++) : yy === 1 ? fn++ : tn++));
      return m === 'f1' ? (2 * tp) / (2 * tp + fp + fn) : (tp / (tp + fn) + tn / (tn + fp)) / 2;
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 20 })), { minLength: 2, maxLength: 40 }),
        fc.constantFrom<ThresholdMetric>('f1', 'balanced_accuracy'),
        (rows, m) => {
          const ys = rows.map((r) => r[0]);
          const ss = rows.map((r) => r[1] / 20);
          if (!ys.includes(0) || !ys.includes(1)) return true;
          const best = Math.max(...ss.map((t) => metricAt(ys, ss, t, m)));
          const got = chooseThreshold(ys, ss, 1, m);
          return Math.abs(got.value - best) < 1e-12 && Math.abs(metricAt(ys, ss, got.threshold, m) - best) < 1e-12;
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });
});

describe('evaluate.threshold: f1 end to end (synthetic data, binary target)', () => {
  let ws: Workspace;
  const params = `data:
  source: data/students.csv
  target: test_preparation_course
  positive_class: completed
train:
  models: { logistic: { C: [1] } }
evaluate:
  gates: {}
  threshold: f1
`;
  beforeAll(async () => {
    ws = createWorkspace({ 'params.yaml': params });
    expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '400'], { cwd: ws.dir })).code).toBe(0);
    const run = await runCli(['run', '-q'], { cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(() => ws.cleanup());

  it('train records the thresholds; evaluate uses the f1 one and says so', async () => {
    const train = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout);
    const chosen = train.thresholds.f1.threshold;
    expect(chosen).toBeGreaterThan(0);
    expect(chosen).toBeLessThan(1);
    expect(train.thresholds.balanced_accuracy.value).toBeGreaterThan(0.5);
    const evaluate = JSON.parse((await runCli(['evaluate', '--json'], { cwd: ws.dir })).stdout);
    expect(evaluate.threshold).toBe(chosen);
    expect(evaluate.threshold_rule).toBe('maximises f1 on cross-validation');
    const human = await runCli(['evaluate'], { cwd: ws.dir });
    expect(human.stdout).toContain(`decision threshold: ${Number(chosen.toFixed(4))} (maximises f1 on cross-validation)`);
  });

  it('predict decides with the same threshold', async () => {
    const chosen = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout).thresholds.f1.threshold;
    expect((await runCli(['predict', '-i', 'data/students.csv', '-o', 'scored.csv'], { cwd: ws.dir })).code).toBe(0);
    const lines = readFileSync(ws.path('scored.csv'), 'utf8').trim().split('\n').slice(1);
    let checked = 0;
    for (const line of lines) {
      const [prediction, probability] = line.split(',').slice(-2);
      const p = Number(probability);
      if (Math.abs(p - chosen) < 1e-4) continue; // the written probability is rounded to 4 decimals
      expect(prediction, line).toBe(p >= chosen ? 'completed' : 'none');
      checked++;
    }
    expect(checked).toBeGreaterThan(350);
  });

  it('a misspelt rule is exit 1 with the nearest one', async () => {
    const res = await runCli(['evaluate', '-S', 'evaluate.threshold=f2'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('evaluate.threshold');
    expect(res.stderr).toContain("did you mean 'f1'?");
  });

  it('a regression pipeline ignores the rule (no threshold to choose)', async () => {
    const reg = createWorkspace({ 'params.yaml': 'data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  models: [ridge]\nevaluate:\n  gates: {}\n  threshold: f1\n' });
    try {
      expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '200'], { cwd: reg.dir })).code).toBe(0);
      const run = await runCli(['run', '--json'], { cwd: reg.dir });
      expect(run.code, run.stderr).toBe(0);
      expect((await runCli(['predict', '-i', 'data/students.csv', '-o', 'p.csv'], { cwd: reg.dir })).code).toBe(0);
    } finally {
      reg.cleanup();
    }
  });
});
