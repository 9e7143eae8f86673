import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  binaryRocAuc,
  confusionMatrix,
  downsampleIndices,
  f1,
  precision,
  precisionRecallCurve,
  recall,
  rocAuc,
  rocCurve,
} from '../../src/metrics/classification.js';
import {
  computeClassificationMetrics,
  computeRegressionMetrics,
  isBetter,
  isMetricName,
  METRIC_NAMES,
  METRICS,
} from '../../src/metrics/index.js';
import { mae, r2, rmse } from '../../src/metrics/regression.js';
import type { Matrix } from '../../src/models/matrix.js';
import { createRng } from '../../src/util/rng.js';

// Reference values: scikit-learn 1.2.1, sklearn.metrics as M; each literal names its call.
const f64 = (v: readonly number[]): Float64Array => Float64Array.from(v);
const matrix = (rows: readonly (readonly number[])[]): Matrix => ({
  rows: rows.length,
  cols: rows[0]!.length,
  data: Float64Array.from(rows.flat()),
});
const close = (actual: number | null, expected: number): void => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThan(1e-12);
};

describe('regression metrics', () => {
  const yt = f64([3.1, -0.5, 2.0, 7.25, 4.0, 0.0, 1.5, 9.0, -2.0, 5.5]);
  const yp = f64([2.9, 0.1, 2.2, 6.5, 4.4, -0.3, 1.0, 8.1, -1.2, 6.0]);
  const w = f64([1, 2, 0.5, 1, 1, 3, 1, 0.25, 1, 2.0]);

  it('match sklearn', () => {
    close(rmse(yt, yp), 0.5659063526768365); // M.mean_squared_error(yt, yp, squared=False)
    close(mae(yt, yp), 0.5150000000000001); // M.mean_absolute_error(yt, yp)
    close(r2(yt, yp), 0.9711018518727399); // M.r2_score(yt, yp)
  });

  it('match sklearn with sample weights', () => {
    close(rmse(yt, yp, w), 0.5137329740511611); // M.mean_squared_error(yt, yp, sample_weight=w, squared=False)
    close(mae(yt, yp, w), 0.47647058823529415); // M.mean_absolute_error(yt, yp, sample_weight=w)
    close(r2(yt, yp, w), 0.9694290219878929); // M.r2_score(yt, yp, sample_weight=w)
  });

  it('r2 of a constant target is 1 when perfect, else 0 (sklearn force_finite)', () => {
    expect(r2(f64([2, 2, 2]), f64([2, 2, 2]))).toBe(1); // M.r2_score([2,2,2],[2,2,2])
    expect(r2(f64([2, 2, 2]), f64([2, 2, 3]))).toBe(0); // M.r2_score([2,2,2],[2,2,3])
  });

  it('computeRegressionMetrics returns the evaluate keys', () => {
    const m = computeRegressionMetrics(yt, yp);
    expect(Object.keys(m)).toEqual(['rmse', 'mae', 'r2']);
    close(m.rmse, 0.5659063526768365);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => rmse(yt, yp.subarray(1))).toThrow(/differ in length/);
  });
});

describe('binary classification metrics', () => {
  const yb = f64([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1]);
  const sb = f64([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9, 0.35, 0.6, 0.1, 0.7]); // ties at 0.1, 0.35, 0.4
  const pb = sb.map((s) => (s >= 0.5 ? 1 : 0));
  const wb = f64([1, 2, 1, 0.5, 1, 1, 3, 1, 2, 1, 1, 1.5]);

  it('match sklearn for the positive class', () => {
    close(accuracy(yb, pb), 0.6666666666666666); // M.accuracy_score(yb, pb)
    close(precision(yb, pb), 0.75); // M.precision_score(yb, pb)
    close(recall(yb, pb), 0.5); // M.recall_score(yb, pb)
    close(f1(yb, pb), 0.6); // M.f1_score(yb, pb)
    close(balancedAccuracy(yb, pb), 0.6666666666666667); // M.balanced_accuracy_score(yb, pb)
    expect(confusionMatrix(yb, pb)).toEqual([[5, 1], [3, 3]]); // M.confusion_matrix(yb, pb)
  });

  it('roc_auc counts tied scores half, like sklearn roc_auc_score', () => {
    close(binaryRocAuc(yb, sb), 0.7777777777777778); // M.roc_auc_score(yb, sb)
    close(binaryRocAuc(yb, sb, 1, wb), 0.7698412698412698); // M.roc_auc_score(yb, sb, sample_weight=wb)
    close(rocAuc(yb, matrix(Array.from(sb, (s) => [1 - s, s]))), 0.7777777777777778);
    // M.roc_auc_score(1 - yb, 1 - sb): class 0 as the positive class
    close(rocAuc(yb, matrix(Array.from(sb, (s) => [1 - s, s])), { positiveIndex: 0 }), 0.7777777777777778);
  });

  it('match sklearn with sample weights and with class 0 as positive', () => {
    const o = { sampleWeight: wb };
    close(accuracy(yb, pb, o), 0.6875); // M.accuracy_score(yb, pb, sample_weight=wb)
    close(f1(yb, pb, o), 0.5454545454545454); // M.f1_score(yb, pb, sample_weight=wb)
    close(balancedAccuracy(yb, pb, o), 0.6587301587301587); // M.balanced_accuracy_score(yb, pb, sample_weight=wb)
    close(precision(yb, pb, { positiveIndex: 0 }), 0.625); // M.precision_score(yb, pb, pos_label=0)
    close(recall(yb, pb, { positiveIndex: 0 }), 0.8333333333333334); // M.recall_score(yb, pb, pos_label=0)
  });

  it('rank-based AUC equals the pairwise Mann–Whitney count on random data with many ties', () => {
    const rng = createRng(11);
    const n = 500;
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const s = Float64Array.from({ length: n }, (_, i) => rng.int(20) + y[i]! * 3);
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (y[j] !== 0) continue;
        pairs++;
        wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
    expect(Math.abs(binaryRocAuc(y, s)! - wins / pairs)).toBeLessThan(1e-12);
  });

  it('roc and precision-recall curves match sklearn point by point', () => {
    // fpr, tpr, thr = M.roc_curve(yb, sb, drop_intermediate=False)
    const roc = rocCurve(yb, sb)!;
    const near = (a: number[], b: number[]): void => a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-12));
    expect(roc.fpr.length).toBe(9);
    near(roc.fpr, [0.0, 0.0, 0.0, 0.0, 0.16666666666666666, 0.5, 0.5, 0.6666666666666666, 1.0]);
    near(roc.tpr, [0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.5, 0.6666666666666666, 1.0, 1.0, 1.0]);
    near(roc.thresholds, [1.9, 0.9, 0.8, 0.7, 0.6, 0.4, 0.35, 0.2, 0.1]);
    // p, r, t = M.precision_recall_curve(yb, sb); compared without the final (precision 1, recall 0)
    const pr = precisionRecallCurve(yb, sb)!;
    near(pr.precision, [0.5, 0.6, 0.6666666666666666, 0.5714285714285714, 0.75, 1.0, 1.0, 1.0]);
    near(pr.recall, [1.0, 1.0, 1.0, 0.6666666666666666, 0.5, 0.5, 0.3333333333333333, 0.16666666666666666]);
    near(pr.thresholds, [0.1, 0.2, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9]);
  });

  it('downsamples long curves to 200 points keeping both ends', () => {
    const rng = createRng(2);
    const n = 5000;
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const s = Float64Array.from({ length: n }, () => rng.next());
    const roc = rocCurve(y, s)!;
    expect(roc.fpr.length).toBe(200);
    expect([roc.fpr[0], roc.tpr[0], roc.fpr[199], roc.tpr[199]]).toEqual([0, 0, 1, 1]);
    expect(roc.fpr.every((v, i) => i === 0 || v >= roc.fpr[i - 1]!)).toBe(true);
    expect(precisionRecallCurve(y, s)!.recall.length).toBe(200);
    expect(downsampleIndices(5, 200)).toEqual([0, 1, 2, 3, 4]);
    expect(downsampleIndices(11, 3)).toEqual([0, 5, 10]);
  });

  it('degenerate inputs: one class → roc_auc null, zero division → 0', () => {
    const ones = f64([1, 1, 1]);
    expect(binaryRocAuc(ones, f64([0.2, 0.5, 0.9]))).toBeNull();
    expect(rocCurve(ones, f64([0.2, 0.5, 0.9]))).toBeNull();
    // M.precision_score([0,1,0], [0,0,0], zero_division=0) and M.f1_score(...) are both 0.0
    expect(precision(f64([0, 1, 0]), f64([0, 0, 0]))).toBe(0);
    expect(f1(f64([0, 1, 0]), f64([0, 0, 0]))).toBe(0);
    const m = computeClassificationMetrics({ yTrue: ones, yPred: ones, proba: matrix([[0, 1], [0, 1], [0, 1]]) });
    expect(m.roc_auc).toBeNull();
    expect(m.accuracy).toBe(1);
  });
});

describe('multi-class metrics', () => {
  const ym = f64([0, 1, 2, 2, 1, 0, 2, 1, 0, 2]);
  const P = matrix([
    [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4], [0.4, 0.4, 0.2],
    [0.5, 0.25, 0.25], [0.2, 0.2, 0.6], [0.1, 0.6, 0.3], [0.25, 0.5, 0.25], [0.4, 0.2, 0.4],
  ]);
  const pm = f64([0, 1, 2, 2, 0, 0, 2, 1, 1, 0]);
  const wm = f64([1, 1, 2, 0.5, 1, 1, 1, 3, 1, 1.0]);

  it('macro averages and one-vs-rest roc_auc match sklearn', () => {
    const m = computeClassificationMetrics({ yTrue: ym, yPred: pm, proba: P });
    close(m.accuracy, 0.7); // M.accuracy_score(ym, pm)
    close(m.precision, 0.7222222222222222); // M.precision_score(ym, pm, average='macro')
    close(m.recall, 0.6944444444444443); // M.recall_score(ym, pm, average='macro')
    close(m.f1, 0.6984126984126985); // M.f1_score(ym, pm, average='macro')
    close(m.balanced_accuracy, 0.6944444444444443); // M.balanced_accuracy_score(ym, pm)
    close(m.roc_auc, 0.9285714285714285); // M.roc_auc_score(ym, P, multi_class='ovr', average='macro')
    expect(m.confusion_matrix).toEqual([[2, 1, 0], [1, 2, 0], [1, 0, 3]]); // M.confusion_matrix(ym, pm)
  });

  it('match sklearn with sample weights', () => {
    // M.roc_auc_score(ym, P, multi_class='ovr', average='macro', sample_weight=wm)
    close(rocAuc(ym, P, { sampleWeight: wm }), 0.9574269005847954);
    close(f1(ym, pm, { sampleWeight: wm }), 0.7488095238095239); // M.f1_score(ym, pm, average='macro', sample_weight=wm)
  });

  it('macro averages over labels present in y_true or y_pred, like sklearn', () => {
    // 4 classes declared; class 2 only predicted, class 3 absent from both
    const yt = f64([0, 0, 1, 1, 1]);
    const yp = f64([0, 2, 1, 1, 0]);
    const o = { nClasses: 4 };
    close(precision(yt, yp, o), 0.5); // M.precision_score(yt, yp, average='macro')
    close(recall(yt, yp, o), 0.38888888888888884); // M.recall_score(yt, yp, average='macro')
    close(f1(yt, yp, o), 0.43333333333333335); // M.f1_score(yt, yp, average='macro')
    close(balancedAccuracy(yt, yp, o), 0.5833333333333333); // M.balanced_accuracy_score(yt, yp)
    expect(confusionMatrix(yt, yp, o)).toHaveLength(4);
  });

  it('one-vs-rest leaves out classes missing from y_true; null when none is defined', () => {
    const yt = f64([0, 0, 1, 1]);
    const proba = matrix([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]]);
    const auc01 = (binaryRocAuc(yt, f64([0.8, 0.6, 0.2, 0.3]), 0)! + binaryRocAuc(yt, f64([0.1, 0.3, 0.7, 0.3]), 1)!) / 2;
    close(rocAuc(yt, proba), auc01);
    expect(rocAuc(f64([2, 2, 2, 2]), proba)).toBeNull();
  });
});

describe('metric table', () => {
  it('lists every metric with its direction and task', () => {
    expect([...METRIC_NAMES].sort()).toEqual(
      ['accuracy', 'balanced_accuracy', 'f1', 'mae', 'precision', 'r2', 'recall', 'rmse', 'roc_auc'].sort(),
    );
    expect(METRICS.rmse).toMatchObject({ direction: 'min', task: 'regression' });
    expect(METRICS.mae.direction).toBe('min');
    expect(METRICS.r2.direction).toBe('max');
    expect(METRICS.roc_auc).toMatchObject({ direction: 'max', task: 'classification' });
    expect(isMetricName('f1')).toBe(true);
    expect(isMetricName('toString')).toBe(false);
  });

  it('computes from the shared input shape', () => {
    const yTrue = f64([0, 1, 1, 0]);
    const proba = matrix([[0.9, 0.1], [0.4, 0.6], [0.6, 0.4], [0.5, 0.5]]); // 3 of 4 pairs ranked right
    const yPred = f64([0, 1, 0, 1]);
    expect(METRICS.accuracy.compute({ yTrue, yPred })).toBe(0.5);
    expect(METRICS.roc_auc.compute({ yTrue, yPred, proba })).toBe(0.75);
    expect(METRICS.roc_auc.compute({ yTrue, yPred })).toBeNull();
    expect(METRICS.rmse.compute({ yTrue: f64([1, 2]), yPred: f64([1, 4]) })).toBeCloseTo(Math.SQRT2, 15);
  });

  it('isBetter follows the direction and never prefers null', () => {
    expect(isBetter('rmse', 1, 2)).toBe(true);
    expect(isBetter('r2', 0.5, 0.7)).toBe(false);
    expect(isBetter('roc_auc', 0.6, null)).toBe(true);
    expect(isBetter('roc_auc', null, 0.1)).toBe(false);
  });
});
