/**
 * L2-regularised logistic regression with scikit-learn's LogisticRegression semantics
 * (penalty='l2', intercept not penalised, sample weights multiply the loss):
 *   minimise Σᵢ sᵢ·logloss(yᵢ, softmax(b + Wxᵢ)) + 1/(2C)·‖W‖²
 * Binary: one weight vector (class 1's log-odds), fitted by Newton's method (IRLS) with a
 * backtracking line search. Multi-class: the multinomial (softmax) model, fitted by L-BFGS
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.4/7.5), which is what
 * LogisticRegression(multi_class='auto', solver='lbfgs') fits for more than two classes.
 * Both optimise on column-centred X (an exact re-parametrisation, as the intercept is free)
 * and stop when the max-norm of the gradient of the weight-averaged objective is ≤ tol.
 */
import { SpmError } from '../errors.js';
import { createMatrix, takeMatrixRows, takeValues, type Matrix } from './matrix.js';
import type { Explanation, FitData, HyperParams, Model, ModelFactory, ModelJSON, Task } from './model.js';
import { centredCrossProducts, columnMeans, explainLinear, solveSymmetric } from './linear-algebra.js';
import { checkFormat, readFiniteArray, readHyperParams, readNumberParam } from './linear.js';

export const LOGISTIC_FORMAT = 'spm.model.logistic';

const DEFAULTS = { C: 1, max_iter: 200, tol: 1e-6 } as const;

/**
 * A fitted logistic regression. Binary: coefs = [w], intercepts = [b], z = b + w·x is the log-odds
 * of class 1. Multinomial: one (w_k, b_k) per class, z_k the class logits (centred over classes,
 * as scikit-learn reports them).
 */
export class LogisticModel implements Model {
  readonly name = 'logistic';
  readonly task: Task = 'classification';

  constructor(
    readonly params: HyperParams,
    readonly nClasses: number,
    readonly coefs: readonly Float64Array[],
    readonly intercepts: Float64Array,
    /** Unweighted training column means: the reference point of `explain`. */
    readonly means: Float64Array,
  ) {}

  /** rows × m scores: m = 1 (log-odds of class 1) for binary, m = k class logits otherwise. */
  decisionFunction(X: Matrix): Matrix {
    const p = this.means.length;
    if (X.cols !== p) throw new Error(`logistic: model has ${p} features, matrix has ${X.cols} columns`);
    const m = this.coefs.length;
    const out = createMatrix(X.rows, m);
    const data = X.data;
    for (let i = 0; i < X.rows; i++) {
      const off = i * p;
      for (let k = 0; k < m; k++) {
        const w = this.coefs[k]!;
        let s = this.intercepts[k]!;
        for (let j = 0; j < p; j++) s += data[off + j]! * w[j]!;
        out.data[i * m + k] = s;
      }
    }
    return out;
  }

  predictProba(X: Matrix): Matrix {
    const z = this.decisionFunction(X);
    const k = this.nClasses;
    const out = createMatrix(X.rows, k);
    for (let i = 0; i < X.rows; i++) {
      if (k === 2) {
        const p1 = sigmoid(z.data[i]!);
        out.data[2 * i] = 1 - p1;
        out.data[2 * i + 1] = p1;
      } else {
        softmaxInto(z.data, i * k, k, out.data, i * k);
      }
    }
    return out;
  }

  /** Class index of the largest probability (the first on ties, like numpy's argmax). */
  predict(X: Matrix): Float64Array {
    const proba = this.predictProba(X);
    const k = this.nClasses;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (proba.data[i * k + c]! > proba.data[i * k + best]!) best = c;
      out[i] = best;
    }
    return out;
  }

  /**
   * Log-odds explanation around the training means. Binary: the explained class's log-odds
   * (class 1: z, class 0: −z; default class 1). Multinomial: the explained class's logit
   * (default: the predicted class).
   */
  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    if (this.nClasses === 2) {
      const w = this.coefs[0]!;
      const negated = w.map((v) => -v);
      const b = this.intercepts[0]!;
      const pick = classIndex === undefined ? () => 1 : (i: number) => (classIndex[i] === 0 ? 0 : 1);
      return explainLinear(X, [negated, w], [-b, b], this.means, pick, 'log_odds');
    }
    const cls = classIndex ?? Int32Array.from(this.predict(X));
    return explainLinear(X, this.coefs, Array.from(this.intercepts), this.means, (i) => cls[i]!, 'log_odds');
  }

  toJSON(): ModelJSON {
    return {
      format: LOGISTIC_FORMAT,
      version: 1,
      params: { ...this.params },
      nClasses: this.nClasses,
      intercepts: Array.from(this.intercepts),
      coefs: this.coefs.map((w) => Array.from(w)),
      means: Array.from(this.means),
    };
  }
}

/** 1 / (1 + e^−z), evaluated without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** softmax of src[from..from+k) into dst[to..], shifted by the max for stability; returns log Σ e^z. */
function softmaxInto(src: Float64Array, from: number, k: number, dst: Float64Array, to: number): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, src[from + c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(src[from + c]! - max);
    dst[to + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) dst[to + c]! /= sum;
  return max + Math.log(sum);
}

interface Problem {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly weight: Float64Array | undefined;
  /** Σ sᵢ: the objective is divided by it so `tol` does not depend on n. */
  readonly totalWeight: number;
  /** Column means that centre X on the fly. */
  readonly centre: Float64Array;
  /** 1/C, the L2 strength. */
  readonly lambda: number;
}

/**
 * Binary objective (Σ sᵢ[softplus(zᵢ) − yᵢzᵢ] + λ/2·‖w‖²)/S at θ = (w, b) on centred X. When
 * `grad` is given it is filled with the gradient and `curvature` with sᵢ·pᵢ(1 − pᵢ), the IRLS
 * weights from which `binaryHessian` builds the Hessian.
 */
function binaryObjective(pr: Problem, theta: Float64Array, grad?: Float64Array, curvature?: Float64Array): number {
  const { X, y, weight, centre } = pr;
  const p = X.cols;
  const data = X.data;
  const b = theta[p]!;
  const c = new Float64Array(p);
  grad?.fill(0);
  let loss = 0;
  for (let i = 0; i < X.rows; i++) {
    const s = weight === undefined ? 1 : weight[i]!;
    const off = i * p;
    let z = b;
    for (let j = 0; j < p; j++) {
      c[j] = data[off + j]! - centre[j]!;
      z += theta[j]! * c[j]!;
    }
    loss += s * (softplus(z) - y[i]! * z);
    if (grad === undefined) continue;
    const prob = sigmoid(z);
    const r = s * (prob - y[i]!);
    for (let j = 0; j < p; j++) grad[j]! += r * c[j]!;
    grad[p]! += r;
    if (curvature !== undefined) curvature[i] = s * prob * (1 - prob);
  }
  return finishObjective(pr, theta, loss, p, 1, grad);
}

/**
 * Rows used for the Hessian. Above this the Hessian — the costly O(n·p²) part of a Newton step —
 * is estimated on an evenly spaced subsample of the rows (sub-sampled Newton: Byrd, Chin, Neveitt
 * & Nocedal, SIAM J. Optim. 21(3), 2011; Roosta-Khorasani & Mahoney, Math. Program. 174, 2019).
 * The gradient stays exact, so the fit converges to the same optimum; only the step is slightly
 * less than a full Newton step.
 */
const HESSIAN_ROWS = 32768;

/** Row indices for the Hessian: all rows, or every ⌈n / HESSIAN_ROWS⌉-th row. */
function hessianRows(n: number): Uint32Array | null {
  if (n <= HESSIAN_ROWS) return null;
  const stride = Math.ceil(n / HESSIAN_ROWS);
  return Uint32Array.from({ length: Math.ceil(n / stride) }, (_, k) => k * stride);
}

/**
 * The binary Hessian (XcᵀDXc with the intercept row/column)/S + λ/S on the weights, where
 * D = diag(sᵢpᵢ(1 − pᵢ)); on a subsample the data part is scaled by its share of the weight.
 */
function binaryHessian(pr: Problem, X: Matrix, curvature: Float64Array, sampleWeight: number): Float64Array {
  const p = X.cols;
  const q = p + 1;
  const { gram, xw } = centredCrossProducts(X, undefined, pr.centre, 0, curvature);
  const hessian = new Float64Array(q * q);
  let total = 0;
  for (let i = 0; i < curvature.length; i++) total += curvature[i]!;
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) hessian[j * q + k] = gram[j * p + k]! / sampleWeight;
    hessian[j * q + j]! += pr.lambda / pr.totalWeight;
    hessian[j * q + p] = xw[j]! / sampleWeight;
    hessian[p * q + j] = xw[j]! / sampleWeight;
  }
  hessian[p * q + p] = total / sampleWeight;
  return hessian;
}

/** Adds the L2 penalty on the weights (not the intercepts) and divides by S. */
function finishObjective(pr: Problem, theta: Float64Array, loss: number, p: number, blocks: number, grad?: Float64Array): number {
  const q = p + 1;
  let total = loss;
  for (let k = 0; k < blocks; k++) {
    for (let j = 0; j < p; j++) {
      const w = theta[k * q + j]!;
      total += 0.5 * pr.lambda * w * w;
      if (grad !== undefined) grad[k * q + j]! += pr.lambda * w;
    }
  }
  if (grad !== undefined) for (let j = 0; j < grad.length; j++) grad[j]! /= pr.totalWeight;
  return total / pr.totalWeight;
}

/**
 * Newton's method with Armijo backtracking on the binary objective; returns θ = (w, b). Trial
 * points are evaluated with their gradient and IRLS weights, so an accepted step (nearly always
 * the full one) costs no extra pass over the rows.
 */
function fitBinary(pr: Problem, maxIter: number, tol: number): Float64Array {
  const q = pr.X.cols + 1;
  let theta = new Float64Array(q);
  const prior = logClassShares(pr, 2);
  theta[q - 1] = prior[1]! - prior[0]!;
  let grad = new Float64Array(q);
  let curvature = new Float64Array(pr.X.rows);
  let nextGrad = new Float64Array(q);
  let nextCurvature = new Float64Array(pr.X.rows);
  let f = binaryObjective(pr, theta, grad, curvature);
  const rows = hessianRows(pr.X.rows);
  const hX = rows === null ? pr.X : takeMatrixRows(pr.X, rows);
  const hWeight =
    rows === null ? pr.totalWeight : pr.weight === undefined ? rows.length : takeValues(pr.weight, rows).reduce((a, b) => a + b, 0);
  for (let iter = 0; iter < maxIter && maxAbs(grad) > tol; iter++) {
    const hCurvature = rows === null ? curvature : takeValues(curvature, rows);
    const step = solveSymmetric(binaryHessian(pr, hX, hCurvature, hWeight), q, grad);
    const slope = dot(grad, step);
    let accepted = false;
    for (let t = 1; t > 1e-12 && !accepted; t /= 2) {
      const next = theta.map((v, j) => v - t * step[j]!);
      const fNext = binaryObjective(pr, next, nextGrad, nextCurvature);
      if (fNext > f - 1e-4 * t * slope) continue;
      accepted = true;
      theta = next;
      f = fNext;
      [grad, nextGrad] = [nextGrad, grad];
      [curvature, nextCurvature] = [nextCurvature, curvature];
    }
    if (!accepted) break; // no decrease possible: at the optimum to rounding
  }
  return theta;
}

/**
 * log of each class's share of the total weight (floored at 1e-12 for an absent class): the
 * intercept-only optimum, a start that saves an iteration or two over θ = 0.
 */
function logClassShares(pr: Problem, k: number): Float64Array {
  const share = new Float64Array(k);
  for (let i = 0; i < pr.y.length; i++) share[pr.y[i]!]! += pr.weight === undefined ? 1 : pr.weight[i]!;
  return share.map((v) => Math.log(Math.max(v / pr.totalWeight, 1e-12)));
}

/** θ₀ for the multinomial fit: zero weights, intercepts at the centred log class shares. */
function multinomialStart(pr: Problem, k: number): Float64Array {
  const q = pr.X.cols + 1;
  const prior = logClassShares(pr, k);
  const mean = prior.reduce((a, b) => a + b, 0) / k;
  const theta = new Float64Array(k * q);
  for (let c = 0; c < k; c++) theta[c * q + q - 1] = prior[c]! - mean;
  return theta;
}

/** Multinomial objective at θ = k blocks of (w_k, b_k); fills the gradient when given. */
function multinomialObjective(pr: Problem, k: number, theta: Float64Array, grad?: Float64Array): number {
  const { X, y, weight, centre } = pr;
  const p = X.cols;
  const q = p + 1;
  const data = X.data;
  const c = new Float64Array(p);
  const z = new Float64Array(k);
  const prob = new Float64Array(k);
  grad?.fill(0);
  let loss = 0;
  for (let i = 0; i < X.rows; i++) {
    const s = weight === undefined ? 1 : weight[i]!;
    if (s === 0) continue;
    const off = i * p;
    for (let j = 0; j < p; j++) c[j] = data[off + j]! - centre[j]!;
    for (let cl = 0; cl < k; cl++) {
      let v = theta[cl * q + p]!;
      for (let j = 0; j < p; j++) v += theta[cl * q + j]! * c[j]!;
      z[cl] = v;
    }
    const yi = y[i]!;
    loss += s * (softmaxInto(z, 0, k, prob, 0) - z[yi]!);
    if (grad === undefined) continue;
    for (let cl = 0; cl < k; cl++) {
      const r = s * (prob[cl]! - (cl === yi ? 1 : 0));
      const g = cl * q;
      for (let j = 0; j < p; j++) grad[g + j]! += r * c[j]!;
      grad[g + p]! += r;
    }
  }
  return finishObjective(pr, theta, loss, p, k, grad);
}

/**
 * Limited-memory BFGS (memory 10, two-loop recursion, Armijo backtracking; pairs with sᵀy ≤ 0
 * are skipped so the implicit Hessian stays positive definite). Nocedal & Wright Alg. 7.4–7.5.
 */
function minimizeLbfgs(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  maxIter: number,
  tol: number,
): Float64Array {
  const m = 10;
  const n = x0.length;
  let x = x0;
  let g = new Float64Array(n);
  let f = fg(x, g);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(m);
  for (let iter = 0; iter < maxIter && maxAbs(g) > tol; iter++) {
    const d = g.map((v) => -v);
    for (let h = ss.length - 1; h >= 0; h--) {
      alphas[h] = rhos[h]! * dot(ss[h]!, d);
      axpy(-alphas[h]!, ys[h]!, d);
    }
    const last = ss.length - 1;
    const gamma = last >= 0 ? dot(ss[last]!, ys[last]!) / dot(ys[last]!, ys[last]!) : 1 / Math.max(1, maxAbs(g));
    for (let j = 0; j < n; j++) d[j]! *= gamma;
    for (let h = 0; h < ss.length; h++) axpy(alphas[h]! - rhos[h]! * dot(ys[h]!, d), ss[h]!, d);
    const slope = dot(g, d);
    if (!(slope < 0)) break;
    const gNext = new Float64Array(n);
    let t = 1;
    let xNext = x;
    let fNext = f;
    for (; t > 1e-12; t /= 2) {
      xNext = x.map((v, j) => v + t * d[j]!);
      fNext = fg(xNext, gNext);
      if (fNext <= f + 1e-4 * t * slope) break;
    }
    if (t <= 1e-12) break;
    const s = xNext.map((v, j) => v - x[j]!);
    const yv = gNext.map((v, j) => v - g[j]!);
    const sy = dot(s, yv);
    if (sy > 1e-16 * dot(yv, yv)) {
      if (ss.length === m) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
      ss.push(s);
      ys.push(yv);
      rhos.push(1 / sy);
    }
    x = xNext;
    f = fNext;
    g = gNext;
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += alpha * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Fits the model; see the file comment for the objective and the solvers. */
export function fitLogistic(data: FitData, params: HyperParams): LogisticModel {
  const { X, y, sampleWeight } = data;
  const C = readNumberParam(params, DEFAULTS, 'logistic', 'C', { min: 0, exclusive: true });
  const maxIter = readNumberParam(params, DEFAULTS, 'logistic', 'max_iter', { min: 1, integer: true });
  const tol = readNumberParam(params, DEFAULTS, 'logistic', 'tol', { min: 0, exclusive: true });
  let k = data.nClasses ?? 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || (data.nClasses !== undefined && v >= data.nClasses)) {
      throw new Error(`logistic: y[${i}] = ${v} is not a class index below ${data.nClasses ?? 'Infinity'}`);
    }
    k = Math.max(k, v + 1);
  }
  if (k < 2) throw new Error('logistic: needs at least two classes');
  if (y.length !== X.rows) throw new Error(`logistic: y has ${y.length} values for ${X.rows} rows`);
  let totalWeight = 0;
  for (let i = 0; i < y.length; i++) totalWeight += sampleWeight === undefined ? 1 : sampleWeight[i]!;
  const centre = columnMeans(X, sampleWeight);
  const pr: Problem = { X, y, weight: sampleWeight, totalWeight: totalWeight > 0 ? totalWeight : 1, centre, lambda: 1 / C };
  const p = X.cols;
  const q = p + 1;
  const theta =
    k === 2
      ? fitBinary(pr, maxIter, tol)
      : minimizeLbfgs((t, g) => multinomialObjective(pr, k, t, g), multinomialStart(pr, k), maxIter, tol);
  const blocks = k === 2 ? 1 : k;
  const coefs = Array.from({ length: blocks }, (_, b) => theta.slice(b * q, b * q + p));
  // Back from centred X: b = b' − w·x̄.
  const intercepts = Float64Array.from(coefs, (w, b) => theta[b * q + p]! - dot(w, centre));
  if (blocks > 1) centreOverClasses(coefs, intercepts);
  const means = sampleWeight === undefined ? centre : columnMeans(X);
  return new LogisticModel({ ...DEFAULTS, ...params }, k, coefs, intercepts, means);
}

/**
 * Softmax is unchanged by adding the same number to every class's logit, so the multinomial
 * model is identified only up to a shift per feature and for the intercept; the penalised
 * optimum has Σ_k w_kj = 0 and we shift the intercepts to sum to 0 too, as scikit-learn does.
 */
function centreOverClasses(coefs: Float64Array[], intercepts: Float64Array): void {
  const k = coefs.length;
  const p = coefs[0]!.length;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (const w of coefs) mean += w[j]! / k;
    for (const w of coefs) w[j]! -= mean;
  }
  const bMean = intercepts.reduce((a, b) => a + b, 0) / k;
  for (let c = 0; c < k; c++) intercepts[c]! -= bMean;
}

/** Restores a LogisticModel from `toJSON()` output. */
export function logisticFromJSON(json: ModelJSON): LogisticModel {
  checkFormat(json, LOGISTIC_FORMAT);
  const means = readFiniteArray(json.means, 'means');
  const k = json.nClasses;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) {
    throw new SpmError('ARTIFACT_CORRUPT', `logistic model: nClasses must be an integer >= 2, got ${String(k)}`, {
      hint: 'retrain with `spm train`',
    });
  }
  const blocks = k === 2 ? 1 : k;
  const intercepts = readFiniteArray(json.intercepts, 'intercepts', blocks);
  const raw = Array.isArray(json.coefs) ? json.coefs : [];
  if (raw.length !== blocks) {
    throw new SpmError('ARTIFACT_CORRUPT', `logistic model: expected ${blocks} coefficient rows, got ${raw.length}`, {
      hint: 'retrain with `spm train`',
    });
  }
  const coefs = raw.map((row: unknown, c) => readFiniteArray(row, `coefs[${c}]`, means.length));
  return new LogisticModel(readHyperParams(json.params), k, coefs, intercepts, means);
}

export const logisticFactory: ModelFactory = {
  name: 'logistic',
  format: LOGISTIC_FORMAT,
  tasks: ['classification'],
  defaults: DEFAULTS,
  fit(data, task, params) {
    if (task !== 'classification') throw new Error(`logistic supports classification only, not ${task}`);
    return fitLogistic(data, params);
  },
  fromJSON: logisticFromJSON,
};
