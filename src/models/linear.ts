/**
 * Ordinary least squares (`linear`) and ridge regression (`ridge`), both with an unpenalised
 * intercept, fitted on centred data through the normal equations:
 *   (X̃ᵀWX̃ + λI) β = X̃ᵀW ỹ,   intercept = ȳ − x̄ᵀβ,
 * where X̃, ỹ are X, y minus their (weighted) means. This is scikit-learn's Ridge with
 * fit_intercept=True and solver='cholesky' (Hastie, Tibshirani & Friedman, ESL §3.4.1).
 * One blocked pass over the rows forms X̃ᵀWX̃ (n·p²/2 multiply-adds); the p × p solve is negligible.
 */
import { SpmError } from '../errors.js';
import type { Matrix } from './matrix.js';
import type { Explanation, FitData, HyperParams, Model, ModelFactory, ModelJSON, Task } from './model.js';
import {
  centredCrossProducts,
  columnMeans,
  explainLinear,
  linearPredictor,
  solveSymmetric,
  weightedMean,
} from './linear-algebra.js';

export const LINEAR_FORMAT = 'spm.model.linear';

/**
 * Relative size of the ridge used by OLS. The feature matrix holds a full one-hot encoding, so
 * X̃ᵀX̃ is singular (each one-hot group sums to the intercept column) and plain Cholesky fails.
 * A ridge of ε = 1e-8 · trace/p makes it positive definite; in the null-space directions the
 * ridge picks the minimum-norm solution, which is what scikit-learn's LinearRegression (lstsq)
 * returns, and on well-determined directions it biases coefficients by about ε/λ (λ an
 * eigenvalue of X̃ᵀX̃). Two steps of iterated refinement (see solveSymmetric) shrink that bias to
 * (ε/λ)³, i.e. to rounding, without losing the min-norm choice. ε must stay far above the
 * rounding noise of X̃ᵀX̃ (~1e-16·trace): null-space components carry an error of ~1e-16/ε
 * relative (1e-8 here), which cannot change predictions on one-hot rows.
 */
const OLS_RELATIVE_RIDGE = 1e-8;
const OLS_REFINE_STEPS = 2;

/** A fitted linear regression: prediction = intercept + Σ coef·x. */
export class LinearModel implements Model {
  readonly task: Task = 'regression';

  constructor(
    readonly name: 'linear' | 'ridge',
    readonly params: HyperParams,
    readonly intercept: number,
    readonly coef: Float64Array,
    /** Unweighted training column means: the reference point of `explain`. */
    readonly means: Float64Array,
  ) {}

  predict(X: Matrix): Float64Array {
    checkWidth(X, this.coef.length, this.name);
    return linearPredictor(X, this.coef, this.intercept);
  }

  /** base = prediction at the training means; contribution_j = coef_j · (x_j − mean_j). */
  explain(X: Matrix): Explanation {
    checkWidth(X, this.coef.length, this.name);
    return explainLinear(X, [this.coef], [this.intercept], this.means, () => 0, 'prediction');
  }

  toJSON(): ModelJSON {
    return {
      format: LINEAR_FORMAT,
      version: 1,
      name: this.name,
      params: { ...this.params },
      intercept: this.intercept,
      coef: Array.from(this.coef),
      means: Array.from(this.means),
    };
  }
}

/** Fits y ≈ b + Xβ minimising Σ wᵢ(yᵢ − b − xᵢβ)² + alpha·‖β‖² (alpha 0 → ε-ridge OLS). */
export function fitLinear(data: FitData, name: 'linear' | 'ridge', alpha: number, params: HyperParams): LinearModel {
  const { X, y, sampleWeight } = data;
  if (y.length !== X.rows) throw new Error(`${name}: y has ${y.length} values for ${X.rows} rows`);
  const p = X.cols;
  const xMean = columnMeans(X, sampleWeight);
  const yMean = weightedMean(y, sampleWeight);
  const { gram, xty } = centredCrossProducts(X, y, xMean, yMean, sampleWeight);
  let shift = alpha;
  if (alpha === 0) {
    let trace = 0;
    for (let j = 0; j < p; j++) trace += gram[j * p + j]!;
    shift = trace > 0 ? (OLS_RELATIVE_RIDGE * trace) / p : 0;
  }
  const coef = solveSymmetric(gram, p, xty, shift, alpha === 0 ? OLS_REFINE_STEPS : 0);
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= xMean[j]! * coef[j]!;
  const means = sampleWeight === undefined ? xMean : columnMeans(X);
  return new LinearModel(name, params, intercept, coef, means);
}

function checkWidth(X: Matrix, p: number, name: string): void {
  if (X.cols !== p) throw new Error(`${name}: model has ${p} features, matrix has ${X.cols} columns`);
}

function assertRegression(task: Task, name: string): void {
  if (task !== 'regression') throw new Error(`${name} supports regression only, not ${task}`);
}

/** Restores a LinearModel from `toJSON()` output (either name). */
export function linearFromJSON(json: ModelJSON): LinearModel {
  checkFormat(json, LINEAR_FORMAT);
  const name = json.name === 'ridge' ? 'ridge' : json.name === 'linear' ? 'linear' : null;
  if (name === null) throw new SpmError('ARTIFACT_CORRUPT', `unknown linear model name ${String(json.name)}`);
  const coef = readFiniteArray(json.coef, 'coef');
  const means = readFiniteArray(json.means, 'means', coef.length);
  const intercept = readFiniteArray([json.intercept], 'intercept')[0]!;
  return new LinearModel(name, readHyperParams(json.params), intercept, coef, means);
}

export const linearFactory: ModelFactory = {
  name: 'linear',
  format: LINEAR_FORMAT,
  tasks: ['regression'],
  defaults: {},
  fit(data, task, params) {
    assertRegression(task, 'linear');
    return fitLinear(data, 'linear', 0, { ...params });
  },
  fromJSON: linearFromJSON,
};

export const ridgeFactory: ModelFactory = {
  name: 'ridge',
  format: LINEAR_FORMAT,
  tasks: ['regression'],
  defaults: { alpha: 1 },
  fit(data, task, params) {
    assertRegression(task, 'ridge');
    const alpha = readNumberParam(params, ridgeFactory.defaults, 'ridge', 'alpha', { min: 0 });
    return fitLinear(data, 'ridge', alpha, { ...ridgeFactory.defaults, ...params });
  },
  fromJSON: linearFromJSON,
};

/** A numeric hyper-parameter, falling back to the default; a bad value is the user's to fix. */
export function readNumberParam(
  params: HyperParams,
  defaults: HyperParams,
  model: string,
  key: string,
  rule: { readonly min: number; readonly exclusive?: boolean; readonly integer?: boolean },
): number {
  const value = params[key] ?? defaults[key];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.exclusive === true ? value > rule.min : value >= rule.min) &&
    (rule.integer !== true || Number.isInteger(value));
  if (!ok) {
    const need = `${rule.integer === true ? 'an integer' : 'a number'} ${rule.exclusive === true ? '>' : '>='} ${rule.min}`;
    throw new SpmError('PARAMS_INVALID', `${model}: ${key} must be ${need}, got ${JSON.stringify(value)}`, {
      hint: `fix train.models.${model}.${key} in the params file`,
    });
  }
  return value;
}

/** A serialised array of finite numbers (optionally of a given length), as a Float64Array. */
export function readFiniteArray(value: unknown, field: string, length?: number): Float64Array {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new SpmError('ARTIFACT_CORRUPT', `model field "${field}" is not an array of finite numbers`, {
      hint: 'retrain with `spm train`',
    });
  }
  if (length !== undefined && value.length !== length) {
    throw new SpmError('ARTIFACT_CORRUPT', `model field "${field}" has ${value.length} values, expected ${length}`, {
      hint: 'retrain with `spm train`',
    });
  }
  return Float64Array.from(value as number[]);
}

/** Serialised hyper-parameters: an object of scalars. */
export function readHyperParams(value: unknown): HyperParams {
  const out: Record<string, number | string | boolean | null> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** Throws unless `json` carries the expected format name and version. */
export function checkFormat(json: ModelJSON, format: string): void {
  if (json.format !== format || json.version !== 1) {
    throw new SpmError('ARTIFACT_CORRUPT', `expected a ${format} v1 model, got ${String(json.format)} v${String(json.version)}`, {
      hint: 'retrain with `spm train`',
    });
  }
}
