import { describe, expect, it } from 'vitest';
import { liveMetrics } from '../../src/metrics/live-metrics.js';

// Reference values: scikit-learn 1.2.1, sklearn.metrics as M.
const close = (actual: unknown, expected: number): void => {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThan(1e-12);
};

describe('liveMetrics', () => {
  it("regression: evaluate's rmse, mae and r2 of the recorded predictions", () => {
    const r = liveMetrics({ task: 'regression' }, ['54.3777', '65.4234', '70.1', '50.5', '77.25'], null, ['62', '60', '71', '55', '80']);
    close(r.metrics!.rmse, 4.819444466948449); // M.mean_squared_error(yt, yp) ** 0.5
    close(r.metrics!.mae, 4.239140000000002); // M.mean_absolute_error(yt, yp)
    close(r.metrics!.r2, 0.7046408320193285); // M.r2_score(yt, yp)
    expect(r.rows).toBe(5);
  });

  it('binary classification: the positive-class probability gives roc_auc', () => {
    const task = { task: 'classification', classes: ['Fail', 'Pass'], positive_class: 'Pass' } as const;
    const pass = (b: number): string => (b ? 'Pass' : 'Fail');
    const yt = [1, 0, 1, 1, 0, 0].map(pass);
    const yp = [1, 0, 0, 1, 1, 0].map(pass);
    const r = liveMetrics(task, yp, ['0.9', '0.2', '0.4', '0.8', '0.6', '0.1'], yt);
    close(r.metrics!.accuracy, 0.6666666666666666); // M.accuracy_score
    close(r.metrics!.f1, 0.6666666666666666); // M.f1_score
    close(r.metrics!.roc_auc, 0.888888888888889); // M.roc_auc_score(yt, p)
    close(r.metrics!.balanced_accuracy, 0.6666666666666666); // M.balanced_accuracy_score
    expect(r.metrics!.labels).toEqual(['Fail', 'Pass']);
  });

  it('leaves out outcomes that are no value of the target, by index', () => {
    const r = liveMetrics({ task: 'regression' }, ['1', '2', '3'], null, ['1', 'abc', '']);
    expect(r.invalid).toEqual([1, 2]);
    expect(r.rows).toBe(1);
    const c = liveMetrics({ task: 'classification', classes: ['a', 'b', 'c'] }, ['a', 'b'], ['0.5', '0.6'], ['a', 'z']);
    expect(c.invalid).toEqual([1]);
    expect(c.metrics!.roc_auc).toBeNull(); // multi-class: only the predicted class's probability is recorded
  });

  it('has no metrics without a usable pair', () => {
    expect(liveMetrics({ task: 'regression' }, [], null, []).metrics).toBeNull();
  });
});
