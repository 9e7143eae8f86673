/**
 * Probability metrics (src/metrics/probability.ts) against scikit-learn 1.2.1:
 *   yb = [0,1,1,0,1,0,0,1,1,1,0,0]; pb = [0.1,0.9,0.3,0.3,0.6,0.0,0.45,0.7,1.0,0.8,0.2,0.6000000000000001]
 *   brier_score_loss(yb, pb) = brier_score_loss(yb, 1 - pb, pos_label=0) = 0.12437500000000001
 *   log_loss(yb, np.c_[1 - pb, pb]) = 0.38327368187860333   (pb holds 0.0 and 1.0: clipped to eps)
 *   calibration_curve(yb, pb, n_bins=10, strategy='uniform') =
 *     prob_true [0, 0, 0.5, 0, 0.5, 1, 1, 1, 1], prob_pred [0.05, 0.2, 0.3, 0.45, 0.6000000000000001, 0.7, 0.8, 0.9, 1.0]
 *   ym = [0,2,1,1,0,2]; pm = [[.7,.2,.1],[.1,.1,.8],[.3,.4,.3],[.5,.5,0],[.98,.01,.01],[.2,.5,.3]]
 *   log_loss(ym, pm) = 0.5689053198884163
 *   np.mean(np.sum((np.eye(3)[ym] - pm) ** 2, axis=1)) = 0.33676666666666666 (multi-class Brier)
 */
import { describe, expect, it } from 'vitest';
import { computeClassificationMetrics } from '../../src/metrics/index.js';
import { brierScore, classifierReliability, logLoss, reliabilityCurve } from '../../src/metrics/probability.js';
import type { Matrix } from '../../src/models/matrix.js';

const yb = Float64Array.of(0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0);
const pb = [0.1, 0.9, 0.3, 0.3, 0.6, 0.0, 0.45, 0.7, 1.0, 0.8, 0.2, 0.6000000000000001];
const binary: Matrix = { rows: 12, cols: 2, data: Float64Array.from(pb.flatMap((p) => [1 - p, p])) };
const ym = Float64Array.of(0, 2, 1, 1, 0, 2);
const multi: Matrix = { rows: 6, cols: 3, data: Float64Array.of(0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.3, 0.4, 0.3, 0.5, 0.5, 0, 0.98, 0.01, 0.01, 0.2, 0.5, 0.3) };

describe('Brier score and log loss (sklearn.metrics)', () => {
  it('binary: brier_score_loss of the positive class, either class as positive', () => {
    expect(brierScore(yb, binary, 1)).toBeCloseTo(0.12437500000000001, 15);
    expect(brierScore(Float64Array.from(yb, (c) => 1 - c), { ...binary, data: Float64Array.from(pb.flatMap((p) => [p, 1 - p])) }, 0)).toBeCloseTo(0.12437500000000001, 15);
  });

  it('log_loss clips 0 and 1 to eps', () => {
    expect(logLoss(yb, binary)).toBeCloseTo(0.38327368187860333, 14);
    expect(logLoss(ym, multi)).toBeCloseTo(0.5689053198884163, 14);
  });

  it('multi-class Brier: the sum over classes, averaged over rows', () => {
    expect(brierScore(ym, multi)).toBeCloseTo(0.33676666666666666, 15);
  });

  it('evaluate reports both, null without probabilities', () => {
    const withProba = computeClassificationMetrics({ yTrue: yb, yPred: Float64Array.from(pb, (p) => (p >= 0.5 ? 1 : 0)), proba: binary, positiveIndex: 1 });
    expect(withProba.brier).toBeCloseTo(0.124375, 12);
    expect(withProba.log_loss).toBeCloseTo(0.38327368187860333, 12);
    const without = computeClassificationMetrics({ yTrue: yb, yPred: yb, positiveIndex: 1 });
    expect([without.brier, without.log_loss]).toEqual([null, null]);
  });
});

describe('reliability curve (sklearn.calibration.calibration_curve, uniform bins)', () => {
  it('bins like numpy.searchsorted on linspace edges; empty bins are left out', () => {
    const curve = reliabilityCurve(yb, pb, 10);
    expect(curve.map((b) => b.observed)).toEqual([0, 0, 0.5, 0, 0.5, 1, 1, 1, 1]);
    curve.forEach((b, i) => expect(b.predicted).toBeCloseTo([0.05, 0.2, 0.3, 0.45, 0.6000000000000001, 0.7, 0.8, 0.9, 1.0][i]!, 15));
    expect(curve.map((b) => b.count)).toEqual([2, 1, 2, 1, 2, 1, 1, 1, 1]);
  });

  it('binary: of the positive class; multi-class: of the top class against being right', () => {
    expect(classifierReliability(yb, binary, 1)).toEqual({ of: 'positive', bins: reliabilityCurve(yb, pb, 10) });
    const top = classifierReliability(ym, multi);
    expect(top.of).toBe('top');
    // top probabilities 0.7 ✓, 0.8 ✓, 0.4 ✓, 0.5 (class 0 first on the tie) ✗, 0.98 ✓, 0.5 ✗
    expect(top.bins).toEqual([
      { predicted: 0.4, observed: 1, count: 1 },
      { predicted: 0.5, observed: 0, count: 2 },
      { predicted: 0.7, observed: 1, count: 1 },
      { predicted: 0.8, observed: 1, count: 1 },
      { predicted: 0.98, observed: 1, count: 1 },
    ]);
  });
});
