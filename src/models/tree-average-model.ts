/**
 * A model that averages its trees' outputs: a decision tree is the one-tree case, a random
 * forest the many-tree one (class probabilities averaged, as scikit-learn's
 * RandomForestClassifier.predict_proba does). Shared so both predict, explain and serialise
 * the same way.
 */
import { createMatrix, type Matrix } from './matrix.js';
import type { Explanation, HyperParams, Model, ModelJSON, Task } from './model.js';
import { sumTrees, type TreeEnsemble } from './tree-ensemble.js';
import { treeShap } from './tree-shap.js';
import { corrupt, ensembleFromJSON, ensembleToJSON, readHeader } from './tree-json.js';

export interface AveragedTreesSpec {
  readonly name: string;
  readonly format: string;
  readonly task: Task;
  readonly params: HyperParams;
  readonly nFeatures: number;
  /** 0 for regression. */
  readonly nClasses: number;
  readonly trees: TreeEnsemble;
}

/** Index of the largest value in row i (the first on ties, like numpy.argmax). */
export function argmaxRows(p: Matrix): Float64Array {
  const out = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) {
    let best = 0;
    for (let k = 1; k < p.cols; k++) if (p.data[i * p.cols + k]! > p.data[i * p.cols + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** The class each row explains: the given one, else the positive class (binary) or the predicted one. */
export function explainedClasses(model: Model, nClasses: number, X: Matrix, classIndex?: Int32Array): Int32Array {
  if (classIndex !== undefined) {
    if (classIndex.length !== X.rows) throw new Error(`explain: ${classIndex.length} class indices for ${X.rows} rows`);
    for (const c of classIndex) if (c < 0 || c >= nClasses) throw new Error(`explain: class index ${c} outside 0..${nClasses - 1}`);
    return classIndex;
  }
  if (nClasses === 2) return new Int32Array(X.rows).fill(1);
  return Int32Array.from(model.predict(X));
}

export function checkColumns(name: string, X: Matrix, nFeatures: number): void {
  if (X.cols !== nFeatures) throw new Error(`${name}: fitted on ${nFeatures} features, got ${X.cols}`);
}

export class AveragedTrees implements Model {
  readonly name: string;
  readonly task: Task;
  readonly params: HyperParams;

  constructor(private readonly spec: AveragedTreesSpec) {
    this.name = spec.name;
    this.task = spec.task;
    this.params = spec.params;
  }

  predict(X: Matrix): Float64Array {
    if (this.task === 'classification') return argmaxRows(this.predictProba(X));
    checkColumns(this.name, X, this.spec.nFeatures);
    const out = new Float64Array(X.rows);
    const trees = this.spec.trees;
    sumTrees(trees, X, out, 1);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / trees.nTrees;
    return out;
  }

  predictProba(X: Matrix): Matrix {
    if (this.task !== 'classification') throw new Error(`${this.name}: predictProba needs a classifier`);
    checkColumns(this.name, X, this.spec.nFeatures);
    const { trees, nClasses } = this.spec;
    const out = createMatrix(X.rows, nClasses);
    sumTrees(trees, X, out.data, nClasses);
    for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i]! / trees.nTrees;
    return out;
  }

  /**
   * SHAP values (exact path-dependent TreeSHAP, tree-shap.ts) averaged over the trees: of the
   * prediction, or for classification of the explained class's probability (the forest averages
   * probabilities, so it is additive in them). base = the cover-weighted mean output.
   */
  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    checkColumns(this.name, X, this.spec.nFeatures);
    const { trees, nClasses } = this.spec;
    const classOf = this.task === 'classification' ? explainedClasses(this, nClasses, X, classIndex) : null;
    const { base, values } = treeShap(trees, X, classOf);
    const n = trees.nTrees;
    for (let i = 0; i < base.length; i++) base[i] = base[i]! / n;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! / n;
    return {
      base,
      values: { rows: X.rows, cols: X.cols, data: values },
      scale: this.task === 'classification' ? 'probability' : 'prediction',
    };
  }

  toJSON(): ModelJSON {
    const s = this.spec;
    return {
      format: s.format,
      version: 1,
      task: s.task,
      params: { ...s.params },
      n_features: s.nFeatures,
      n_classes: s.task === 'classification' ? s.nClasses : null,
      trees: ensembleToJSON(s.trees),
    };
  }

  /** Restores a model written by toJSON with this name and format. */
  static fromJSON(json: ModelJSON, name: string, format: string): AveragedTrees {
    const { o, task, params, nFeatures, nClasses } = readHeader(json, format);
    const trees = ensembleFromJSON(o['trees'], format, nFeatures);
    const expected = task === 'classification' ? nClasses : 1;
    if (trees.nOutputs !== expected || trees.nTrees < 1) throw corrupt(format, 'tree outputs do not match the task');
    return new AveragedTrees({ name, format, task, params, nFeatures, nClasses, trees });
  }
}
