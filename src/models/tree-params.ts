/**
 * Reading and checking the hyper-parameters and training data of the tree models, so a bad
 * value fails with a message naming the model, the parameter and what is allowed.
 */
import { SpmError } from '../errors.js';
import type { FitData, HyperParams, Task } from './model.js';
import type { TreeTarget } from './tree-kernel.js';

/** Deepest tree grown when max_depth is null (unlimited): far beyond useful, but bounded. */
export const DEPTH_CAP = 32;

function invalid(model: string, name: string, expected: string, value: unknown): SpmError {
  return new SpmError('PARAMS_INVALID', `${model}: ${name} must be ${expected}, got ${JSON.stringify(value)}`, {
    hint: `fix train.models.${model}.${name} in the params file`,
  });
}

/** Merges params over defaults and rejects names the model does not know. */
export function withDefaults(model: string, defaults: HyperParams, params: HyperParams): HyperParams {
  for (const name of Object.keys(params)) {
    if (!(name in defaults)) {
      throw new SpmError('PARAMS_INVALID', `${model}: unknown parameter "${name}"`, {
        hint: `${model} accepts: ${Object.keys(defaults).join(', ')}`,
      });
    }
  }
  return { ...defaults, ...params };
}

/** An integer ≥ min; null allowed (and returned) only when `nullable`. */
export function intParam(model: string, p: HyperParams, name: string, min: number, nullable = false): number | null {
  const v = p[name];
  if (v === null && nullable) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw invalid(model, name, `an integer >= ${min}${nullable ? ' or null' : ''}`, v);
  }
  return v;
}

/** A number in (min, max]. */
export function numberParam(model: string, p: HyperParams, name: string, min: number, max: number): number {
  const v = p[name];
  if (typeof v !== 'number' || !(v > min && v <= max)) throw invalid(model, name, `a number in (${min}, ${max}]`, v);
  return v;
}

/** A finite number ≥ min. */
export function atLeastParam(model: string, p: HyperParams, name: string, min: number): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw invalid(model, name, `a number >= ${min}`, v);
  return v;
}

/** A number strictly between 0 and 1. */
export function fractionParam(model: string, p: HyperParams, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !(v > 0 && v < 1)) throw invalid(model, name, 'a number in (0, 1)', v);
  return v;
}

export function boolParam(model: string, p: HyperParams, name: string): boolean {
  const v = p[name];
  if (typeof v !== 'boolean') throw invalid(model, name, 'true or false', v);
  return v;
}

/** max_depth: null means unlimited, capped at DEPTH_CAP. */
export function depthParam(model: string, p: HyperParams): number {
  return Math.min(intParam(model, p, 'max_depth', 1, true) ?? DEPTH_CAP, DEPTH_CAP);
}

/**
 * Features drawn per split, as scikit-learn reads max_features: null = all, 'sqrt' / 'log2' of
 * the count, a number in (0, 1] = that fraction, an integer > 1 = that many (at most all);
 * always at least 1. ('auto' is resolved by the caller.)
 */
export function maxFeaturesParam(model: string, p: HyperParams, cols: number): number {
  const v = p['max_features'];
  let m: number;
  if (v === null) m = cols;
  else if (v === 'sqrt') m = Math.floor(Math.sqrt(cols));
  else if (v === 'log2') m = Math.floor(Math.log2(cols));
  else if (typeof v === 'number' && v > 0 && v <= 1) m = Math.floor(v * cols);
  else if (typeof v === 'number' && Number.isInteger(v) && v > 1) m = Math.min(v, cols);
  else throw invalid(model, 'max_features', "null, 'sqrt', 'log2', a fraction in (0, 1] or an integer", v);
  return Math.max(1, m);
}

/** Checks the task, weights and targets; returns the tree target and the rows with weight > 0. */
export function prepareFit(model: string, tasks: readonly Task[], data: FitData, task: Task): { target: TreeTarget; rows: Uint32Array; nClasses: number } {
  if (!tasks.includes(task)) throw new SpmError('PARAMS_INVALID', `${model} does not support ${task}`);
  const { X, y, sampleWeight } = data;
  if (y.length !== X.rows || X.rows === 0) throw new Error(`${model}: X has ${X.rows} rows, y has ${y.length}`);
  if (sampleWeight !== undefined && sampleWeight.length !== X.rows) throw new Error(`${model}: sampleWeight length ${sampleWeight.length} != ${X.rows}`);
  // rows with weight > 0 into a typed array sized by a first count (no growing array of 100,000s of numbers to collect)
  let count = 0;
  for (let i = 0; i < X.rows; i++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`${model}: sample weight ${w} at row ${i}`);
    if (w > 0) count++;
  }
  if (count === 0) throw new Error(`${model}: every sample weight is 0`);
  const rows = new Uint32Array(count);
  for (let i = 0, j = 0; i < X.rows; i++) if (sampleWeight === undefined || sampleWeight[i]! > 0) rows[j++] = i;
  if (task === 'regression') {
    for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`${model}: target ${y[i]} at row ${i}`);
    return { target: { kind: 'values', values: y }, rows, nClasses: 0 };
  }
  let nClasses = data.nClasses ?? 0;
  for (let i = 0; i < y.length; i++) nClasses = Math.max(nClasses, y[i]! + 1);
  const classes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0) throw new Error(`${model}: class index ${c} at row ${i}`);
    classes[i] = c;
  }
  return { target: { kind: 'classes', classes, nClasses: Math.max(nClasses, 2) }, rows, nClasses: Math.max(nClasses, 2) };
}
