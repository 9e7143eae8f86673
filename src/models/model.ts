/**
 * The one interface every model implements (STYLE 7). Models see only numbers: the feature
 * pipeline (src/features) turns tables into a Matrix, and classification targets into class
 * indices 0..k-1. A model is JSON data once serialised: toJSON() gives a JSON value with
 * `format` and `version`, and the registry's fromJSON() restores an identical model.
 */
import type { Matrix } from './matrix.js';

export type Task = 'regression' | 'classification';

/** Hyper-parameters: scalars only (grids are expanded before fitting). */
export type HyperParams = Readonly<Record<string, number | string | boolean | null>>;

export interface FitData {
  readonly X: Matrix;
  /** Regression: the target. Classification: the class index 0..nClasses-1 as a float. */
  readonly y: Float64Array;
  /** Classification only: number of classes (>= 2). */
  readonly nClasses?: number;
  /** Optional per-row weights (class_weight: balanced); absent means all 1. */
  readonly sampleWeight?: Float64Array;
  /** Seed for every random choice the model makes. */
  readonly seed: number;
}

export interface Explanation {
  /** The explained output when every feature is at its reference value (per row). */
  readonly base: Float64Array;
  /** rows × cols signed contributions; base[i] + sum_j values[i, j] = explained output of row i. */
  readonly values: Matrix;
  /**
   * What is explained: 'prediction' for regression; for classification the model's score
   * for the explained class ('probability' or 'log_odds', whichever the model is additive in).
   */
  readonly scale: 'prediction' | 'probability' | 'log_odds';
}

export interface Model {
  readonly name: string;
  readonly task: Task;
  readonly params: HyperParams;
  /** Regression: predicted values. Classification: predicted class index per row. */
  predict(X: Matrix): Float64Array;
  /** Classification only: rows × nClasses probabilities, each row summing to 1. */
  predictProba?(X: Matrix): Matrix;
  /**
   * Per-row SHAP values (exact: TreeSHAP for tree models, linear SHAP for linear ones). For
   * classification, `classIndex[i]` is the class explained for row i (the positive class for
   * binary tasks).
   */
  explain(X: Matrix, classIndex?: Int32Array): Explanation;
  toJSON(): ModelJSON;
}

export interface ModelJSON {
  readonly format: string;
  readonly version: number;
  readonly [key: string]: unknown;
}

export interface ModelFactory {
  readonly name: string;
  /** The `format` its models are stored under (toJSON); the registry restores a stored model by it. */
  readonly format: string;
  readonly tasks: readonly Task[];
  /** Defaults for every hyper-parameter the model understands (unknown ones are rejected). */
  readonly defaults: HyperParams;
  fit(data: FitData, task: Task, params: HyperParams): Model;
  fromJSON(json: ModelJSON): Model;
}
