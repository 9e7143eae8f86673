import { describe, expect, it } from 'vitest';
import { gradientBoostingFactory } from '../../src/models/gradient-boosting.js';
import type { Model, ModelJSON } from '../../src/models/model.js';
import { auc, column, expectDigest, explainedTotals, friedman, gridData, r2 } from '../helpers/model-fixtures.js';

describe('gradient_boosting vs scikit-learn on the training rows of gridData(400, 11)', () => {
  // With < 255 distinct values per feature binning is lossless, so the fit is the same as
  // scikit-learn 1.2.1's (references: digests [Σp, Σp², Σ(i+1)p] of the calls named below).
  const train = gridData(400, 11);
  const w = Float64Array.from({ length: 400 }, (_, i) => 1 + (i % 3));

  it('GradientBoostingRegressor(n_estimators=50, learning_rate=0.1, max_depth=3).predict', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.reg, seed: 0 }, 'regression', { n_estimators: 50 });
    expectDigest(m.predict(train.X), [12781.798625165164, 502370.46629116987, 2555336.1385431862]);
  });

  it('GradientBoostingClassifier(n_estimators=50, max_depth=3).predict_proba (binary, Newton leaves)', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.bin, seed: 0, nClasses: 2 }, 'classification', { n_estimators: 50 });
    expectDigest(m.predictProba!(train.X).data, [400, 338.84253869733766, 160251.91808682473]);
  });

  it('GradientBoostingClassifier(n_estimators=30, max_depth=2).predict_proba (3 classes, softmax)', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.multi, seed: 0, nClasses: 3 }, 'classification', { n_estimators: 30, max_depth: 2 });
    expectDigest(m.predictProba!(train.X).data, [400, 256.54597285318425, 240310.9838238619]);
  });

  it('GradientBoostingClassifier(n_estimators=20, max_depth=2).fit(..., sample_weight=1 + i % 3)', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.bin, seed: 0, nClasses: 2, sampleWeight: w }, 'classification', { n_estimators: 20, max_depth: 2 });
    expectDigest(m.predictProba!(train.X).data, [400, 294.2619997028995, 160250.2424665572]);
  });
});

describe('gradient_boosting quality vs scikit-learn (held-out Friedman #1, defaults: 100 rounds, lr 0.1, depth 3)', () => {
  const train = friedman(2000, 21);
  const test = friedman(1000, 22);

  it('regression R² within 0.02 of GradientBoostingRegressor(random_state=0): 0.9292', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.reg, seed: 1 }, 'regression', {});
    expect(r2(test.reg, m.predict(test.X))).toBeGreaterThan(0.9292 - 0.02);
  });

  it('binary ROC AUC within 0.02 of GradientBoostingClassifier(random_state=0): 0.8646', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.bin, seed: 1, nClasses: 2 }, 'classification', {});
    expect(auc(test.bin, column(m.predictProba!(test.X), 1))).toBeGreaterThan(0.8646 - 0.02);
  });

  it('3-class accuracy within 0.03 of GradientBoostingClassifier(random_state=0): 0.732', () => {
    const m = gradientBoostingFactory.fit({ X: train.X, y: train.multi, seed: 1, nClasses: 3 }, 'classification', {});
    const pred = m.predict(test.X);
    let hits = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === test.multi[i]) hits++;
    expect(hits / pred.length).toBeGreaterThan(0.732 - 0.03);
  });
});

describe('gradient_boosting behaviour', () => {
  const data = gridData(500, 7);
  const probe = gridData(150, 8).X;

  it('explains the raw score (1e-9): prediction; log-odds of the explained class; class scores whose softmax is predictProba', () => {
    const reg = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', { n_estimators: 40 });
    const pred = reg.predict(probe);
    expect(reg.explain(probe).scale).toBe('prediction');
    explainedTotals(reg, probe).forEach((t, i) => expect(Math.abs(t - pred[i]!)).toBeLessThan(1e-9));

    const bin = gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed: 1, nClasses: 2 }, 'classification', { n_estimators: 40 });
    const p = bin.predictProba!(probe);
    expect(bin.explain(probe).scale).toBe('log_odds');
    const logit = (i: number, k: number): number => Math.log(p.data[2 * i + k]! / p.data[2 * i + 1 - k]!);
    explainedTotals(bin, probe).forEach((t, i) => expect(Math.abs(t - logit(i, 1))).toBeLessThan(1e-9));
    explainedTotals(bin, probe, new Int32Array(probe.rows)).forEach((t, i) => expect(Math.abs(t - logit(i, 0))).toBeLessThan(1e-9));

    const multi = gradientBoostingFactory.fit({ X: data.X, y: data.multi, seed: 1, nClasses: 3 }, 'classification', { n_estimators: 20 });
    const scores = [0, 1, 2].map((k) => explainedTotals(multi, probe, new Int32Array(probe.rows).fill(k)));
    const proba = multi.predictProba!(probe);
    for (let i = 0; i < probe.rows; i++) {
      const e = scores.map((s) => Math.exp(s[i]!));
      const z = e[0]! + e[1]! + e[2]!;
      for (let k = 0; k < 3; k++) expect(Math.abs(e[k]! / z - proba.data[i * 3 + k]!)).toBeLessThan(1e-9);
    }
  });

  it('base is init + the trees’ root values: the training mean for squared error', () => {
    const m = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', { n_estimators: 10 });
    const mean = data.reg.reduce((a, b) => a + b, 0) / data.reg.length;
    // every tree's root value is its mean residual, which is 0 after an init at the mean
    expect(m.explain(probe).base[0]).toBeCloseTo(mean, 9);
  });

  it('is deterministic per seed with subsample < 1, and the seed matters', () => {
    const fit = (seed: number): string =>
      JSON.stringify(gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed, nClasses: 2 }, 'classification', { n_estimators: 15, subsample: 0.6 }).toJSON());
    const a = fit(1);
    expect(fit(1)).toBe(a);
    expect(fit(2)).not.toBe(a);
  });

  it('save → load predicts bit-identically', () => {
    for (const [y, task, nClasses] of [[data.reg, 'regression', undefined], [data.bin, 'classification', 2], [data.multi, 'classification', 3]] as const) {
      const m = gradientBoostingFactory.fit({ X: data.X, y, seed: 3, nClasses }, task, { n_estimators: 12, subsample: 0.8 });
      const json = JSON.parse(JSON.stringify(m.toJSON())) as ModelJSON;
      expect(json.format).toBe('spm.model.gbm');
      expect(json.version).toBe(1);
      const loaded = gradientBoostingFactory.fromJSON(json);
      expect(Array.from(loaded.predict(probe))).toEqual(Array.from(m.predict(probe)));
      if (task === 'classification') expect(Array.from(loaded.predictProba!(probe).data)).toEqual(Array.from(m.predictProba!(probe).data));
    }
  });

  it('integer sample weights act like repeated rows; heavier positives raise P(positive)', () => {
    const w = Float64Array.from({ length: data.X.rows }, (_, i) => 1 + (i % 2));
    const idx: number[] = [];
    w.forEach((k, i) => { for (let r = 0; r < k; r++) idx.push(i); });
    const X = { rows: idx.length, cols: 5, data: Float64Array.from(idx.flatMap((i) => Array.from(data.X.data.subarray(i * 5, i * 5 + 5)))) };
    const params = { n_estimators: 20 };
    const weighted = gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed: 0, nClasses: 2, sampleWeight: w }, 'classification', params);
    const repeated = gradientBoostingFactory.fit({ X, y: Float64Array.from(idx, (i) => data.bin[i]!), seed: 0, nClasses: 2 }, 'classification', params);
    const a = weighted.predictProba!(probe).data;
    repeated.predictProba!(probe).data.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 9));

    const heavier = Float64Array.from(data.bin, (c) => (c === 1 ? 3 : 1));
    const tilted = gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed: 0, nClasses: 2, sampleWeight: heavier }, 'classification', params);
    const plain = gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed: 0, nClasses: 2 }, 'classification', params);
    const mean = (m: Model): number => column(m.predictProba!(probe), 1).reduce((s, v) => s + v, 0) / probe.rows;
    expect(mean(tilted)).toBeGreaterThan(mean(plain) + 0.05);
  });

  it('more rounds fit the training data better', () => {
    const loss = (rounds: number): number => {
      const m = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { n_estimators: rounds });
      return 1 - r2(data.reg, m.predict(data.X));
    };
    const [a, b, c] = [loss(5), loss(20), loss(80)];
    expect(b).toBeLessThan(a);
    expect(c).toBeLessThan(b);
  });

  it('rejects bad parameters and damaged JSON', () => {
    const fit = (p: Record<string, number>): Model => gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', p);
    expect(() => fit({ learning_rate: 0 })).toThrow('gradient_boosting: learning_rate must be a number in (0, Infinity], got 0');
    expect(() => fit({ subsample: 1.5 })).toThrow(/subsample must be a number in \(0, 1\]/);
    expect(() => fit({ max_features: 1 })).toThrow(/unknown parameter "max_features"/);
    const json = gradientBoostingFactory.fit({ X: data.X, y: data.multi, seed: 0, nClasses: 3 }, 'classification', { n_estimators: 2 }).toJSON();
    expect(() => gradientBoostingFactory.fromJSON({ ...json, tree_output: [0, 1] })).toThrow(/invalid spm.model.gbm model: tree_output/);
    expect(() => gradientBoostingFactory.fromJSON({ ...json, version: 2 })).toThrow(/unsupported version 2/);
  });
});
