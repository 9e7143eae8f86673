import { describe, expect, it } from 'vitest';
import { decisionTreeFactory } from '../../src/models/decision-tree.js';
import type { Matrix } from '../../src/models/matrix.js';
import type { Model, ModelJSON } from '../../src/models/model.js';
import { randomForestFactory } from '../../src/models/random-forest.js';
import { auc, column, explainedTotals, friedman, r2 } from '../helpers/model-fixtures.js';

function accuracy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === p[i]) hits++;
  return hits / y.length;
}

describe('random_forest quality vs scikit-learn (held-out Friedman #1)', () => {
  const train = friedman(2000, 21);
  const test = friedman(1000, 22);

  it('regression R² within 0.02 of RandomForestRegressor(n_estimators=100, random_state=0): 0.8783', () => {
    const m = randomForestFactory.fit({ X: train.X, y: train.reg, seed: 1 }, 'regression', {});
    expect(r2(test.reg, m.predict(test.X))).toBeGreaterThan(0.8783 - 0.02);
  });

  it('binary ROC AUC within 0.02 of RandomForestClassifier(n_estimators=100, random_state=0): 0.8523', () => {
    const m = randomForestFactory.fit({ X: train.X, y: train.bin, seed: 1, nClasses: 2 }, 'classification', {});
    expect(auc(test.bin, column(m.predictProba!(test.X), 1))).toBeGreaterThan(0.8523 - 0.02);
  });

  it('3-class accuracy within 0.03 of RandomForestClassifier(n_estimators=100, random_state=0): 0.736', () => {
    const m = randomForestFactory.fit({ X: train.X, y: train.multi, seed: 1, nClasses: 3 }, 'classification', {});
    expect(accuracy(test.multi, m.predict(test.X))).toBeGreaterThan(0.736 - 0.03);
  });
});

describe('random_forest behaviour', () => {
  const data = friedman(600, 3);
  const probe = friedman(200, 4).X;

  it('is deterministic per seed (identical JSON text), and the seed matters', () => {
    const fit = (seed: number): string => JSON.stringify(randomForestFactory.fit({ X: data.X, y: data.bin, seed, nClasses: 2 }, 'classification', { n_estimators: 15 }).toJSON());
    const a = fit(4);
    expect(fit(4)).toBe(a);
    expect(fit(5)).not.toBe(a);
  });

  it('save → load predicts bit-identically', () => {
    const m = randomForestFactory.fit({ X: data.X, y: data.multi, seed: 2, nClasses: 3 }, 'classification', { n_estimators: 20, max_depth: 6 });
    const json = JSON.parse(JSON.stringify(m.toJSON())) as ModelJSON;
    expect(json.format).toBe('spm.model.forest');
    expect(json.version).toBe(1);
    const loaded = randomForestFactory.fromJSON(json);
    expect(Array.from(loaded.predictProba!(probe).data)).toEqual(Array.from(m.predictProba!(probe).data));
    expect(Array.from(loaded.predict(probe))).toEqual(Array.from(m.predict(probe)));
    const reg = randomForestFactory.fit({ X: data.X, y: data.reg, seed: 2 }, 'regression', { n_estimators: 10 });
    const regLoaded = randomForestFactory.fromJSON(JSON.parse(JSON.stringify(reg.toJSON())) as ModelJSON);
    expect(Array.from(regLoaded.predict(probe))).toEqual(Array.from(reg.predict(probe)));
  });

  it('averages tree probabilities: without bootstrap and feature draws every tree is the decision tree', () => {
    const params = { n_estimators: 3, bootstrap: false, max_features: 1.0, max_depth: 5 };
    const forest = randomForestFactory.fit({ X: data.X, y: data.multi, seed: 0, nClasses: 3 }, 'classification', params);
    const tree = decisionTreeFactory.fit({ X: data.X, y: data.multi, seed: 0, nClasses: 3 }, 'classification', { max_depth: 5 });
    const p = tree.predictProba!(probe).data;
    forest.predictProba!(probe).data.forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 12));
  });

  it('explanations add up (1e-9): regression prediction, probability of the explained class', () => {
    const reg = randomForestFactory.fit({ X: data.X, y: data.reg, seed: 1 }, 'regression', { n_estimators: 10 });
    const pred = reg.predict(probe);
    expect(reg.explain(probe).scale).toBe('prediction');
    explainedTotals(reg, probe).forEach((t, i) => expect(Math.abs(t - pred[i]!)).toBeLessThan(1e-9));
    const cls = randomForestFactory.fit({ X: data.X, y: data.multi, seed: 1, nClasses: 3 }, 'classification', { n_estimators: 10 });
    const proba = cls.predictProba!(probe);
    expect(cls.explain(probe).scale).toBe('probability');
    for (let k = 0; k < 3; k++) {
      explainedTotals(cls, probe, new Int32Array(probe.rows).fill(k))
        .forEach((t, i) => expect(Math.abs(t - proba.data[i * 3 + k]!)).toBeLessThan(1e-9));
    }
    // no class given: binary explains the positive class
    const bin = randomForestFactory.fit({ X: data.X, y: data.bin, seed: 1, nClasses: 2 }, 'classification', { n_estimators: 10 });
    const p1 = column(bin.predictProba!(probe), 1);
    explainedTotals(bin, probe).forEach((t, i) => expect(Math.abs(t - p1[i]!)).toBeLessThan(1e-9));
  });

  it('sample weights: weight 0 drops a row exactly; heavier positives raise P(positive)', () => {
    const n = data.X.rows;
    const even = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const rows = Array.from({ length: n / 2 }, (_, i) => 2 * i);
    const sub = { rows: n / 2, cols: 10, data: Float64Array.from(rows.flatMap((i) => Array.from(data.X.data.subarray(i * 10, i * 10 + 10)))) };
    // a grid feature copy keeps bins identical with and without the dropped rows
    const quantise = (m: Matrix): Matrix => ({ ...m, data: m.data.map((v) => Math.round(v * 100) / 100) });
    const params = { n_estimators: 8, max_depth: 6 };
    const weighted = randomForestFactory.fit({ X: quantise(data.X), y: data.reg, seed: 3, sampleWeight: even }, 'regression', params);
    const subset = randomForestFactory.fit({ X: quantise(sub), y: Float64Array.from(rows, (i) => data.reg[i]!), seed: 3 }, 'regression', params);
    expect(Array.from(weighted.predict(quantise(probe)))).toEqual(Array.from(subset.predict(quantise(probe))));

    const heavier = Float64Array.from(data.bin, (c) => (c === 1 ? 3 : 1));
    const plain = randomForestFactory.fit({ X: data.X, y: data.bin, seed: 3, nClasses: 2 }, 'classification', params);
    const tilted = randomForestFactory.fit({ X: data.X, y: data.bin, seed: 3, nClasses: 2, sampleWeight: heavier }, 'classification', params);
    const mean = (m: Model): number => column(m.predictProba!(probe), 1).reduce((a, b) => a + b, 0) / probe.rows;
    expect(mean(tilted)).toBeGreaterThan(mean(plain) + 0.05);
  });

  it("resolves max_features 'auto' by task and rejects bad values", () => {
    expect(randomForestFactory.defaults['max_features']).toBe('auto');
    expect(() => randomForestFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { max_features: 0 })).toThrow(/max_features/);
    expect(() => randomForestFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { n_estimators: 0 })).toThrow(/n_estimators must be an integer >= 1/);
  });
});

describe('random_forest refit on worker threads (forest-parallel.ts, through the built CLI)', () => {
  it('grows the same model, byte for byte, on one thread and on two', async () => {
    const { createWorkspace, runCli } = await import('../helpers/workspace.js');
    const { readFileSync } = await import('node:fs');
    const ws = createWorkspace({
      'params.yaml': 'data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  models: { random_forest: { n_estimators: [9], max_depth: [5] } }\n  cv: { folds: 2 }\nevaluate:\n  gates: {}\n',
    });
    try {
      expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '600'], { cwd: ws.dir })).code).toBe(0);
      expect((await runCli(['run', '--until', 'transform', '-q'], { cwd: ws.dir })).code).toBe(0);
      const model = async (jobs: string): Promise<string> => {
        const res = await runCli(['train', '--force', '--json', '-S', `train.jobs=${jobs}`], { cwd: ws.dir });
        expect(res.code, res.stderr).toBe(0);
        return readFileSync(ws.path(`artifacts/train/${(JSON.parse(res.stdout) as { id: string }).id}/model.json`), 'utf8');
      };
      const one = await model('1');
      // 9 trees over 2 and 3 threads: uneven parts (4 + 5, 3 + 3 + 3) put back in tree order.
      expect(await model('2')).toBe(one);
      expect(await model('3')).toBe(one);
    } finally {
      ws.cleanup();
    }
  });
});
