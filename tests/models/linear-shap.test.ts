/**
 * Linear SHAP (linear.ts, logistic.ts: coef_j · (x_j − mean_j) in the transformed space) against
 * the definition: Shapley values by brute force over all 2^M coalitions, where a coalition S's
 * value is the model's output averaged over the training rows with the features in S set to the
 * explained row's (the interventional expectation, training data as background; Lundberg & Lee
 * 2017, "A unified approach to interpreting model predictions", linear SHAP). For a model linear
 * in x (a regression, or a logistic model's log-odds) the two agree exactly.
 */
import { describe, expect, it } from 'vitest';
import { shapleyFromCoalitions } from '../helpers/shapley.js';
import { linearFactory, ridgeFactory } from '../../src/models/linear.js';
import { logisticFactory } from '../../src/models/logistic.js';
import type { Matrix } from '../../src/models/matrix.js';
import type { Model } from '../../src/models/model.js';
import { gridData } from '../helpers/model-fixtures.js';

const data = gridData(60, 4);
const m = data.X.cols;

/** The explained output for every row of X: the prediction, or the log-odds / logit of class k. */
function output(model: Model, X: Matrix, k: number): Float64Array {
  if (model.task === 'regression') return model.predict(X);
  const p = model.predictProba!(X);
  // multinomial logits are defined up to a shared constant: log p_k − mean_c log p_c
  return Float64Array.from({ length: X.rows }, (_, i) => {
    let mean = 0;
    for (let c = 0; c < p.cols; c++) mean += Math.log(p.data[i * p.cols + c]!) / p.cols;
    return p.cols === 2 ? Math.log(p.data[i * 2 + k]! / p.data[i * 2 + 1 - k]!) : Math.log(p.data[i * p.cols + k]!) - mean;
  });
}

function bruteForce(model: Model, x: ArrayLike<number>, k: number): Float64Array {
  const v = new Float64Array(1 << m);
  for (let s = 0; s < 1 << m; s++) {
    const X = { rows: data.X.rows, cols: m, data: data.X.data.slice() };
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < m; j++) if ((s >> j) & 1) X.data[i * m + j] = x[j]!;
    v[s] = output(model, X, k).reduce((a, b) => a + b, 0) / X.rows;
  }
  return shapleyFromCoalitions(v, m);
}

describe('linear SHAP equals brute-force interventional Shapley values (all 2^5 coalitions)', () => {
  const cases: [string, Model, number][] = [
    ['linear', linearFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', {}), 0],
    ['ridge', ridgeFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { alpha: 5 }), 0],
    ['logistic, binary: log-odds of class 1', logisticFactory.fit({ X: data.X, y: data.bin, nClasses: 2, seed: 0 }, 'classification', { C: 1 }), 1],
    ['logistic, binary: log-odds of class 0', logisticFactory.fit({ X: data.X, y: data.bin, nClasses: 2, seed: 0 }, 'classification', { C: 1 }), 0],
    ['logistic, 3 classes: logit of class 2', logisticFactory.fit({ X: data.X, y: data.multi, nClasses: 3, seed: 0 }, 'classification', { C: 1 }), 2],
  ];
  for (const [name, model, k] of cases) {
    it(`${name}: values (1e-8) and additivity (1e-9)`, () => {
      const rows = 8;
      const probe = { rows, cols: m, data: data.X.data.slice(0, rows * m) };
      const e = model.explain(probe, model.task === 'classification' ? new Int32Array(rows).fill(k) : undefined);
      for (let i = 0; i < rows; i++) {
        const expected = bruteForce(model, probe.data.subarray(i * m, (i + 1) * m), k);
        for (let j = 0; j < m; j++) expect(Math.abs(e.values.data[i * m + j]! - expected[j]!)).toBeLessThan(1e-8);
      }
      if (model.task === 'classification' && model.predictProba!(probe).cols > 2) return; // logits: shift-free only up to a constant
      const out = output(model, probe, k);
      for (let i = 0; i < rows; i++) {
        let s = e.base[i]!;
        for (let j = 0; j < m; j++) s += e.values.data[i * m + j]!;
        expect(Math.abs(s - out[i]!)).toBeLessThan(1e-9);
      }
    });
  }
});
