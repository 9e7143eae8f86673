import { describe, expect, it } from 'vitest';
import { forestImportance, selectFeatures, selectPerFold } from '../../src/features/select.js';
import type { Matrix } from '../../src/models/matrix.js';
import { modelFromJSON } from '../../src/models/registry.js';
import { selectedModel, takeColumns } from '../../src/models/selected-model.js';
import { crossValidate, fitCandidate, type TuneData } from '../../src/models/tune.js';
import { createRng } from '../../src/util/rng.js';

/** rows × columns, column-named. */
const matrix = (columns: Float64Array[]): Matrix => {
  const rows = columns[0]!.length;
  const data = new Float64Array(rows * columns.length);
  columns.forEach((c, j) => c.forEach((v, i) => (data[i * columns.length + j] = v)));
  return { rows, cols: columns.length, data };
};

const rng = createRng(7);
const n = 200;
const noise = () => Float64Array.from({ length: n }, () => rng.normal());
const y = Float64Array.from({ length: n }, () => rng.normal() * 3);
const good = Float64Array.from(y, (v) => v + rng.normal());
const X = matrix([noise(), good, noise()]);

describe('selectFeatures', () => {
  it('keeps the top_k columns by importance or mutual information, in column order', () => {
    for (const method of ['importance', 'mutual_information'] as const) {
      const s = selectFeatures(X, y, 'regression', undefined, { method, top_k: 1 }, 1);
      expect(Array.from(s.kept), method).toEqual([1]);
      expect(s.scores[1]).toBeGreaterThan(Math.max(s.scores[0]!, s.scores[2]!));
    }
    expect(Array.from(selectFeatures(X, y, 'regression', undefined, { method: 'importance', top_k: 9 }, 1).kept)).toEqual([0, 1, 2]);
  });

  it('importance sums to 1 and is the same for the same seed', () => {
    const a = forestImportance(X, y, 'regression', undefined, 3);
    expect(a.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(Array.from(forestImportance(X, y, 'regression', undefined, 3))).toEqual(Array.from(a));
    const classes = Float64Array.from(y, (v) => (v > 0 ? 1 : 0));
    expect(Array.from(selectFeatures(X, classes, 'classification', 2, { method: 'importance', top_k: 1 }, 1).kept)).toEqual([1]);
    expect(Array.from(selectFeatures(X, classes, 'classification', 2, { method: 'mutual_information', top_k: 1 }, 1).kept)).toEqual([1]);
  });
});

describe('selection inside cross-validation', () => {
  // One fold: train rows 0..99, test rows 100..199. `leak` equals the target on the test rows
  // only (noise on the train rows); `weak` is the target plus much noise (sd 4 against 3) everywhere.
  const train = Uint32Array.from({ length: 100 }, (_, i) => i);
  const test = Uint32Array.from({ length: 100 }, (_, i) => 100 + i);
  const leak = Float64Array.from(y, (v, i) => (i >= 100 ? v : rng.normal() * 3));
  const weak = Float64Array.from(y, (v) => v + rng.normal() * 4);
  const Xl = matrix([leak, weak]);

  it('a feature predictive only in the fold\'s test part is not selected: each fold selects on its own train part', () => {
    for (const method of ['importance', 'mutual_information'] as const) {
      const [fold] = selectPerFold(Xl, y, [{ train, test }], 'regression', undefined, { method, top_k: 1 }, 1);
      expect(Array.from(fold!.features!), method).toEqual([1]);
      // Selecting on the whole split first would have kept the leaking feature.
      expect(Array.from(selectFeatures(Xl, y, 'regression', undefined, { method, top_k: 1 }, 1).kept), method).toEqual([0]);
    }
  });

  it('the fold\'s models see only its selected columns', () => {
    const data: TuneData = { X: Xl, y, task: 'regression', classWeight: 'none', seed: 1 };
    const score = (yTrue: Float64Array, p: { values: Float64Array }) => p.values.reduce((s, v, i) => s + (v - yTrue[i]!) ** 2, 0);
    const linear = [{ model: 'linear', params: {} }];
    const selected = crossValidate(data, [{ train, test, features: Uint32Array.of(1) }], linear, score)[0]!;
    const onlyWeak = crossValidate({ ...data, X: takeColumns(Xl, [1]) }, [{ train, test }], linear, score)[0]!;
    const both = crossValidate(data, [{ train, test }], linear, score)[0]!;
    expect(selected.cv.mean).toBe(onlyWeak.cv.mean);
    expect(selected.cv.mean).not.toBe(both.cv.mean);
  });
});

describe('selected models', () => {
  it('take the full matrix, predict as the model of their columns, explain full width, and round-trip through JSON', () => {
    const data: TuneData = { X: takeColumns(X, [1, 2]), y, task: 'regression', classWeight: 'none', seed: 1 };
    const inner = fitCandidate(data, data.X, y, { model: 'ridge', params: { alpha: 1 } });
    const model = selectedModel(inner, Uint32Array.of(1, 2), 3);
    expect(Array.from(model.predict(X))).toEqual(Array.from(inner.predict(data.X)));
    const e = model.explain(X);
    expect(e.values.cols).toBe(3);
    expect(e.values.data[0]).toBe(0);
    expect(e.values.data[1]).toBe(inner.explain(data.X).values.data[0]);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json).toMatchObject({ format: 'spm.selected', version: 1, features: 3, kept: [1, 2], model: { format: inner.toJSON().format } });
    expect(Array.from(modelFromJSON(json, 'model.json').predict(X))).toEqual(Array.from(model.predict(X)));
    expect(() => modelFromJSON({ ...json, kept: [2, 1] }, 'train/x/model.json')).toThrow('train/x/model.json is damaged: kept must be ascending column indices below 3, got [2,1]');
  });
});
