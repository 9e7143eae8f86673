/**
 * A model fitted on some columns only (features.select), seen from outside as a model of every
 * column: it takes the full feature matrix, picks its columns and hands them to the model it
 * wraps. Explanations come back full width, 0 for a column it does not read. Stored as
 * 'spm.selected' v1: the width, the kept columns and the wrapped model's own JSON.
 */
import { createMatrix, type Matrix } from './matrix.js';
import type { Model, ModelJSON } from './model.js';

export const SELECTED_FORMAT = 'spm.selected';

/** The columns `kept` of X, in that order. */
export function takeColumns(X: Matrix, kept: ArrayLike<number>): Matrix {
  const out = createMatrix(X.rows, kept.length);
  for (let i = 0; i < X.rows; i++) {
    const row = i * X.cols;
    const to = i * kept.length;
    for (let k = 0; k < kept.length; k++) out.data[to + k] = X.data[row + kept[k]!]!;
  }
  return out;
}

export function selectedModel(inner: Model, kept: Uint32Array, width: number): Model {
  const narrow = (X: Matrix): Matrix => {
    if (X.cols !== width) throw new Error(`selected model: expected ${width} columns, got ${X.cols}`);
    return takeColumns(X, kept);
  };
  return {
    name: inner.name,
    task: inner.task,
    params: inner.params,
    predict: (X) => inner.predict(narrow(X)),
    ...(inner.predictProba ? { predictProba: (X: Matrix) => inner.predictProba!(narrow(X)) } : {}),
    explain(X, classIndex) {
      const e = inner.explain(narrow(X), classIndex);
      const values = createMatrix(X.rows, width);
      for (let i = 0; i < X.rows; i++) for (let k = 0; k < kept.length; k++) values.data[i * width + kept[k]!] = e.values.data[i * kept.length + k]!;
      return { ...e, values };
    },
    toJSON: (): ModelJSON => ({ format: SELECTED_FORMAT, version: 1, features: width, kept: [...kept], model: inner.toJSON() }),
  };
}

/** Restores a stored selected model; `restore` reads the wrapped one (the registry's modelFromJSON). */
export function selectedFromJSON(json: ModelJSON, restore: (inner: unknown) => Model): Model {
  const { features, kept, model } = json as { features?: unknown; kept?: unknown; model?: unknown };
  if (json.version !== 1) throw new Error(`expected version 1, got ${JSON.stringify(json.version)}`);
  if (typeof features !== 'number' || !Number.isInteger(features) || features < 1) throw new Error(`features must be a positive integer, got ${JSON.stringify(features)}`);
  const valid = Array.isArray(kept) && kept.length > 0 && kept.every((k, i) => Number.isInteger(k) && k >= 0 && k < features && (i === 0 || k > kept[i - 1]));
  if (!valid) throw new Error(`kept must be ascending column indices below ${features}, got ${JSON.stringify(kept)}`);
  return selectedModel(restore(model), Uint32Array.from(kept as number[]), features);
}
