/**
 * train.calibration through the params and the train stage: the key stays out of train's slice
 * unless set (ids made without it stay the same), a regression is refused with the message a
 * user sees, and a calibrated run stores a typed calibrated model that predict and evaluate use.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseParamsText, type LoadedParams } from '../../src/pipeline/params.js';
import { stageSlices, type Workspace as SpmWorkspace } from '../../src/pipeline/workspace.js';
import { thrownSpmError } from '../helpers/errors.js';
import { createWorkspace, runCli } from '../helpers/workspace.js';

const load = (extra = ''): LoadedParams => parseParamsText(`data:\n  source: d.csv\n  target: lunch\ntrain:\n  cv: { folds: 3 }\n${extra}`, '/w/params.yaml', []);
const slices = (loaded: LoadedParams) => stageSlices({ loaded } as unknown as SpmWorkspace);

describe('train.calibration params', () => {
  it('defaults to none and is in train\'s slice only when set', () => {
    expect(load().params.train.calibration).toBe('none');
    expect(slices(load()).train.train).not.toHaveProperty('calibration');
    expect((slices(load('  calibration: isotonic\n')).train.train as Record<string, unknown>).calibration).toBe('isotonic');
  });

  it('rejects another method with the nearest one', () => {
    const e = thrownSpmError(() => load('  calibration: sigmoidal\n'));
    expect(e.code).toBe('PARAMS_INVALID');
    expect(e.message).toContain("train.calibration: expected one of none | sigmoid | isotonic, got 'sigmoidal' — did you mean 'sigmoid'?");
  });
});

describe('train.calibration in a run (built CLI)', () => {
  it('stores a calibrated model, evaluates it with Brier and log loss, predicts with it; a regression target is refused', async () => {
    const ws = createWorkspace({
      'params.yaml': 'data:\n  source: data/students.csv\n  target: lunch\ntrain:\n  models: { logistic: { C: [1] } }\n  cv: { folds: 3 }\n  calibration: sigmoid\nevaluate:\n  gates: {}\n',
    });
    try {
      expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '400'], { cwd: ws.dir })).code).toBe(0);
      const run = await runCli(['run', '-q'], { cwd: ws.dir });
      expect(run.code, run.stderr).toBe(0);
      const train = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout) as { id: string };
      const model = JSON.parse(readFileSync(ws.path(`artifacts/train/${train.id}/model.json`), 'utf8'));
      expect(model.format).toBe('spm.model.calibrated');
      expect(model.calibration.method).toBe('sigmoid');
      expect(model.calibration.calibrators).toHaveLength(1);
      expect(model.model.format).toBe('spm.model.logistic');
      const evaluation = JSON.parse((await runCli(['evaluate', '--json'], { cwd: ws.dir })).stdout);
      const metrics = evaluation.details?.metrics ?? evaluation.metrics;
      expect(metrics.brier).toBeGreaterThan(0);
      expect(metrics.brier).toBeLessThan(0.25);
      expect(metrics.log_loss).toBeGreaterThan(0);
      ws.write('new.csv', readFileSync(ws.path('data/students.csv'), 'utf8').split('\n').slice(0, 4).join('\n') + '\n');
      const predicted = await runCli(['predict', '-i', 'new.csv', '-o', '-', '--explain'], { cwd: ws.dir });
      expect(predicted.code, predicted.stderr).toBe(0);
      expect(predicted.stdout.split('\n')[0]).toMatch(/,prediction,probability,top_factors$/);
      // out-of-fold probabilities from worker threads (cv-worker.ts) are the ones of one thread
      const outputs = async (jobs: string): Promise<string[]> => {
        const res = await runCli(['train', '--force', '--json', '-S', `train.jobs=${jobs}`, '-S', 'train.calibration=isotonic', '-S', 'train.models={logistic: {C: [0.1, 1]}, decision_tree: {max_depth: [3]}}'], { cwd: ws.dir });
        expect(res.code, res.stderr).toBe(0);
        const id = (JSON.parse(res.stdout) as { id: string }).id;
        return ['model.json', 'cv_results.json'].map((f) => readFileSync(ws.path(`artifacts/train/${id}/${f}`), 'utf8'));
      };
      const one = await outputs('1');
      expect(JSON.parse(one[0]!).calibration.method).toBe('isotonic');
      expect(JSON.parse(one[1]!).thresholds).toBeDefined();
      expect(await outputs('2')).toEqual(one);
      const refused = await runCli(['run', '-q', '-S', 'data.target=math_score', '-S', 'train.models={ridge: {alpha: [1]}}'], { cwd: ws.dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("train.calibration: sigmoid calibrates class probabilities, but 'math_score' is a regression target");
      expect(refused.stderr).toContain('hint: remove train.calibration (or set it to none) for a regression task');
    } finally {
      ws.cleanup();
    }
  }, 120_000);
});
