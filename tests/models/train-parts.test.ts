/** Grid expansion, gates, candidate ranking, class weights and permutation importance. */
import { describe, expect, it } from 'vitest';
import { thrownSpmError } from '../helpers/errors.js';
import { checkGates } from '../../src/metrics/gates.js';
import { resolveMetric } from '../../src/metrics/selection.js';
import { expandGrids } from '../../src/models/grid.js';
import { permutationImportance } from '../../src/models/importance.js';
import { createMatrix } from '../../src/models/matrix.js';
import { linearFactory } from '../../src/models/linear.js';
import { classWeights } from '../../src/models/class-weight.js';
import { rankResults } from '../../src/models/tune.js';
import { r2 } from '../../src/metrics/regression.js';


describe('expandGrids', () => {
  it('expands lists in the order written and keeps scalars fixed', () => {
    const c = expandGrids({ linear: {}, decision_tree: { max_depth: [4, 6], min_samples_leaf: [5, 20] }, ridge: { alpha: 2 } }, { task: 'regression', explicit: true });
    expect(c.map((x) => [x.model, x.params])).toEqual([
      ['linear', {}],
      ['decision_tree', { max_depth: 4, min_samples_leaf: 5 }],
      ['decision_tree', { max_depth: 4, min_samples_leaf: 20 }],
      ['decision_tree', { max_depth: 6, min_samples_leaf: 5 }],
      ['decision_tree', { max_depth: 6, min_samples_leaf: 20 }],
      ['ridge', { alpha: 2 }],
    ]);
  });

  it('skips models that cannot do the task when they come from the defaults, and refuses them when set', () => {
    expect(expandGrids({ linear: {}, logistic: { C: [1] } }, { task: 'classification', explicit: false }).map((c) => c.model)).toEqual(['logistic']);
    const e = thrownSpmError(() => expandGrids({ linear: {} }, { task: 'classification', explicit: true }));
    expect(e.message).toBe('train.models.linear: linear does not do classification');
    expect(e.hint).toContain('logistic');
  });

  it('names an unknown hyper-parameter with the nearest one', () => {
    const e = thrownSpmError(() => expandGrids({ ridge: { alpah: [1] } }, { task: 'regression', explicit: true }));
    expect(e.message).toBe("train.models.ridge.alpah: ridge has no hyper-parameter 'alpah' — did you mean 'alpha'?");
  });
});

describe('checkGates', () => {
  it('passes and fails by the condition', () => {
    expect(checkGates({ r2: '>= 0.8', rmse: '< 5' }, { r2: 0.85, rmse: 5 }, true)).toEqual([
      { metric: 'r2', condition: '>= 0.8', value: 0.85, passed: true },
      { metric: 'rmse', condition: '< 5', value: 5, passed: false },
    ]);
  });
  it('a null metric fails its gate', () => {
    expect(checkGates({ roc_auc: '> 0.5' }, { roc_auc: null }, true)[0]!.passed).toBe(false);
  });
  it('a gate on a metric the task lacks: skipped when defaulted, an error when set', () => {
    expect(checkGates({ r2: '>= 0.8' }, { accuracy: 0.9 }, false)).toEqual([]);
    expect(thrownSpmError(() => checkGates({ r2: '>= 0.8' }, { accuracy: 0.9 }, true)).message).toBe('evaluate.gates.r2: this task does not report r2');
  });
});

describe('resolveMetric', () => {
  it('auto follows SPEC §3', () => {
    expect(resolveMetric('auto', 'regression', undefined)).toBe('rmse');
    expect(resolveMetric('auto', 'classification', 2)).toBe('roc_auc');
    expect(resolveMetric('auto', 'classification', 3)).toBe('f1');
  });
  it('refuses a metric of the other task', () => {
    expect(thrownSpmError(() => resolveMetric('roc_auc', 'regression', undefined)).message).toBe('train.metric: roc_auc is a classification metric, but this is a regression task');
  });
});

describe('rankResults and classWeights', () => {
  const r = (model: string, mean: number) => ({ model, params: {}, cv: { mean, std: 0, folds: [mean] } });
  it('ranks by direction, NaN last, ties in grid order', () => {
    const results = [r('a', 2), r('b', Number.NaN), r('c', 1), r('d', 2)];
    expect(rankResults(results, 'min').map((x) => x.model)).toEqual(['c', 'a', 'd', 'b']);
    expect(rankResults(results, 'max').map((x) => x.model)).toEqual(['a', 'd', 'c', 'b']);
  });
  it('balanced weights are n / (k · n_c) like sklearn compute_sample_weight("balanced")', () => {
    // sklearn.utils.class_weight.compute_sample_weight('balanced', [0,0,0,1]) → [0.6667, 0.6667, 0.6667, 2.0]
    expect(Array.from(classWeights(Float64Array.from([0, 0, 0, 1]), 2, 'balanced')!)).toEqual([4 / 6, 4 / 6, 4 / 6, 2]);
    expect(classWeights(Float64Array.from([0, 1]), 2, 'none')).toBeUndefined();
  });
});

describe('permutationImportance', () => {
  it('finds the column the target depends on and gives noise none; one-hot groups move together', () => {
    const n = 400;
    const X = createMatrix(n, 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const signal = (i % 20) - 10;
      const onehot = i % 2;
      X.data.set([signal, onehot, 1 - onehot], i * 3);
      y[i] = 3 * signal + 0.5 * onehot;
    }
    const model = linearFactory.fit({ X, y, seed: 1 }, 'regression', {});
    const imp = permutationImportance({ model, X, y, featureSources: ['signal', 'flag', 'flag'], score: (t, p) => r2(t, p.values), direction: 'max', repeats: 3, seed: 7 });
    expect(imp.map((i) => i.feature)).toEqual(['signal', 'flag']);
    expect(imp[0]!.mean).toBeGreaterThan(1);
    expect(imp[1]!.mean).toBeGreaterThan(0);
    expect(imp[1]!.mean).toBeLessThan(0.01);
  });
});
