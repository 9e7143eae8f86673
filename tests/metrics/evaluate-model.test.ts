/**
 * evaluateModel is pure: the same model and data give the same document, and its numbers can
 * be worked out by hand on a small split.
 */
import { describe, expect, it } from 'vitest';
import { evaluateModel, type EvaluationData, type EvaluationParams } from '../../src/metrics/evaluate-model.js';
import { linearFactory } from '../../src/models/linear.js';
import { logisticFactory } from '../../src/models/logistic.js';
import { createMatrix, type Matrix } from '../../src/models/matrix.js';
import { thrownSpmError } from '../helpers/errors.js';

const column = (values: readonly number[]): Matrix => {
  const m = createMatrix(values.length, 1);
  m.data.set(values);
  return m;
};

// y = 2x exactly: OLS predicts the test split without error.
const model = linearFactory.fit({ X: column([0, 1, 2, 3, 5]), y: Float64Array.from([0, 2, 4, 6, 10]), seed: 1 }, 'regression', {});
const regression: EvaluationData = {
  task: 'regression',
  X: column([1, 2, 3, 4]),
  y: Float64Array.from([2, 4, 6, 8]),
  yTrain: Float64Array.from([1, 3]),
  featureSources: ['x'],
  sensitive: [],
};
const params: EvaluationParams = { threshold: 0.5, thresholdSetting: 0.5, gates: { r2: '>= 0.8', mae: '> 1' }, explicitGates: true, permutationRepeats: 2 };

describe('evaluateModel', () => {
  it('scores a regression model and the train-mean baseline (worked by hand)', () => {
    const { file, yPred } = evaluateModel(model, regression, params);
    expect(Array.from(yPred, (v) => Math.round(v * 1e9) / 1e9)).toEqual([2, 4, 6, 8]);
    expect(file.metrics.rmse as number).toBeCloseTo(0, 9);
    expect(file.metrics.r2 as number).toBeCloseTo(1, 9);
    // Baseline: the train mean 2 for every row; errors 0, 2, 4, 6 → rmse √14, mae 3, r2 = 1 − 56/20.
    expect(file.baseline.rmse as number).toBeCloseTo(Math.sqrt(14), 12);
    expect(file.baseline.mae as number).toBeCloseTo(3, 12);
    expect(file.baseline.r2 as number).toBeCloseTo(-1.8, 12);
    expect(file.gates.map((g) => [g.metric, g.condition, g.passed])).toEqual([['r2', '>= 0.8', true], ['mae', '> 1', false]]);
    expect(file.passed).toBe(false);
    expect({ task: file.task, model: file.model, rows: file.rows, threshold: file.threshold, threshold_rule: file.threshold_rule }).toEqual({ task: 'regression', model: 'linear', rows: 4, threshold: null, threshold_rule: null });
    expect(file.importance.map((i) => i.feature)).toEqual(['x']);
    // SHAP of y = 2x around the training mean 2.2: 2 · |x − 2.2| over x = 1..4 is 2.4, 0.4, 1.6, 3.6: mean 2
    expect(file.shap?.scale).toBe('prediction');
    expect(file.shap?.rows).toBe(4);
    expect(file.shap?.importance[0]!.feature).toBe('x');
    expect(file.shap?.importance[0]!.mean_abs_shap).toBeCloseTo(2, 9);
    expect(file.curves).toBeUndefined();
  });

  it('gives the same document for the same inputs, and tells progress only through its callback', () => {
    const heard: string[] = [];
    const a = evaluateModel(model, regression, params, (t) => heard.push(t));
    const b = evaluateModel(model, regression, params);
    expect(JSON.stringify(a.file)).toBe(JSON.stringify(b.file));
    expect(heard).toEqual(['evaluate: permutation importance…', 'evaluate: SHAP values…']);
  });

  it('binary classification: threshold and its rule, majority baseline without a confusion matrix, curves', () => {
    const X = column([0, 1, 2, 3, 4, 5, 6, 7]);
    const y = Float64Array.from([0, 0, 0, 1, 0, 1, 1, 1]);
    const logistic = logisticFactory.fit({ X, y, nClasses: 2, seed: 1 }, 'classification', {});
    const { file } = evaluateModel(
      logistic,
      { task: 'classification', nClasses: 2, positiveIndex: 1, X, y, yTrain: Float64Array.from([0, 0, 0, 1]), featureSources: ['x'], sensitive: [] },
      { ...params, threshold: 0.4, thresholdSetting: 'f1', gates: { r2: '>= 0.8' }, explicitGates: false },
    );
    expect(file.threshold).toBe(0.4);
    expect(file.threshold_rule).toBe('maximises f1 on cross-validation');
    // The majority class of train is 0: accuracy = the share of 0s in the test split.
    expect(file.baseline.accuracy).toBe(0.5);
    expect(file.baseline).not.toHaveProperty('confusion_matrix');
    expect(file.metrics).toHaveProperty('confusion_matrix');
    expect(file.curves).toBeDefined();
    // The default r2 gate means nothing for a classifier: skipped.
    expect(file.gates).toEqual([]);
  });

  it('refuses a gate the user set on a metric this task does not report', () => {
    const e = thrownSpmError(() => evaluateModel(model, regression, { ...params, gates: { accuracy: '>= 0.9' } }));
    expect(e.message).toBe('evaluate.gates.accuracy: this task does not report accuracy');
    expect(e.hint).toBe('gate on one of: rmse, mae, r2');
  });
});
