/**
 * The feature pipeline: fitted on the train split only, stored as JSON data
 * ('spm.transformer' v1), applied to any table with the same feature columns in any order.
 */
import { findColumn, type Table } from '../data/table.js';
import { SpmError } from '../errors.js';
import { createMatrix, type Matrix } from '../models/matrix.js';
import {
  applyCategorical,
  codeMap,
  fitCategorical,
  OTHER_LEVEL,
  type CategoricalParams,
  type CategoricalStep,
} from './categorical.js';
import { applyNumeric, fitNumeric, type NumericParams, type NumericStep } from './numeric.js';
import { compileDerived, featureColumnTypes, refuseCollisions, withDerived, type CompiledFeature, type DerivedFeature } from './derive.js';

export type { CategoricalStep } from './categorical.js';
export type { NumericStep } from './numeric.js';
export type { DerivedFeature } from './derive.js';

/** How fitTransformer imputes, scales and groups (params.yaml `transform`). */
export interface TransformerSettings {
  readonly numeric: NumericParams;
  readonly categorical: CategoricalParams;
}

export type TransformStep = NumericStep | CategoricalStep;

export interface FittedTransformer {
  readonly format: 'spm.transformer';
  readonly version: 1;
  /**
   * features.derive, as written: computed from the input columns before the steps, each then a
   * numeric input of its own (after the feature columns). Absent when there are none, so a
   * transformer without them is stored byte for byte as before.
   */
  readonly derived?: readonly DerivedFeature[];
  /** One per feature column, in schema order, then one per derived feature. */
  readonly inputs: readonly TransformStep[];
  /** One per output feature: the column name, or `column=level` for one-hot features. */
  readonly featureNames: readonly string[];
  /** The input column of each output feature (for grouping explanations back). */
  readonly featureSources: readonly string[];
}

export interface AppliedFeatures {
  readonly X: Matrix;
  /** Per categorical column: rows whose category was not seen at fit (encoded as all zeros). */
  readonly unseen: Record<string, number>;
  /** Per numeric column: observed values outside the train range [min, max] (still scored). */
  readonly outOfRange: Record<string, number>;
}

/** Output names of one step, in output order. */
export function stepFeatureNames(step: TransformStep): string[] {
  return step.kind === 'numeric' ? [step.name] : step.levels.map((level) => `${step.name}=${level}`);
}

/**
 * Fits the pipeline on `table` (the train split) for `featureColumns`, in that order, then the
 * derived features (features.derive), checked here against the feature columns' types.
 */
export function fitTransformer(
  table: Table,
  featureColumns: readonly string[],
  params: TransformerSettings,
  definitions: readonly DerivedFeature[] = [],
): FittedTransformer {
  if (new Set(featureColumns).size !== featureColumns.length) throw new Error('feature columns must be unique');
  refuseCollisions(definitions, table.columns.map((c) => c.name));
  const derived = compileDerived(definitions, featureColumnTypes(table, featureColumns, definitions));
  const source = withDerived(table, derived, requireNumeric);
  const inputs = [...featureColumns, ...derived.map((d) => d.name)].map((name): TransformStep => {
    const column = requireColumn(source, name);
    return column.kind === 'numeric' ? fitNumeric(column, params.numeric) : fitCategorical(column, params.categorical);
  });
  const featureNames = inputs.flatMap(stepFeatureNames);
  const featureSources = inputs.flatMap((step) => stepFeatureNames(step).map(() => step.name));
  return { format: 'spm.transformer', version: 1, ...(definitions.length ? { derived: definitions } : {}), inputs, featureNames, featureSources };
}

/** The derived features' values on `table` by name (for showing them: top factors). */
export function derivedValues(t: FittedTransformer, table: Table): Map<string, Float64Array> {
  const compiled = compiledOf(t);
  if (compiled.length === 0) return new Map();
  const extended = withDerived(table, compiled, requireNumeric);
  return new Map(compiled.map((d) => [d.name, (requireColumn(extended, d.name) as { values: Float64Array }).values]));
}

/** The stored definitions, compiled again (they were checked against the data at fit). */
const compiledOf = (t: FittedTransformer): CompiledFeature[] => (t.derived ? compileDerived(t.derived, null) : []);

/** Rows per block: the block's output rows stay in cache while every column fills them. */
const BLOCK_ROWS = 4096;

/**
 * Applies a fitted pipeline. Columns are found by name, so the table's column order and extra
 * columns do not matter; a missing feature column is a user error naming it.
 */
export function applyTransformer(t: FittedTransformer, table: Table): AppliedFeatures {
  const rows = table.rowCount;
  const X = createMatrix(rows, t.featureNames.length);
  const unseen: Record<string, number> = {};
  const outOfRange: Record<string, number> = {};
  const plans = planColumns(t, withDerived(table, compiledOf(t), requireNumeric));
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = Math.min(rows, start + BLOCK_ROWS);
    for (const plan of plans) {
      if (plan.kind === 'numeric') {
        plan.count += applyNumeric(plan.step, plan.values, X.data, X.cols, plan.offset, start, end);
      } else {
        plan.count += applyCategorical(plan.map, plan.codes, X.data, X.cols, plan.offset, start, end);
      }
    }
  }
  for (const plan of plans) (plan.kind === 'numeric' ? outOfRange : unseen)[plan.step.name] = plan.count;
  return { X, unseen, outOfRange };
}

type ColumnPlan =
  | { kind: 'numeric'; step: NumericStep; values: Float64Array; offset: number; count: number }
  | { kind: 'categorical'; step: CategoricalStep; map: Int32Array; codes: Int32Array; offset: number; count: number };

function planColumns(t: FittedTransformer, table: Table): ColumnPlan[] {
  let offset = 0;
  return t.inputs.map((step): ColumnPlan => {
    const column = requireColumn(table, step.name);
    const at = offset;
    offset += step.kind === 'numeric' ? 1 : step.levels.length;
    if (step.kind === 'numeric') {
      if (column.kind === 'numeric') return { kind: 'numeric', step, values: column.values, offset: at, count: 0 };
    } else if (column.kind === 'categorical') {
      return { kind: 'categorical', step, map: codeMap(step, column.dictionary), codes: column.codes, offset: at, count: 0 };
    }
    throw new SpmError('COLUMN_TYPE', `column "${step.name}" is ${column.kind} here but was ${step.kind} when the feature pipeline was fitted`, {
      hint: 'read the input with the schema frozen at `spm ingest`, or re-run `spm run` on data of this shape',
    });
  });
}

/** A numeric column an expression reads; the same errors as a missing or mistyped feature column. */
function requireNumeric(table: Table, name: string): Float64Array {
  const column = requireColumn(table, name);
  if (column.kind === 'numeric') return column.values;
  throw new SpmError('COLUMN_TYPE', `column "${name}" is categorical here but a derived feature computes on it as a number`, {
    hint: 'read the input with the schema frozen at `spm ingest`, or re-run `spm run` on data of this shape',
  });
}

function requireColumn(table: Table, name: string) {
  const column = findColumn(table, name);
  if (!column) {
    throw new SpmError('MISSING_COLUMN', `feature column "${name}" is missing from the input`, {
      hint: 'the input needs every feature column the model was trained on (see schema.json of the ingest stage)',
    });
  }
  return column;
}

/**
 * Sums per-feature values (e.g. one row's contributions) by input column, in input order:
 * the one-hot block of a categorical column collapses to one number.
 */
export function groupByFeatureSource(t: FittedTransformer, values: Float64Array): Map<string, number> {
  if (values.length !== t.featureSources.length) {
    throw new Error(`expected ${t.featureSources.length} values, one per output feature, got ${values.length}`);
  }
  const sums = new Map<string, number>();
  for (const step of t.inputs) sums.set(step.name, 0);
  // every source is an input's name, and values has one entry per feature (checked above)
  t.featureSources.forEach((source, j) => sums.set(source, sums.get(source)! + values[j]!));
  return sums;
}

/**
 * Checks a stored transformer (parsed JSON, `unknown` until here) and returns it typed, with
 * only the known fields. Feature names and sources must be exactly those the steps imply.
 */
export function validateTransformer(json: unknown): FittedTransformer {
  const o = record(json, 'the artifact');
  if (o.format !== 'spm.transformer' || o.version !== 1) {
    invalid(`expected format "spm.transformer" version 1, got format ${show(o.format)} version ${show(o.version)}`);
  }
  if (!Array.isArray(o.inputs)) invalid(`inputs must be an array of steps, got ${show(o.inputs)}`);
  const derived = o.derived === undefined ? undefined : validateDerived(o.derived);
  const inputs = (o.inputs as unknown[]).map((step, i) => validateStep(step, `inputs[${i}]`));
  for (const d of derived ?? []) if (!inputs.some((step) => step.name === d.name && step.kind === 'numeric')) invalid(`the derived feature ${show(d.name)} has no numeric step in inputs`);
  const names = new Set(inputs.map((step) => step.name));
  if (names.size !== inputs.length) invalid('inputs name the same column twice');
  const featureNames = inputs.flatMap(stepFeatureNames);
  const featureSources = inputs.flatMap((step) => stepFeatureNames(step).map(() => step.name));
  sameStrings(o.featureNames, featureNames, 'featureNames');
  sameStrings(o.featureSources, featureSources, 'featureSources');
  return { format: 'spm.transformer', version: 1, ...(derived ? { derived } : {}), inputs, featureNames, featureSources };
}

function validateDerived(json: unknown): DerivedFeature[] {
  if (!Array.isArray(json) || json.length === 0) invalid(`derived must be a non-empty array of { name, expression }, got ${show(json)}`);
  const defs = json.map((d: unknown, i) => {
    const o = record(d, `derived[${i}]`);
    return { name: text(o.name, `derived[${i}].name`), expression: text(o.expression, `derived[${i}].expression`) };
  });
  try {
    compileDerived(defs, null);
  } catch (e) {
    if (e instanceof SpmError) invalid(`a derived feature's expression does not parse: ${e.message}`);
    throw e;
  }
  return defs;
}

function validateStep(json: unknown, path: string): TransformStep {
  const o = record(json, path);
  const name = text(o.name, `${path}.name`);
  if (o.kind === 'numeric') {
    const scale = finite(o.scale, `${path}.scale`);
    if (scale <= 0) invalid(`${path}.scale must be positive, got ${scale}`);
    const impute = finite(o.impute, `${path}.impute`);
    const center = finite(o.center, `${path}.center`);
    return { kind: 'numeric', name, impute, clip: bounds(o.clip, `${path}.clip`), center, scale, range: bounds(o.range, `${path}.range`) };
  }
  if (o.kind !== 'categorical') invalid(`${path}.kind must be "numeric" or "categorical", got ${show(o.kind)}`);
  const levels = texts(o.levels, `${path}.levels`);
  const infrequent = texts(o.infrequent, `${path}.infrequent`);
  if (new Set(levels).size !== levels.length) invalid(`${path}.levels has a level twice`);
  if (infrequent.some((c) => levels.includes(c))) invalid(`${path}.infrequent overlaps ${path}.levels`);
  if (infrequent.length > 0 && !levels.includes(OTHER_LEVEL)) invalid(`${path}.levels lacks "${OTHER_LEVEL}" for its infrequent categories`);
  const missingLevel = o.missingLevel === null ? null : text(o.missingLevel, `${path}.missingLevel`);
  if (missingLevel !== null && !levels.includes(missingLevel)) invalid(`${path}.missingLevel ${show(missingLevel)} is not one of its levels`);
  return { kind: 'categorical', name, levels, infrequent, missingLevel };
}

function invalid(detail: string): never {
  throw new SpmError('ARTIFACT_CORRUPT', `the stored feature pipeline (transformer) is malformed: ${detail}`, {
    hint: 'rebuild it with `spm transform --force`',
  });
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(`${path} must be an object, got ${show(v)}`);
  return v as Record<string, unknown>;
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string') invalid(`${path} must be a string, got ${show(v)}`);
  return v;
}

function texts(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) invalid(`${path} must be an array of strings, got ${show(v)}`);
  return v.map((item: unknown, i) => text(item, `${path}[${i}]`));
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${path} must be a finite number, got ${show(v)}`);
  return v;
}

function bounds(v: unknown, path: string): [number, number] | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length !== 2) invalid(`${path} must be null or [low, high], got ${show(v)}`);
  const [low, high] = [finite(v[0], `${path}[0]`), finite(v[1], `${path}[1]`)];
  if (low > high) invalid(`${path} must be [low, high] with low <= high, got ${show(v)}`);
  return [low, high];
}

function sameStrings(v: unknown, expected: readonly string[], path: string): void {
  const got = texts(v, path);
  if (got.length !== expected.length) invalid(`${path} has ${got.length} names but the inputs imply ${expected.length}`);
  const at = expected.findIndex((name, i) => got[i] !== name);
  if (at >= 0) invalid(`${path}[${at}] should be ${show(expected[at])} as the inputs imply, got ${show(got[at])}`);
}
