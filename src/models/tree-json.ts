/**
 * Tree ensembles to and from JSON. Trees are stored as flat number arrays (JSON numbers
 * round-trip doubles exactly), and everything read back is checked before use: children must
 * come after their parent (so a walk always ends) and features must exist.
 */
import { SpmError } from '../errors.js';
import type { HyperParams, ModelJSON, Task } from './model.js';
import type { TreeEnsemble } from './tree-ensemble.js';

export interface TreesJSON {
  readonly n_trees: number;
  readonly n_outputs: number;
  readonly roots: number[];
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly value: number[];
  /** Node covers (TreeNodes.cover), for TreeSHAP; absent in models stored before spm kept them. */
  readonly cover?: number[];
}

export function ensembleToJSON(e: TreeEnsemble): TreesJSON {
  return {
    n_trees: e.nTrees,
    n_outputs: e.nOutputs,
    roots: Array.from(e.roots),
    feature: Array.from(e.feature),
    threshold: Array.from(e.threshold),
    left: Array.from(e.left),
    value: Array.from(e.value),
    ...(e.cover === null ? {} : { cover: Array.from(e.cover) }),
  };
}

export function corrupt(format: string, what: string): SpmError {
  return new SpmError('ARTIFACT_CORRUPT', `invalid ${format} model: ${what}`, {
    hint: 'the model artifact is damaged or from another spm version; re-run `spm train`',
  });
}

function record(value: unknown, format: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(format, `${what} is not an object`);
  return value as Record<string, unknown>;
}

/** A finite number field (an integer when asked). */
export function numberField(obj: Record<string, unknown>, key: string, format: string, integer = false): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw corrupt(format, `${key} is not a${integer ? 'n integer' : ' number'}`);
  return v;
}

/** An array of finite numbers. */
export function numbersField(obj: Record<string, unknown>, key: string, format: string): Float64Array {
  const v = obj[key];
  if (!Array.isArray(v)) throw corrupt(format, `${key} is not an array`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw corrupt(format, `${key}[${i}] is not a number`);
    out[i] = x;
  }
  return out;
}

/** Reads and checks the `trees` field for models over `nFeatures` features. */
export function ensembleFromJSON(value: unknown, format: string, nFeatures: number): TreeEnsemble {
  const o = record(value, format, 'trees');
  const nTrees = numberField(o, 'n_trees', format, true);
  const nOutputs = numberField(o, 'n_outputs', format, true);
  const roots = Int32Array.from(numbersField(o, 'roots', format));
  const feature = Int32Array.from(numbersField(o, 'feature', format));
  const threshold = numbersField(o, 'threshold', format);
  const left = Int32Array.from(numbersField(o, 'left', format));
  const value2 = numbersField(o, 'value', format);
  const cover = o['cover'] === undefined ? null : numbersField(o, 'cover', format);
  const n = feature.length;
  if (cover !== null && (cover.length !== n || cover.some((c) => !(c > 0)))) throw corrupt(format, 'cover');
  if (nOutputs < 1 || roots.length !== nTrees || threshold.length !== n || left.length !== n || value2.length !== n * nOutputs) {
    throw corrupt(format, 'tree arrays have inconsistent lengths');
  }
  for (let t = 0; t < nTrees; t++) {
    if (roots[t]! < 0 || roots[t]! >= n) throw corrupt(format, `roots[${t}] out of range`);
  }
  for (let i = 0; i < n; i++) {
    const f = feature[i]!;
    if (f >= nFeatures || f < -1) throw corrupt(format, `feature[${i}] = ${f} out of range`);
    if (f >= 0 && !(left[i]! > i && left[i]! + 1 < n)) throw corrupt(format, `left[${i}] out of range`);
  }
  return { nTrees, nOutputs, roots, feature, threshold, left, value: value2, cover };
}

/** Checks format and version; returns the JSON as a record plus the fields every tree model has. */
export function readHeader(json: ModelJSON, format: string): { o: Record<string, unknown>; task: Task; params: HyperParams; nFeatures: number; nClasses: number } {
  const o = record(json, format, 'model');
  if (o['format'] !== format) throw corrupt(format, `format is ${JSON.stringify(o['format'])}`);
  if (o['version'] !== 1) throw corrupt(format, `unsupported version ${JSON.stringify(o['version'])}`);
  const task = o['task'];
  if (task !== 'regression' && task !== 'classification') throw corrupt(format, 'task');
  const paramsIn = record(o['params'], format, 'params');
  const params: Record<string, number | string | boolean | null> = {};
  for (const [k, v] of Object.entries(paramsIn)) {
    if (v !== null && typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw corrupt(format, `params.${k}`);
    params[k] = v;
  }
  const nFeatures = numberField(o, 'n_features', format, true);
  const nClasses = task === 'classification' ? numberField(o, 'n_classes', format, true) : 0;
  if (task === 'classification' && nClasses < 2) throw corrupt(format, 'n_classes < 2');
  return { o, task, params, nFeatures, nClasses };
}
