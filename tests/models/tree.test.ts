import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart';
import { SpmError } from '../../src/errors.js';
import { binMatrix, MAX_BINS } from '../../src/models/binning.js';
import { decisionTreeFactory } from '../../src/models/decision-tree.js';
import type { Model, ModelJSON } from '../../src/models/model.js';
import { createRng } from '../../src/util/rng.js';
import { expectDigest, explainedTotals, gridData, matrix } from '../helpers/model-fixtures.js';

describe('binMatrix', () => {
  it('gives each of up to 255 distinct values its own bin, in order, and NaN a bin after them', () => {
    const X = matrix([[3], [1], [NaN], [2], [1], [3]]);
    const b = binMatrix(X);
    expect(b.nBins[0]).toBe(3);
    expect(Array.from(b.codes)).toEqual([2, 0, 3, 1, 0, 2]);
    expect(Array.from(b.binLow[0]!)).toEqual([1, 2, 3]);
    expect(Array.from(b.binHigh[0]!)).toEqual([1, 2, 3]);
    expect(b.missing[0]).toBe(1);
  });

  it('cuts more than 255 distinct values into 255 quantile bins of similar size, deterministically', () => {
    const rng = createRng(3);
    const n = 10_000;
    const X = { rows: n, cols: 1, data: Float64Array.from({ length: n }, () => rng.normal()) };
    const b = binMatrix(X);
    expect(b.nBins[0]).toBe(MAX_BINS);
    const counts = new Array<number>(MAX_BINS).fill(0);
    for (const c of b.codes) counts[c]!++;
    expect(Math.min(...counts)).toBeGreaterThan(20); // n / 255 ≈ 39 per bin
    expect(Math.max(...counts)).toBeLessThan(60);
    // codes follow the values: a bin's values all lie below the next bin's
    for (let k = 1; k < MAX_BINS; k++) expect(b.binHigh[0]![k - 1]!).toBeLessThan(b.binLow[0]![k]!);
    const again = binMatrix({ rows: n, cols: 1, data: X.data.slice() });
    expect(Array.from(again.codes)).toEqual(Array.from(b.codes));
  });

  it('keeps a rare value its own bin when the column has few distinct values (sampling must not lose it)', () => {
    const n = 100_000;
    const data = new Float64Array(n).fill(0);
    for (let i = 0; i < n; i += 2) data[i] = 1;
    data[77_777] = 0.5; // not in the strided sample
    const b = binMatrix({ rows: n, cols: 1, data });
    expect(b.nBins[0]).toBe(3);
    expect(b.codes[77_777]).toBe(1);
  });
});

describe('decision_tree vs scikit-learn', () => {
  // Small fixed dataset; references from
  // DecisionTreeRegressor(max_depth=2, random_state=0).fit(X, y) and
  // DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, yc), scikit-learn 1.2.1.
  const X = matrix([
    [0.5, 3.0], [1.25, 9.5], [2.0, 1.5], [2.75, 7.0], [3.5, 12.0], [4.25, 4.5], [5.0, 10.5], [5.75, 0.5],
    [6.5, 6.0], [7.25, 14.0], [8.0, 2.5], [8.75, 8.5], [9.5, 13.0], [10.25, 5.5], [11.0, 11.5], [11.75, 15.0],
  ]);
  const y = Float64Array.of(1.2, 2.9, 0.7, 2.4, 4.8, 1.9, 3.6, 0.3, 5.1, 7.9, 4.4, 6.2, 8.8, 5.0, 7.4, 9.6);
  const yc = Float64Array.of(0, 0, 0, 0, 1, 0, 1, 0, 1, 2, 1, 1, 2, 1, 2, 2);
  const Xnew = matrix([[0, 0], [3.1, 8], [6, 2], [7, 13.5], [12.5, 1], [9, 9], [4, 15.5], [10.9, 4.9]]);

  it('depth 2 regression: same splits (midpoint thresholds) and predictions', () => {
    const model = decisionTreeFactory.fit({ X, y, seed: 0 }, 'regression', { max_depth: 2 });
    const trees = model.toJSON()['trees'] as { feature: number[]; threshold: number[] };
    // sklearn tree_.feature [0, 1, -2, -2, 1, -2, -2], tree_.threshold [6.125, 5.75, 10.0] (our node order differs)
    expect(trees.feature).toEqual([0, 1, 1, -1, -1, -1, -1]);
    expect(trees.threshold.slice(0, 3)).toEqual([6.125, 5.75, 10]);
    const expected = [1.025, 3.425, 1.025, 8.425, 5.175, 5.175, 3.425, 5.175];
    Array.from(model.predict(Xnew)).forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
  });

  it('depth 2 Gini classification: same class probabilities', () => {
    const model = decisionTreeFactory.fit({ X, y: yc, seed: 0, nClasses: 3 }, 'classification', { max_depth: 2 });
    const expected = [[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0]];
    expect(Array.from(model.predictProba!(Xnew).data)).toEqual(expected.flat());
    expect(Array.from(model.predict(Xnew))).toEqual([0, 0, 0, 2, 1, 1, 1, 1]);
  });

  // Digests of predictions on the 400 training rows of gridData(400, 11). Ties between features
  // that split the rows identically are broken differently (scikit-learn draws the feature order),
  // which can move unseen points but never the training rows, so those are compared.
  const train = gridData(400, 11);
  const w = Float64Array.from({ length: 400 }, (_, i) => 1 + (i % 3));

  it('regression, depth 2: DecisionTreeRegressor(max_depth=2)', () => {
    const m = decisionTreeFactory.fit({ X: train.X, y: train.reg, seed: 0 }, 'regression', { max_depth: 2 });
    expectDigest(m.predict(train.X), [12781.798625165167, 493469.4315085144, 2576837.2949126554]);
  });

  it('regression, unlimited depth: DecisionTreeRegressor(min_samples_leaf=5) (65 leaves, depth 9)', () => {
    const m = decisionTreeFactory.fit({ X: train.X, y: train.reg, seed: 0 }, 'regression', { min_samples_leaf: 5 });
    expectDigest(m.predict(train.X), [12781.798625165164, 511720.15908580495, 2553634.78119672]);
    const trees = m.toJSON()['trees'] as { feature: number[] };
    expect(trees.feature.filter((f) => f < 0)).toHaveLength(65);
  });

  it('sample weights: DecisionTreeRegressor(max_depth=4).fit(X, y, sample_weight=1 + i % 3)', () => {
    const m = decisionTreeFactory.fit({ X: train.X, y: train.reg, seed: 0, sampleWeight: w }, 'regression', { max_depth: 4 });
    expectDigest(m.predict(train.X), [12721.187133147081, 498635.3727589792, 2561904.348448205]);
  });

  it('Gini, binary: DecisionTreeClassifier(max_depth=3).predict_proba', () => {
    const m = decisionTreeFactory.fit({ X: train.X, y: train.bin, seed: 0, nClasses: 2 }, 'classification', { max_depth: 3 });
    expectDigest(m.predictProba!(train.X).data, [400, 338.1961629004675, 160252]);
  });

  it('Gini, 3 classes: DecisionTreeClassifier(max_depth=4).predict_proba', () => {
    const m = decisionTreeFactory.fit({ X: train.X, y: train.multi, seed: 0, nClasses: 3 }, 'classification', { max_depth: 4 });
    expectDigest(m.predictProba!(train.X).data, [400, 295.6572694486534, 240310]);
  });
});

describe('decision_tree vs ml-cart', () => {
  // ml-cart sends x < t left where we (and scikit-learn) send x <= t: probe points avoid thresholds.
  it('agrees on a noisy step function (depth 1 and 2)', () => {
    const xs = Array.from({ length: 24 }, (_, i) => [i]);
    const ys = xs.map(([x]) => (x! < 8 ? 1 : x! < 16 ? 6 : 3) + 0.1 * (x! % 3));
    const probe = Array.from({ length: 60 }, (_, i) => [i * 0.41 - 1.3]);
    for (const depth of [1, 2]) {
      const cart = new DecisionTreeRegression({ maxDepth: depth });
      cart.train(xs, ys);
      const ours = decisionTreeFactory.fit({ X: matrix(xs), y: Float64Array.from(ys), seed: 0 }, 'regression', { max_depth: depth });
      const expected = cart.predict(probe);
      Array.from(ours.predict(matrix(probe))).forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
    }
  });

  it('agrees on a clean two-feature classification', () => {
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 8; j++) {
        xs.push([i, j]);
        ys.push(i > 4.5 && j > 2.5 ? 1 : 0);
      }
    }
    const cart = new DecisionTreeClassifier();
    cart.train(xs, ys);
    const ours = decisionTreeFactory.fit({ X: matrix(xs), y: Float64Array.from(ys), seed: 0, nClasses: 2 }, 'classification', {});
    // ml-cart may cut x0 at 5 (x < 5) where we cut at 4.5: both separate the training rows the
    // same way, so the probes are integer points, on which the two cuts agree
    const probe: number[][] = [];
    for (let i = -2; i <= 12; i++) for (let j = -2; j <= 10; j++) probe.push([i, j]);
    expect(Array.from(ours.predict(matrix(probe)))).toEqual(cart.predict(probe));
    expect(Array.from(ours.predict(matrix(xs)))).toEqual(ys);
  });
});

describe('decision_tree behaviour', () => {
  const data = gridData(300, 5);

  it('explanations add up: base + Σ contributions = prediction / explained class probability', () => {
    const reg = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', { max_depth: 6 });
    const pred = reg.predict(data.X);
    const e = reg.explain(data.X);
    expect(e.scale).toBe('prediction');
    explainedTotals(reg, data.X).forEach((t, i) => expect(Math.abs(t - pred[i]!)).toBeLessThan(1e-9));
    // the base is the root value: the training mean
    const mean = data.reg.reduce((a, b) => a + b, 0) / data.reg.length;
    expect(e.base[0]).toBeCloseTo(mean, 9);

    const cls = decisionTreeFactory.fit({ X: data.X, y: data.multi, seed: 1, nClasses: 3 }, 'classification', { max_depth: 5 });
    const proba = cls.predictProba!(data.X);
    for (let k = 0; k < 3; k++) {
      const totals = explainedTotals(cls, data.X, new Int32Array(data.X.rows).fill(k));
      totals.forEach((t, i) => expect(Math.abs(t - proba.data[i * 3 + k]!)).toBeLessThan(1e-9));
    }
    expect(cls.explain(data.X).scale).toBe('probability');
  });

  it('save → load predicts bit-identically; the same seed gives the same JSON text', () => {
    const params = { max_depth: 8, max_features: 'sqrt' } as const;
    const a = decisionTreeFactory.fit({ X: data.X, y: data.bin, seed: 9, nClasses: 2 }, 'classification', params);
    const b = decisionTreeFactory.fit({ X: data.X, y: data.bin, seed: 9, nClasses: 2 }, 'classification', params);
    const text = JSON.stringify(a.toJSON());
    expect(JSON.stringify(b.toJSON())).toBe(text);
    const json = JSON.parse(text) as ModelJSON;
    expect(json.format).toBe('spm.model.tree');
    expect(json.version).toBe(1);
    const loaded = decisionTreeFactory.fromJSON(json);
    expect(Array.from(loaded.predictProba!(data.X).data)).toEqual(Array.from(a.predictProba!(data.X).data));
    expect(loaded.params).toEqual({ max_depth: 8, min_samples_leaf: 1, min_samples_split: 2, max_features: 'sqrt' });
    // max_features draws features per split: another seed grows another tree
    const c = decisionTreeFactory.fit({ X: data.X, y: data.bin, seed: 10, nClasses: 2 }, 'classification', params);
    expect(JSON.stringify(c.toJSON())).not.toBe(text);
  });

  it('honours min_samples_leaf, min_samples_split and max_depth', () => {
    const leafy = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { min_samples_leaf: 20 });
    const counts = new Map<number, number>();
    for (const p of leafy.predict(data.X)) counts.set(p, (counts.get(p) ?? 0) + 1);
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(20);
    const stump = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { min_samples_split: 301 });
    expect(new Set(stump.predict(data.X)).size).toBe(1);
    const shallow = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { max_depth: 3 });
    expect(new Set(shallow.predict(data.X)).size).toBeLessThanOrEqual(8);
  });

  it('integer weights act like repeated rows', () => {
    const w = Float64Array.from({ length: data.X.rows }, (_, i) => 1 + (i % 2));
    const weighted = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 0, sampleWeight: w }, 'regression', { max_depth: 5 });
    const idx: number[] = [];
    w.forEach((k, i) => { for (let r = 0; r < k; r++) idx.push(i); });
    const X = { rows: idx.length, cols: 5, data: Float64Array.from(idx.flatMap((i) => Array.from(data.X.data.subarray(i * 5, i * 5 + 5)))) };
    const repeated = decisionTreeFactory.fit({ X, y: Float64Array.from(idx, (i) => data.reg[i]!), seed: 0 }, 'regression', { max_depth: 5 });
    const a = weighted.predict(data.X);
    repeated.predict(data.X).forEach((p, i) => expect(p).toBeCloseTo(a[i]!, 9));
  });

  it('sends missing values right, in training and in prediction', () => {
    const X = matrix([[1], [2], [3], [NaN], [NaN], [4]]);
    const y = Float64Array.of(0, 0, 0, 10, 10, 0);
    const m = decisionTreeFactory.fit({ X, y, seed: 0 }, 'regression', { max_depth: 1 });
    expect(Array.from(m.predict(matrix([[NaN], [100], [-5]])))).toEqual([10, 0, 0]);
  });

  it('rejects unknown or invalid parameters and damaged JSON with a message for people', () => {
    const fit = (p: Record<string, number | string | null>): Model => decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', p);
    expect(() => fit({ max_dept: 3 })).toThrow(SpmError);
    expect(() => fit({ max_dept: 3 })).toThrow('decision_tree: unknown parameter "max_dept"');
    expect(() => fit({ max_depth: 0 })).toThrow('decision_tree: max_depth must be an integer >= 1 or null, got 0');
    expect(() => fit({ max_features: 'half' })).toThrow(/max_features must be/);
    const json = decisionTreeFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { max_depth: 2 }).toJSON();
    const trees = json['trees'] as { left: number[] };
    const broken = { ...json, trees: { ...trees, left: trees.left.map(() => 0) } };
    expect(() => decisionTreeFactory.fromJSON(broken)).toThrow(/invalid spm.model.tree model: left\[0\] out of range/);
    expect(() => decisionTreeFactory.fromJSON({ ...json, format: 'spm.model.gbm' })).toThrow(SpmError);
  });
});

describe('accumulateBinaries', () => {
  it('gives bit for bit the histograms of accumulateBinary feature by feature (unit and other weights)', async () => {
    const { accumulateBinaries, accumulateBinary, histogramLayout } = await import('../../src/models/tree-histogram.js');
    const rng = createRng(11);
    const rows = 203; // not a multiple of 4: the tail loop runs too
    const cols = 7;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < cols; f++) data[i * cols + f] = f === 3 ? rng.next() * 10 : f === 5 ? 1 : rng.int(2); // one general, one constant
    }
    const binned = binMatrix({ rows, cols, data });
    const order = Uint32Array.from({ length: rows }, (_, i) => (i * 37) % rows); // a node's rows, not in order
    const sums = Float64Array.from({ length: rows }, () => rng.next() * 100 - 50);
    for (const unit of [true, false]) {
      const weights = Float64Array.from({ length: rows }, () => (unit ? 1 : rng.next() * 3));
      const layout = histogramLayout(binned, 1, unit);
      const totals = Float64Array.of(sums.reduce((a, b) => a + b, 0), weights.reduce((a, b) => a + b, 0), rows - 20);
      const one = new Float64Array(layout.size);
      for (let f = 0; f < cols; f++) if (layout.binary[f] === 1) accumulateBinary(one, layout, binned, f, order, 20, rows, sums, weights, totals);
      const all = new Float64Array(layout.size);
      accumulateBinaries(all, layout, binned, order, 20, rows, sums, weights, totals, new Float64Array(6 * layout.binaries.length));
      expect(layout.binaries.length).toBe(6); // features 0-2, 4-6 (the constant one too); 3 is general
      expect(Array.from(all)).toEqual(Array.from(one));
      expect(all.some((v) => v !== 0)).toBe(true);
    }
  });
});

describe('growTree with the shared root counts of boosting (GrowOptions.rootCounts)', () => {
  it('grows bit for bit the tree it grows without them (unit and other weights, binary and missing features)', async () => {
    const { allRowsCounts, growTree } = await import('../../src/models/tree-kernel.js');
    const rng = createRng(5);
    const rows = 403; // not a multiple of 4: the tail loop runs too
    const cols = 6;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < cols; f++) data[i * cols + f] = f === 1 ? rng.int(2) : f === 4 && rng.next() < 0.2 ? NaN : rng.next();
    }
    const binned = binMatrix({ rows, cols, data });
    const values = Float64Array.from({ length: rows }, (_, i) => 3 * data[i * cols]! + 2 * data[i * cols + 1]! + rng.normal());
    for (const weights of [null, Float64Array.from({ length: rows }, () => 0.5 + rng.next())]) {
      const options = { maxDepth: 4, minSamplesLeaf: 3, minSamplesSplit: 2, maxFeatures: cols };
      const all = (): Uint32Array => Uint32Array.from({ length: rows }, (_, i) => i);
      const plain = growTree(binned, { kind: 'values', values }, weights, all(), options);
      const shared = growTree(binned, { kind: 'values', values }, weights, all(), { ...options, rootCounts: allRowsCounts(binned, weights) });
      expect(shared.nodeCount).toBeGreaterThan(7);
      expect(new Set(Array.from(shared.feature))).toContain(1); // the binary feature splits somewhere
      for (const key of ['feature', 'threshold', 'value', 'cover', 'start', 'end', 'rows'] as const) {
        expect(Array.from(shared[key]), key).toEqual(Array.from(plain[key]));
      }
    }
  });

  it('gives a root histogram bit for bit equal to building it from scratch', async () => {
    const { allRowsCounts } = await import('../../src/models/tree-kernel.js');
    const { HistogramBuilder } = await import('../../src/models/tree-builder.js');
    const { histogramLayout } = await import('../../src/models/tree-histogram.js');
    const rng = createRng(6);
    const rows = 203;
    const cols = 5;
    const data = Float64Array.from({ length: rows * cols }, (_, i) => (i % cols === 2 ? rng.int(2) : rng.next()));
    const binned = binMatrix({ rows, cols, data });
    const values = Float64Array.from({ length: rows }, () => rng.normal());
    for (const weights of [null, Float64Array.from({ length: rows }, () => 0.5 + rng.next())]) {
      const all = Uint32Array.from({ length: rows }, (_, i) => i);
      const layout = histogramLayout(binned, 1, weights === null);
      const builder = new HistogramBuilder(binned, { kind: 'values', values }, weights, all, layout);
      let sum = 0;
      let weight = 0;
      for (let i = 0; i < rows; i++) {
        sum += (weights?.[i] ?? 1) * values[i]!;
        weight += weights?.[i] ?? 1;
      }
      const totals = Float64Array.of(sum, weight, rows);
      const scratch = new Float64Array(layout.size);
      builder.buildAll(scratch, 0, rows, totals);
      const shared = allRowsCounts(binned, weights);
      builder.buildRootSums(shared, totals);
      expect(Array.from(shared)).toEqual(Array.from(scratch));
    }
  });

  it('is refused for a tree on part of the rows', async () => {
    const { allRowsCounts, growTree } = await import('../../src/models/tree-kernel.js');
    const binned = binMatrix(matrix([[1], [2], [3], [4]]));
    const grow = (): unknown => growTree(binned, { kind: 'values', values: Float64Array.of(1, 2, 3, 4) }, null, Uint32Array.of(0, 1, 2), {
      maxDepth: 2, minSamplesLeaf: 1, minSamplesSplit: 2, maxFeatures: 1, rootCounts: allRowsCounts(binned, null),
    });
    expect(grow).toThrow(/rootCounts needs a squared-error tree on every row/);
  });
});
