/**
 * TreeSHAP (src/models/tree-shap.ts) against the definition: Shapley values by brute force over
 * all 2^M coalitions, where a coalition S's value is the path-dependent conditional expectation
 * of Lundberg et al. 2018 (splits on features in S follow the row, the others take both
 * branches weighted by the children's covers), φ_j = Σ_{S ⊆ M∖{j}} |S|!(M−|S|−1)!/M! ·
 * (v(S ∪ {j}) − v(S)). Checked on small trees and ensembles of every tree model, regression and
 * classification; and the covers against the training rows that reach each node.
 */
import { describe, expect, it } from 'vitest';
import { shapleyFromCoalitions } from '../helpers/shapley.js';
import { decisionTreeFactory } from '../../src/models/decision-tree.js';
import { gradientBoostingFactory } from '../../src/models/gradient-boosting.js';
import type { Matrix } from '../../src/models/matrix.js';
import type { Model, ModelJSON } from '../../src/models/model.js';
import { randomForestFactory } from '../../src/models/random-forest.js';
import { modelFromJSON } from '../../src/models/registry.js';
import type { TreeEnsemble } from '../../src/models/tree-ensemble.js';
import { ensembleFromJSON } from '../../src/models/tree-json.js';
import { treeShap } from '../../src/models/tree-shap.js';
import { thrownSpmError } from '../helpers/errors.js';
import { explainedTotals, gridData } from '../helpers/model-fixtures.js';

/** The trees of a stored tree model, read back as the model reads them. */
function treesOf(model: Model, nFeatures: number): TreeEnsemble {
  const json = model.toJSON();
  return ensembleFromJSON(json['trees'], json.format, nFeatures);
}

/** v(S) of one tree for row x: the path-dependent expectation (module comment). */
function coalitionValue(e: TreeEnsemble, node: number, x: ArrayLike<number>, inS: (f: number) => boolean, col: number): number {
  const f = e.feature[node]!;
  if (f < 0) return e.value[node * e.nOutputs + col]!;
  const l = e.left[node]!;
  if (inS(f)) return coalitionValue(e, x[f]! <= e.threshold[node]! ? l : l + 1, x, inS, col);
  const c = e.cover!;
  return (c[l]! * coalitionValue(e, l, x, inS, col) + c[l + 1]! * coalitionValue(e, l + 1, x, inS, col)) / c[node]!;
}

/** Brute-force Shapley values of output column `col`, summed over the trees t with use(t). */
function bruteForce(e: TreeEnsemble, x: ArrayLike<number>, m: number, col: number, use: (t: number) => boolean): Float64Array {
  const v = new Float64Array(1 << m);
  for (let s = 0; s < 1 << m; s++) {
    for (let t = 0; t < e.nTrees; t++) if (use(t)) v[s] = v[s]! + coalitionValue(e, e.roots[t]!, x, (f) => ((s >> f) & 1) === 1, col);
  }
  return shapleyFromCoalitions(v, m);
}

const data = gridData(200, 11);
/** Rows to explain: the first 25 training rows, plus one with a missing value (goes right). */
const probe: Matrix = (() => {
  const rows = 26;
  const out = { rows, cols: data.X.cols, data: data.X.data.slice(0, rows * data.X.cols) };
  out.data[25 * out.cols + 1] = Number.NaN;
  return out;
})();

function expectMatchesBruteForce(model: Model, e: TreeEnsemble, col: (row: number) => number, use: (row: number) => (t: number) => boolean, scale: number, classIndex?: Int32Array): void {
  const shap = model.explain(probe, classIndex);
  const m = probe.cols;
  for (let i = 0; i < probe.rows; i++) {
    const x = probe.data.subarray(i * m, (i + 1) * m);
    const expected = bruteForce(e, x, m, col(i), use(i));
    for (let j = 0; j < m; j++) expect(Math.abs(shap.values.data[i * m + j]! - scale * expected[j]!)).toBeLessThan(1e-9);
  }
}

describe('TreeSHAP equals brute-force Shapley values (all 2^5 coalitions, path-dependent expectation)', () => {
  it('decision tree: regression and each class of a 3-class classifier', () => {
    const reg = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', { max_depth: 6 });
    expectMatchesBruteForce(reg, treesOf(reg, 5), () => 0, () => () => true, 1);
    const cls = decisionTreeFactory.fit({ X: data.X, y: data.multi, nClasses: 3, seed: 1 }, 'classification', { max_depth: 5 });
    for (let k = 0; k < 3; k++) {
      expectMatchesBruteForce(cls, treesOf(cls, 5), () => k, () => () => true, 1, new Int32Array(probe.rows).fill(k));
    }
  });

  it('random forest (bootstrap weights as covers): the average over trees, regression and binary', () => {
    const reg = randomForestFactory.fit({ X: data.X, y: data.reg, seed: 2 }, 'regression', { n_estimators: 6, max_depth: 5 });
    expectMatchesBruteForce(reg, treesOf(reg, 5), () => 0, () => () => true, 1 / 6);
    const bin = randomForestFactory.fit({ X: data.X, y: data.bin, nClasses: 2, seed: 2 }, 'classification', { n_estimators: 5, max_depth: 4 });
    expectMatchesBruteForce(bin, treesOf(bin, 5), () => 1, () => () => true, 1 / 5);
  });

  it('gradient boosting: the sum over trees in raw space (log-odds; per class for 3 classes)', () => {
    const reg = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 3 }, 'regression', { n_estimators: 8, max_depth: 3, subsample: 0.7 });
    expectMatchesBruteForce(reg, treesOf(reg, 5), () => 0, () => () => true, 1);
    const bin = gradientBoostingFactory.fit({ X: data.X, y: data.bin, nClasses: 2, seed: 3 }, 'classification', { n_estimators: 8, max_depth: 3 });
    expectMatchesBruteForce(bin, treesOf(bin, 5), () => 0, () => () => true, 1);
    // class 0 of a binary model: the log-odds of class 0, every value negated
    expectMatchesBruteForce(bin, treesOf(bin, 5), () => 0, () => () => true, -1, new Int32Array(probe.rows));
    const multi = gradientBoostingFactory.fit({ X: data.X, y: data.multi, nClasses: 3, seed: 3 }, 'classification', { n_estimators: 4, max_depth: 2 });
    const treeOutput = (multi.toJSON()['tree_output'] as number[]);
    const predicted = multi.predict(probe);
    expectMatchesBruteForce(multi, treesOf(multi, 5), () => 0, (i) => (t) => treeOutput[t] === predicted[i], 1);
  });
});

describe('TreeSHAP equals brute-force Shapley values on deep trees (many splits per feature on a path)', () => {
  it('an unpruned decision tree and a forest of depth-12 trees over 5 features', () => {
    const deep = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', {});
    expectMatchesBruteForce(deep, treesOf(deep, 5), () => 0, () => () => true, 1);
    const forest = randomForestFactory.fit({ X: data.X, y: data.bin, nClasses: 2, seed: 4 }, 'classification', { n_estimators: 4, max_depth: 12 });
    expectMatchesBruteForce(forest, treesOf(forest, 5), () => 1, () => () => true, 1 / 4);
  });
});

describe('TreeSHAP properties', () => {
  it('deterministic: the same bits on every call and after a save → load round trip', () => {
    const m = randomForestFactory.fit({ X: data.X, y: data.reg, seed: 5 }, 'regression', { n_estimators: 5, max_depth: 7 });
    const a = m.explain(probe).values.data;
    expect(Array.from(m.explain(probe).values.data)).toEqual(Array.from(a));
    expect(Array.from(modelFromJSON(JSON.parse(JSON.stringify(m.toJSON())), 'reloaded').explain(probe).values.data)).toEqual(Array.from(a));
  });

  it('additivity (1e-9) on a deep tree over every training row: base + Σ φ = prediction, base = training mean', () => {
    const deep = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', {});
    const pred = deep.predict(data.X);
    explainedTotals(deep, data.X).forEach((t, i) => expect(Math.abs(t - pred[i]!)).toBeLessThan(1e-9));
    const mean = data.reg.reduce((a, b) => a + b, 0) / data.reg.length;
    expect(deep.explain(data.X).base[0]).toBeCloseTo(mean, 9);
  });

  it('a feature the trees never split on gets exactly 0; swapping two columns swaps their values', () => {
    const X = { ...data.X, data: data.X.data.slice() };
    for (let i = 0; i < X.rows; i++) X.data[i * 5 + 4] = 0; // column 4 constant: never split on
    const a = decisionTreeFactory.fit({ X, y: data.reg, seed: 1 }, 'regression', { max_depth: 4 });
    const ea = a.explain(X);
    for (let i = 0; i < X.rows; i++) expect(ea.values.data[i * 5 + 4]).toBe(0);
    // feature order does not matter (unlike Saabas path contributions): the same tree over swapped columns
    const swapped = { ...X, data: X.data.slice() };
    for (let i = 0; i < X.rows; i++) [swapped.data[i * 5], swapped.data[i * 5 + 1]] = [X.data[i * 5 + 1]!, X.data[i * 5]!];
    const json = a.toJSON() as ModelJSON & { trees: { feature: number[] } };
    const feature = json.trees.feature.map((f) => (f === 0 ? 1 : f === 1 ? 0 : f));
    const b = modelFromJSON({ ...json, trees: { ...json.trees, feature } }, 'swapped');
    const eb = b.explain(swapped);
    for (let i = 0; i < X.rows; i++) {
      expect(Math.abs(eb.values.data[i * 5]! - ea.values.data[i * 5 + 1]!)).toBeLessThan(1e-12);
      expect(Math.abs(eb.values.data[i * 5 + 1]! - ea.values.data[i * 5]!)).toBeLessThan(1e-12);
    }
  });

  it('covers are the training weight reaching each node (weighted_n_node_samples): counts, and class weights', () => {
    const weights = Float64Array.from(data.bin, (c) => (c === 1 ? 2.5 : 1));
    for (const w of [undefined, weights]) {
      const m = decisionTreeFactory.fit({ X: data.X, y: data.bin, nClasses: 2, seed: 1, ...(w ? { sampleWeight: w } : {}) }, 'classification', { max_depth: 4 });
      const e = treesOf(m, 5);
      const reached = new Float64Array(e.feature.length);
      for (let r = 0; r < data.X.rows; r++) {
        let node = e.roots[0]!;
        reached[node] = reached[node]! + (w ? w[r]! : 1);
        while (e.feature[node]! >= 0) {
          node = e.left[node]! + (data.X.data[r * 5 + e.feature[node]!]! <= e.threshold[node]! ? 0 : 1);
          reached[node] = reached[node]! + (w ? w[r]! : 1);
        }
      }
      expect(Array.from(e.cover!)).toEqual(Array.from(reached));
    }
  });

  it('a tree model stored without covers (an older spm) predicts but refuses to explain, saying to retrain', () => {
    const m = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', { max_depth: 3 });
    const json = m.toJSON() as ModelJSON & { trees: Record<string, unknown> };
    const { cover: _cover, ...trees } = json.trees;
    const old = modelFromJSON({ ...json, trees }, 'old');
    expect(Array.from(old.predict(probe))).toEqual(Array.from(m.predict(probe)));
    const e = thrownSpmError(() => old.explain(probe));
    expect(e.code).toBe('ARTIFACT_OLD');
    expect(e.message).toBe('this tree model was trained by an older spm that did not store the node covers SHAP explanations need');
    expect(e.hint).toBe('retrain it with `spm train --force` to explain its predictions');
    expect(() => treeShap({ ...treesOf(m, 5), cover: null }, probe, null)).toThrow(/node covers/);
  });
});
