import { describe, expect, it } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { logisticFactory, LogisticModel, sigmoid } from '../../src/models/logistic.js';
import type { Matrix } from '../../src/models/matrix.js';
import type { FitData } from '../../src/models/model.js';
import { createRng } from '../../src/util/rng.js';
import { expectClose, ROWS, W, YB, YM } from '../helpers/model-fixtures.js';

// ROWS, YB, YM and W: the fixed 24-row dataset (and how it was made) in tests/helpers/model-fixtures.ts.

// compute_sample_weight('balanced', yb): n / (2 · count(class))
const BALANCED = YB.map((v) => (v === 1 ? 1.5 : 0.75));

const X: Matrix = { rows: ROWS.length, cols: 6, data: Float64Array.from(ROWS.flat()) };
const fitData = (y: readonly number[], nClasses: number, sampleWeight?: readonly number[]): FitData => ({
  X,
  y: Float64Array.from(y),
  nClasses,
  seed: 1,
  ...(sampleWeight ? { sampleWeight: Float64Array.from(sampleWeight) } : {}),
});
const fit = (data: FitData, params = {}): LogisticModel =>
  logisticFactory.fit(data, 'classification', params) as LogisticModel;
const flat = (m: LogisticModel): number[] => m.coefs.flatMap((w) => Array.from(w));
function column(m: Matrix, j: number, rows: number): number[] {
  return Array.from({ length: rows }, (_, i) => m.data[i * m.cols + j]!);
}

/** A tight gradient tolerance so that the comparisons below test the objective, not the stopping rule. */
const TIGHT = { tol: 1e-10 } as const;

/*
 * References (scikit-learn 1.2.1). sklearn's lbfgs stops on scipy's relative-decrease test (ftol)
 * before its gradient is small, up to 1e-4 away from the optimum, so the tight references are
 * `polish(LogisticRegression(C=C, tol=1e-12, max_iter=100000).fit(X, y, sample_weight=sw))`:
 * scipy.optimize.minimize(LinearModelLoss(HalfBinomialLoss() | HalfMultinomialLoss(3),
 * fit_intercept=True).loss_gradient, x0=[coef_, intercept_], args=(X, y, sw, 1/C),
 * method='L-BFGS-B', options=dict(gtol=1e-14, ftol=0)), i.e. sklearn's own objective minimised
 * to a gradient of ~1e-9 (it agrees with solver='newton-cholesky' to 1e-9). Plain
 * LogisticRegression() defaults are checked to 1e-4 below.
 */
describe('logistic, binary (Newton)', () => {
  it('matches sklearn LogisticRegression(C=1)', () => {
    // m = polish(LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(X, yb)); m.coef_, m.intercept_,
    // m.predict_proba(X[:4])[:, 1]
    const m = fit(fitData(YB, 2), TIGHT);
    expectClose(
      flat(m),
      [1.370293726842517, -0.5730298353719032, -0.16392104170217586, 0.06631672376278351, 0.6456196968333338, -0.711936420845949],
      1e-8,
    );
    expectClose(m.intercepts, [-0.23131601756112477], 1e-8);
    const proba = m.predictProba(X);
    expectClose(column(proba, 1, 4), [0.2552314520256863, 0.27599501905151086, 0.17529239693100485, 0.31538238654353234], 1e-7);
    for (let i = 0; i < X.rows; i++) expect(proba.data[2 * i]! + proba.data[2 * i + 1]!).toBeCloseTo(1, 14);
  });

  it('matches sklearn with C=0.5 and balanced class weights passed as sample weights', () => {
    // polish(LogisticRegression(C=0.5, tol=1e-12, max_iter=100000).fit(X, yb,
    //   sample_weight=compute_sample_weight('balanced', yb))); coef_, intercept_, predict_proba(X[:4])[:, 1]
    const m = fit(fitData(YB, 2, BALANCED), { C: 0.5, ...TIGHT });
    expectClose(
      flat(m),
      [1.0173828925791506, -0.45144667444945435, -0.13408858804997553, 0.03646730304270967, 0.4718930378982819, -0.5083603407491661],
      1e-8,
    );
    expectClose(m.intercepts, [0.2583299974100246], 1e-8);
    expectClose(
      column(m.predictProba(X), 1, 4),
      [0.41356177711410896, 0.431735274007911, 0.3255849075043526, 0.45759334230306414],
      1e-9,
    );
  });

  it('predicts the argmax class and explains the log-odds of either class exactly', () => {
    const m = fit(fitData(YB, 2));
    const proba = m.predictProba(X);
    const pred = m.predict(X);
    for (let i = 0; i < X.rows; i++) expect(pred[i]).toBe(proba.data[2 * i + 1]! > 0.5 ? 1 : 0);
    const z = m.decisionFunction(X);
    const classIndex = Int32Array.from({ length: X.rows }, (_, i) => i % 2);
    for (const [e, cls] of [
      [m.explain(X), () => 1],
      [m.explain(X, classIndex), (i: number) => i % 2],
    ] as const) {
      expect(e.scale).toBe('log_odds');
      for (let i = 0; i < X.rows; i++) {
        let s = e.base[i]!;
        for (let j = 0; j < X.cols; j++) s += e.values.data[i * X.cols + j]!;
        const logOdds = cls(i) === 1 ? z.data[i]! : -z.data[i]!;
        expect(Math.abs(s - logOdds)).toBeLessThan(1e-9);
        expect(sigmoid(s)).toBeCloseTo(proba.data[2 * i + cls(i)]!, 12);
      }
    }
  });
});

describe('logistic, multinomial (L-BFGS)', () => {
  it('matches sklearn LogisticRegression(C=1) on 3 classes', () => {
    // m = polish(LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(X, ym)); m.coef_.ravel(), m.intercept_,
    // m.predict_proba(X[:3]).ravel(), m.predict(X)
    const m = fit(fitData(YM, 3), TIGHT);
    expectClose(
      flat(m),
      [
        0.9045975702259678, 0.1525606249368235, 0.6211772639009536, -0.6399256209188802, 0.05428010580097094, 0.5856455173189078,
        -0.27726406636869155, -0.8203718230290483, -0.8488404039411593, -0.2380468749538651, 0.39196954801448064, -0.15392267126631642,
        -0.6273335038572764, 0.6678111980922252, 0.22766314004020546, 0.8779724958727455, -0.44624965381545156, -0.4317228460525909,
      ],
      1e-7,
    );
    expectClose(m.intercepts, [1.6224292113292778, -0.332940146708244, -1.2894890646210329], 1e-7);
    expectClose(
      m.predictProba(X).data.subarray(0, 9),
      [
        0.9086429728513035, 0.06817239634122114, 0.023184630807475334, 0.1624315998098807, 0.6531196385197463,
        0.18444876167037294, 0.9272293561201321, 0.03255499733145385, 0.04021564654841418,
      ],
      1e-8,
    );
    expect(Array.from(m.predict(X))).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 1]);
  });

  it('matches sklearn with C=2 and sample weights', () => {
    // m = polish(LogisticRegression(C=2.0, tol=1e-12, max_iter=100000).fit(X, ym, sample_weight=w));
    // m.coef_.ravel(), m.intercept_, m.predict_proba(X[:3]).ravel()
    const m = fit(fitData(YM, 3, W), { C: 2, ...TIGHT });
    expectClose(
      flat(m),
      [
        1.2278117340025803, 0.12764618979398276, 0.857364238316072, -0.9229963301370178, 0.06867233345352314, 0.8543239953593996,
        -0.24648124094817905, -1.0722533361836128, -1.5612635950339508, -0.3922779631199823, 0.5935966216102062, -0.20131865722772652,
        -0.9813304930544006, 0.9446071463896305, 0.7038993567178795, 1.3152742932569998, -0.6622689550637296, -0.6530053381316728,
      ],
      1e-7,
    );
    expectClose(m.intercepts, [2.128741184940394, -0.23399190139608306, -1.8947492835443085], 1e-7);
    expectClose(
      m.predictProba(X).data.subarray(0, 9),
      [
        0.9531065987781993, 0.04186334703667759, 0.00503005418512317, 0.07604553498121586, 0.8505087292517968,
        0.07344573576698725, 0.9700881282864372, 0.01906426952089138, 0.010847602192671483,
      ],
      1e-6,
    );
  });

  it('explains the explained class logit exactly (default: the predicted class)', () => {
    const m = fit(fitData(YM, 3));
    const z = m.decisionFunction(X);
    const pred = m.predict(X);
    const chosen = Int32Array.from({ length: X.rows }, (_, i) => i % 3);
    for (const [e, cls] of [
      [m.explain(X), (i: number) => pred[i]!],
      [m.explain(X, chosen), (i: number) => i % 3],
    ] as const) {
      for (let i = 0; i < X.rows; i++) {
        let s = e.base[i]!;
        for (let j = 0; j < X.cols; j++) s += e.values.data[i * X.cols + j]!;
        expect(Math.abs(s - z.data[i * 3 + cls(i)]!)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('logistic: params, serialisation, robustness', () => {
  it('default tolerance agrees with plain sklearn to 1e-4', () => {
    // d = LogisticRegression().fit(X, yb); d.intercept_, d.coef_[0][0]
    // d = LogisticRegression().fit(X, ym); d.intercept_, d.predict_proba(X[:1])
    const b = fit(fitData(YB, 2));
    expectClose(b.intercepts, [-0.2313167361420096], 1e-4);
    expect(Math.abs(b.coefs[0]![0]! - 1.370293196828402)).toBeLessThan(1e-4);
    const m = fit(fitData(YM, 3));
    expectClose(m.intercepts, [1.6224479388997852, -0.33296005774778453, -1.2894878811520007], 1e-4);
    expectClose(m.predictProba(X).data.subarray(0, 3), [0.9086432180551643, 0.06817179155992581, 0.02318499038490995], 1e-4);
  });

  it('round-trips through JSON text with bit-identical probabilities', () => {
    for (const m of [fit(fitData(YB, 2, BALANCED)), fit(fitData(YM, 3))]) {
      const json = JSON.parse(JSON.stringify(m.toJSON()));
      expect(json.format).toBe('spm.model.logistic');
      expect(json.version).toBe(1);
      const back = logisticFactory.fromJSON(json);
      const a = m.predictProba!(X).data;
      const b = back.predictProba!(X).data;
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
      expect(back.params).toEqual({ C: 1, max_iter: 200, tol: 1e-6 });
    }
  });

  it('rejects bad hyper-parameters and corrupted artifacts with SpmError', () => {
    expect(() => fit(fitData(YB, 2), { C: 0 })).toThrow(/logistic: C must be a number > 0, got 0/);
    expect(() => fit(fitData(YB, 2), { max_iter: 2.5 })).toThrow(/max_iter must be an integer >= 1/);
    const json = { ...fit(fitData(YM, 3)).toJSON(), coefs: [[1, 2]] };
    expect(() => logisticFactory.fromJSON(json)).toThrow(SpmError);
    expect(() => logisticFactory.fromJSON({ format: 'spm.model.linear', version: 1 })).toThrow(/spm.model.logistic v1/);
  });

  it('stays finite on perfectly separable data', () => {
    const rng = createRng(5);
    const rows = 200;
    const data = Float64Array.from({ length: rows * 2 }, () => rng.normal());
    const y = Float64Array.from({ length: rows }, (_, i) => (data[2 * i]! > 0 ? 1 : 0));
    const m = logisticFactory.fit({ X: { rows, cols: 2, data }, y, nClasses: 2, seed: 1 }, 'classification', { C: 1e6 }) as LogisticModel;
    expect(flat(m).every(Number.isFinite)).toBe(true);
    const pred = m.predict({ rows, cols: 2, data });
    expect(pred.every((v, i) => v === y[i])).toBe(true);
  });
});
