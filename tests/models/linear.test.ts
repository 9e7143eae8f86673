import { describe, expect, it } from 'vitest';
import MLR from 'ml-regression-multivariate-linear';
import { SpmError } from '../../src/errors.js';
import { linearFactory, ridgeFactory, LinearModel } from '../../src/models/linear.js';
import type { Matrix } from '../../src/models/matrix.js';
import type { FitData } from '../../src/models/model.js';
import { createRng } from '../../src/util/rng.js';
import { expectClose, matrix, ROWS, W, Y } from '../helpers/model-fixtures.js';

// ROWS, Y and W: the fixed 24-row dataset (and how it was made) in tests/helpers/model-fixtures.ts.

const X = matrix(ROWS);
const X5 = matrix(ROWS.map((r) => r.slice(0, 5)));
const data = (x: Matrix, sampleWeight?: readonly number[]): FitData => ({
  X: x,
  y: Float64Array.from(Y),
  seed: 1,
  ...(sampleWeight ? { sampleWeight: Float64Array.from(sampleWeight) } : {}),
});

function sameBytes(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('linear (OLS)', () => {
  it('matches sklearn LinearRegression on collinear one-hot data (min-norm coefficients)', () => {
    // LinearRegression().fit(X, y): coef_, intercept_, predict(X)[:3]
    const m = linearFactory.fit(data(X), 'regression', {}) as LinearModel;
    expectClose(
      m.coef,
      [2.1471342608547834, -1.0069707398606838, 0.6125865518189176, -0.2723277377013455, 1.5733270798002437, -1.300999342098898],
      1e-7, // the one-hot (null-space) direction carries ~1e-8 of rounding; see OLS_RELATIVE_RIDGE
    );
    expect(Math.abs(m.intercept - 3.23850594346618)).toBeLessThan(1e-7);
    expectClose(m.predict(X).subarray(0, 3), [1.470017010417969, 0.9019048602406565, 0.4168264552139833], 1e-9);
  });

  it('matches sklearn on full-rank data', () => {
    // LinearRegression().fit(X[:, :5], y): coef_, intercept_
    const m = linearFactory.fit(data(X5), 'regression', {}) as LinearModel;
    expectClose(m.coef, [2.1471342608547843, -1.0069707398606833, 0.6125865518189172, 1.0286716043975532, 2.8743264218991387], 1e-9);
    expect(Math.abs(m.intercept - 1.9375066013672826)).toBeLessThan(1e-9);
  });

  it('agrees with ml-regression-multivariate-linear on random full-rank data', () => {
    const rng = createRng(3);
    const n = 300;
    const p = 7;
    const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal() * 3 + 10));
    const y = rows.map((r) => r.reduce((s, v, j) => s + v * (j - 3), 5) + rng.normal());
    const oracle = new MLR(rows, y.map((v) => [v]), { intercept: true, statistics: false });
    const m = linearFactory.fit({ X: matrix(rows), y: Float64Array.from(y), seed: 1 }, 'regression', {}) as LinearModel;
    expectClose(m.coef, oracle.weights.slice(0, p).map((r) => r[0]!), 1e-8);
    expect(Math.abs(m.intercept - oracle.weights[p]![0]!)).toBeLessThan(1e-7);
  });

  it('stays finite with a constant column and with all-constant features', () => {
    const rows = ROWS.map((r) => [r[0]!, 4]);
    const m = linearFactory.fit(data(matrix(rows)), 'regression', {}) as LinearModel;
    expect(m.coef[1]).toBe(0);
    expect(Number.isFinite(m.coef[0]!)).toBe(true);
    const flat = linearFactory.fit(data(matrix(ROWS.map(() => [1, 2]))), 'regression', {}) as LinearModel;
    expect(Array.from(flat.coef)).toEqual([0, 0]);
    expect(flat.intercept).toBeCloseTo(Y.reduce((a, b) => a + b) / Y.length, 12);
  });
});

describe('ridge', () => {
  it('matches sklearn Ridge(alpha=1)', () => {
    // Ridge(alpha=1.0).fit(X, y): coef_, intercept_
    const m = ridgeFactory.fit(data(X), 'regression', { alpha: 1 }) as LinearModel;
    expectClose(
      m.coef,
      [1.9325609959417782, -0.9689597212943283, 0.5407786436837597, -0.21165699879635694, 1.3518288865893568, -1.140171887792998],
      1e-10,
    );
    expect(Math.abs(m.intercept - 3.108389492688721)).toBeLessThan(1e-10);
  });

  it('matches sklearn Ridge(alpha=10) with sample weights', () => {
    // Ridge(alpha=10.0).fit(X, y, sample_weight=w): coef_, intercept_
    const m = ridgeFactory.fit(data(X, W), 'regression', { alpha: 10 }) as LinearModel;
    expectClose(
      m.coef,
      [1.1753401515742425, -0.8131366812584392, 0.22967539946910373, -0.033443192133857706, 0.6959606464366525, -0.6625174543027949],
      1e-10,
    );
    expect(Math.abs(m.intercept - 2.6999180530798195)).toBeLessThan(1e-10);
  });

  it('uses alpha = 1 by default and rejects a negative alpha with a message naming the param', () => {
    const a = ridgeFactory.fit(data(X), 'regression', {}) as LinearModel;
    expect(a.params).toEqual({ alpha: 1 });
    expect(a.intercept).toBeCloseTo(3.108389492688721, 10);
    expect(() => ridgeFactory.fit(data(X), 'regression', { alpha: -1 })).toThrow(
      /ridge: alpha must be a number >= 0, got -1/,
    );
    expect(() => ridgeFactory.fit(data(X), 'regression', { alpha: 'x' })).toThrow(SpmError);
  });
});

describe('explain and serialisation', () => {
  for (const [name, model] of [
    ['linear', linearFactory.fit(data(X), 'regression', {})],
    ['ridge (weighted)', ridgeFactory.fit(data(X, W), 'regression', { alpha: 3 })],
  ] as const) {
    it(`${name}: base + Σ contributions = prediction, base = prediction at the training means`, () => {
      const pred = model.predict(X);
      const e = model.explain(X);
      expect(e.scale).toBe('prediction');
      for (let i = 0; i < X.rows; i++) {
        let s = e.base[i]!;
        for (let j = 0; j < X.cols; j++) s += e.values.data[i * X.cols + j]!;
        expect(Math.abs(s - pred[i]!)).toBeLessThan(1e-9);
      }
      const means = ROWS[0]!.map((_, j) => ROWS.reduce((a, r) => a + r[j]!, 0) / ROWS.length);
      expect(Math.abs(e.base[0]! - model.predict(matrix([means]))[0]!)).toBeLessThan(1e-12);
    });

    it(`${name}: toJSON → JSON text → fromJSON predicts bit-identically`, () => {
      const json = JSON.parse(JSON.stringify(model.toJSON()));
      expect(json.format).toBe('spm.model.linear');
      expect(json.version).toBe(1);
      const back = linearFactory.fromJSON(json);
      expect(back.name).toBe(model.name);
      expect(back.params).toEqual(model.params);
      expect(sameBytes(back.predict(X), model.predict(X))).toBe(true);
    });
  }

  it('fromJSON rejects another format and corrupted coefficients', () => {
    expect(() => linearFactory.fromJSON({ format: 'spm.model.tree', version: 1 })).toThrow(
      /expected a spm.model.linear v1 model/,
    );
    const json = { ...linearFactory.fit(data(X), 'regression', {}).toJSON(), coef: [1, 'x'] };
    expect(() => linearFactory.fromJSON(json)).toThrow(SpmError);
  });

  it('rejects a matrix of the wrong width', () => {
    const m = linearFactory.fit(data(X), 'regression', {});
    expect(() => m.predict(X5)).toThrow(/6 features, matrix has 5 columns/);
  });
});
