/**
 * A fitted gradient-boosting model: raw score = init + Σ trees (node values already scaled by
 * the learning rate). Regression predicts the raw score; binary classification reads it as the
 * log-odds of class 1 (sigmoid), multi-class as one score per class (softmax), as scikit-learn's
 * GradientBoostingClassifier does.
 */
import { createMatrix, type Matrix } from './matrix.js';
import type { Explanation, HyperParams, Model, ModelJSON, Task } from './model.js';
import { argmaxRows, checkColumns, explainedClasses } from './tree-average-model.js';
import { sumTrees, type TreeEnsemble } from './tree-ensemble.js';
import { treeShap } from './tree-shap.js';
import { corrupt, ensembleFromJSON, ensembleToJSON, numbersField, readHeader } from './tree-json.js';

export const GBM_NAME = 'gradient_boosting';
export const GBM_FORMAT = 'spm.model.gbm';

export interface BoostedSpec {
  readonly task: Task;
  readonly params: HyperParams;
  readonly nFeatures: number;
  /** 0 for regression. */
  readonly nClasses: number;
  /** Starting raw score per output (1 output unless multi-class). */
  readonly init: Float64Array;
  readonly trees: TreeEnsemble;
  /** Multi-class only: the class whose score tree t adds to. */
  readonly treeOutput: Int32Array | null;
}

/** Logistic function, the inverse of log-odds. */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Softmax of row i of raw (k scores) into out, shifted by the row max for stability. */
export function softmaxRow(raw: Float64Array, out: Float64Array, i: number, k: number): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, raw[i * k + j]!);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(raw[i * k + j]! - max);
    out[i * k + j] = e;
    sum += e;
  }
  for (let j = 0; j < k; j++) out[i * k + j] = out[i * k + j]! / sum;
}

export class BoostedTrees implements Model {
  readonly name = GBM_NAME;
  readonly task: Task;
  readonly params: HyperParams;

  constructor(private readonly spec: BoostedSpec) {
    this.task = spec.task;
    this.params = spec.params;
  }

  /** Raw scores, rows × outputs. */
  raw(X: Matrix): Float64Array {
    checkColumns(this.name, X, this.spec.nFeatures);
    const { init, trees, treeOutput } = this.spec;
    const k = init.length;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < out.length; i++) out[i] = init[i % k]!;
    sumTrees(trees, X, out, k, treeOutput ?? undefined);
    return out;
  }

  predict(X: Matrix): Float64Array {
    return this.task === 'regression' ? this.raw(X) : argmaxRows(this.predictProba(X));
  }

  predictProba(X: Matrix): Matrix {
    if (this.task !== 'classification') throw new Error(`${this.name}: predictProba needs a classifier`);
    const raw = this.raw(X);
    const k = this.spec.nClasses;
    const out = createMatrix(X.rows, k);
    if (k === 2) {
      for (let i = 0; i < X.rows; i++) {
        const p = sigmoid(raw[i]!);
        out.data[2 * i] = 1 - p;
        out.data[2 * i + 1] = p;
      }
    } else {
      for (let i = 0; i < X.rows; i++) softmaxRow(raw, out.data, i, k);
    }
    return out;
  }

  /**
   * SHAP values (exact path-dependent TreeSHAP, tree-shap.ts) summed over the trees, in the
   * raw (margin) space the trees add up in: the prediction (regression), the log-odds of the
   * explained class (binary: negated for class 0), or the explained class's raw score, whose
   * softmax over classes is predictProba (multi-class). base = init + Σ trees' expected output.
   */
  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    checkColumns(this.name, X, this.spec.nFeatures);
    const { init, trees, treeOutput, nClasses } = this.spec;
    const classOf = this.task === 'classification' ? explainedClasses(this, nClasses, X, classIndex) : null;
    const { base, values } = treeShap(trees, X, treeOutput === null ? null : classOf, treeOutput ?? undefined);
    for (let i = 0; i < X.rows; i++) {
      base[i] = base[i]! + init[treeOutput === null ? 0 : classOf![i]!]!;
      if (nClasses === 2 && classOf![i] === 0) {
        base[i] = -base[i]!;
        for (let j = i * X.cols; j < (i + 1) * X.cols; j++) values[j] = -values[j]!;
      }
    }
    return { base, values: { rows: X.rows, cols: X.cols, data: values }, scale: this.task === 'regression' ? 'prediction' : 'log_odds' };
  }

  toJSON(): ModelJSON {
    const s = this.spec;
    return {
      format: GBM_FORMAT,
      version: 1,
      task: s.task,
      params: { ...s.params },
      n_features: s.nFeatures,
      n_classes: s.task === 'classification' ? s.nClasses : null,
      init: Array.from(s.init),
      tree_output: s.treeOutput === null ? null : Array.from(s.treeOutput),
      trees: ensembleToJSON(s.trees),
    };
  }

  static fromJSON(json: ModelJSON): BoostedTrees {
    const { o, task, params, nFeatures, nClasses } = readHeader(json, GBM_FORMAT);
    const trees = ensembleFromJSON(o['trees'], GBM_FORMAT, nFeatures);
    const init = numbersField(o, 'init', GBM_FORMAT);
    const outputs = nClasses > 2 ? nClasses : 1;
    if (init.length !== outputs || trees.nOutputs !== 1) throw corrupt(GBM_FORMAT, 'init or tree outputs do not match the task');
    let treeOutput: Int32Array | null = null;
    if (outputs > 1) {
      treeOutput = Int32Array.from(numbersField(o, 'tree_output', GBM_FORMAT));
      if (treeOutput.length !== trees.nTrees || treeOutput.some((c) => c < 0 || c >= outputs)) throw corrupt(GBM_FORMAT, 'tree_output');
    }
    return new BoostedTrees({ task, params, nFeatures, nClasses, init, trees, treeOutput });
  }
}
