import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_GRIDS, isModelName, MODEL_CATALOG, MODEL_NAMES } from '../../src/models/catalog.js';
import { createMatrix } from '../../src/models/matrix.js';
import { getFactory, modelFromJSON } from '../../src/models/registry.js';
import { MODEL_NAMES as SCHEMA_MODEL_NAMES, PARAMS_SCHEMA } from '../../src/pipeline/params-schema.js';
import { thrownSpmError } from '../helpers/errors.js';

describe('the model table', () => {
  it('is where the params schema and the registry take their model names from', () => {
    expect(MODEL_NAMES).toEqual(['linear', 'ridge', 'logistic', 'decision_tree', 'random_forest', 'gradient_boosting']);
    expect(SCHEMA_MODEL_NAMES).toBe(MODEL_NAMES);
    expect(PARAMS_SCHEMA.fields.train.fields.models.subKeys?.[0]).toBe(MODEL_NAMES);
    expect(PARAMS_SCHEMA.fields.train.fields.models.default).toBe(DEFAULT_MODEL_GRIDS);
    for (const name of MODEL_NAMES) {
      expect(getFactory(name).name).toBe(name);
      expect(DEFAULT_MODEL_GRIDS[name]).toBe(MODEL_CATALOG[name].grid);
    }
    expect(isModelName('svm')).toBe(false);
    expect(isModelName('toString')).toBe(false);
  });

  it('restores every model from its stored format (linear and ridge share one)', () => {
    const X = createMatrix(8, 1);
    X.data.set([0, 1, 2, 3, 4, 5, 6, 7]);
    const fitted = MODEL_NAMES.map((name) => {
      const factory = getFactory(name);
      const task = factory.tasks[0]!;
      const y = Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1].map((v, i) => (task === 'regression' ? 2 * i + v : v)));
      return factory.fit({ X, y, nClasses: task === 'classification' ? 2 : undefined, seed: 1 }, task, {});
    });
    for (const model of fitted) {
      expect(model.toJSON().format).toBe(getFactory(model.name).format);
      expect(Array.from(modelFromJSON(model.toJSON(), 'model.json').predict(X))).toEqual(Array.from(model.predict(X)));
    }
  });

  it('names the models when asked for one it does not have', () => {
    const e = thrownSpmError(() => getFactory('svm'));
    expect(e.message).toBe("unknown model 'svm'");
    expect(e.hint).toBe('models: linear, ridge, logistic, decision_tree, random_forest, gradient_boosting');
  });
});
