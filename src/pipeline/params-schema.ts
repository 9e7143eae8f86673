/**
 * The params file's schema as data (SPEC §3): every key with its type, default, allowed values,
 * bounds and a one-line description. A small hand-written DSL instead of a validation library,
 * so that every message a user sees is ours; params.ts walks it, describeParams() documents it.
 */
import { isRecord } from '../util/guards.js';
import type { ErrorCode } from '../error-codes.js';
import { SpmError } from '../errors.js';
import { compileDerived } from '../features/derive.js';
import { SELECT_METHODS } from '../features/select-methods.js';
import type { RecommendationRule } from '../analysis/recommend.js';
import { nearest } from '../util/nearest.js';
import { clip } from '../util/clip.js';
import type { ModelGrid } from '../models/grid.js';
import { CLASS_WEIGHT_SETTINGS } from '../models/class-weight.js';
import { THRESHOLD_METRICS } from '../metrics/threshold.js';
import { CONDITION_JSON_PATTERN, normaliseCondition, parseGateCondition } from '../metrics/condition.js';
import { DRIFT_METHODS, type DriftMethod } from '../drift/methods.js';
import { DEFAULT_MODEL_GRIDS, isModelName, MODEL_NAMES, type ModelName } from '../models/catalog.js';
import { CALIBRATION_METHODS } from '../models/calibration.js';
import { GATE_METRICS, TRAIN_METRICS, type GateMetric } from '../metrics/names.js';
import { DELIMITERS, ENCODINGS, type Delimiter } from '../data/csv-dialect.js';

// ---- the DSL: leaves check a value, maps hold fixed keys; params.ts walks the maps ----

export type Scalar = string | number | boolean | null;

/** A JSON Schema (draft 2020-12) fragment. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One problem found in the params, as data (zod-style); params.ts renders them all at once. */
export interface ParamsIssue {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  /** The error code when it is not PARAMS_INVALID (e.g. EXPRESSION_INVALID); used when every issue has it. */
  readonly code?: ErrorCode;
}

/**
 * A leaf's verdict. A failure without issues is rendered centrally as "<path>: expected <expected>, got
 * <value>" (plus " — did you mean '<suggest>'?"); custom leaves may return their own issues.
 */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly suggest?: string; readonly issues?: readonly ParamsIssue[] };

export interface LeafSpec<T> {
  readonly kind: 'leaf';
  /** Short type for the reference, e.g. 'integer 2..50'. */
  readonly type: string;
  /** What follows "expected" in a message, e.g. 'an integer from 2 to 50'. */
  readonly expected: string;
  readonly required?: boolean;
  readonly default?: T;
  readonly description: string;
  readonly check: (value: unknown, path: string) => Outcome<T>;
  /** The same rule as a JSON Schema fragment (params.schema.json; tests/pipeline/params-json-schema.test.ts checks they agree). */
  readonly json: JsonSchema;
  /**
   * For map-valued leaves (train.models, evaluate.gates): the names allowed at each level below
   * it (null = any name), so a `-S` path such as train.models.ridge.alpha can be checked.
   */
  readonly subKeys?: readonly (readonly string[] | null)[];
}

export interface MapSpec<F extends Fields = Fields> {
  readonly kind: 'map';
  readonly fields: F;
}
type Fields = { readonly [key: string]: Spec };
export type Spec = LeafSpec<unknown> | MapSpec;

/** The TypeScript type a spec validates to. */
export type Infer<S> = S extends LeafSpec<infer T>
  ? T
  : S extends MapSpec<infer F>
    ? { readonly [K in keyof F]: Infer<F[K]> }
    : never;

export const leaf = <T>(spec: Omit<LeafSpec<T>, 'kind'>): LeafSpec<T> => ({ kind: 'leaf', ...spec });
export const map = <F extends Fields>(fields: F): MapSpec<F> => ({ kind: 'map', fields });

export { isRecord };

/** A value as a message shows it: strings quoted, collections by kind. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length ? 'a list' : 'an empty list';
  if (isRecord(v)) return Object.keys(v).length ? 'a map' : 'an empty map';
  return String(v);
}

interface Range {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

function numeric(isInteger: boolean, r: Range, def: number, description: string): LeafSpec<number> {
  const noun = isInteger ? 'an integer' : 'a number';
  const closed = isInteger && r.min !== undefined && r.max !== undefined && !r.minOpen && !r.maxOpen;
  const lower = r.min === undefined ? '' : r.minOpen ? `greater than ${r.min}` : `of at least ${r.min}`;
  const upper = r.max === undefined ? '' : r.maxOpen ? `less than ${r.max}` : `at most ${r.max}`;
  const bounds = [lower, upper].filter(Boolean).join(' and ');
  let type = isInteger ? 'integer' : 'number';
  if (closed) type += ` ${r.min}..${r.max}`;
  else if (r.min !== undefined && r.max !== undefined) type += ` in ${r.minOpen ? '(' : '['}${r.min}, ${r.max}${r.maxOpen ? ')' : ']'}`;
  else if (r.min !== undefined) type += ` ${r.minOpen ? '>' : '≥'} ${r.min}`;
  else if (r.max !== undefined) type += ` ${r.maxOpen ? '<' : '≤'} ${r.max}`;
  const inRange = (v: number): boolean =>
    (r.min === undefined || (r.minOpen ? v > r.min : v >= r.min)) && (r.max === undefined || (r.maxOpen ? v < r.max : v <= r.max));
  const json: Record<string, unknown> = { type: isInteger ? 'integer' : 'number' };
  if (r.min !== undefined) json[r.minOpen ? 'exclusiveMinimum' : 'minimum'] = r.min;
  if (r.max !== undefined) json[r.maxOpen ? 'exclusiveMaximum' : 'maximum'] = r.max;
  return leaf<number>({
    type,
    json,
    expected: closed ? `${noun} from ${r.min} to ${r.max}` : bounds ? `${noun} ${bounds}` : noun,
    default: def,
    description,
    check: (v) =>
      typeof v === 'number' && Number.isFinite(v) && (!isInteger || Number.isInteger(v)) && inRange(v)
        ? { ok: true, value: v }
        : { ok: false },
  });
}

export const number = (r: Range, def: number, description: string): LeafSpec<number> => numeric(false, r, def, description);
export const integer = (r: Range, def: number, description: string): LeafSpec<number> => numeric(true, r, def, description);

/** One of a fixed set of values; a near-miss string gets a suggestion. */
export function oneOf<const V extends readonly Scalar[]>(values: V, def: V[number], description: string): LeafSpec<V[number]> {
  const list = values.map(String).join(' | ');
  const names = values.filter((x): x is string => typeof x === 'string');
  return leaf<V[number]>({
    type: list,
    json: { enum: values },
    expected: values.length === 1 ? list : `one of ${list}`,
    default: def,
    description,
    check: (v) =>
      (values as readonly unknown[]).includes(v)
        ? { ok: true, value: v as V[number] }
        : { ok: false, suggest: typeof v === 'string' ? nearest(v, names) : undefined },
  });
}

/** Either of two leaves (the first that accepts the value wins). */
export function either<A, B>(a: LeafSpec<A>, b: LeafSpec<B>, def: A | B, description: string): LeafSpec<A | B> {
  return leaf<A | B>({
    type: `${a.type} | ${b.type}`,
    json: { anyOf: [a.json, b.json] },
    expected: `${a.expected} or ${b.expected}`,
    default: def,
    description,
    check: (v, at) => {
      const x = a.check(v, at);
      if (x.ok) return x;
      const y = b.check(v, at);
      return y.ok ? y : { ok: false, suggest: x.suggest ?? y.suggest };
    },
  });
}

const nullLeaf = leaf<null>({
  type: 'null',
  json: { type: 'null' },
  expected: 'null',
  description: '',
  check: (v) => (v === null ? { ok: true, value: null } : { ok: false }),
});

export const nullable = <T>(inner: LeafSpec<T>, description: string): LeafSpec<T | null> => either(nullLeaf, inner, null, description);

/** A string that is not blank (what `v.trim() !== ''` accepts). */
const NON_BLANK: JsonSchema = { type: 'string', pattern: '\\S' };
/** A string, or a list of strings with at least `minItems`, none blank. */
const nonBlankOrList = (minItems: number): JsonSchema => ({ anyOf: [NON_BLANK, { type: 'array', minItems, items: NON_BLANK }] });
/** A map whose keys are free (column names) and whose values match `values`; null is an empty map. */
const freeMap = (values: JsonSchema): JsonSchema => ({ type: ['object', 'null'], additionalProperties: values });
const SCALAR: JsonSchema = { type: ['null', 'string', 'boolean', 'number'] };

export function string(o: { expected: string; required?: boolean; default?: string; description: string }): LeafSpec<string> {
  return leaf<string>({
    type: 'string',
    json: NON_BLANK,
    ...o,
    check: (v) => (typeof v === 'string' && v.trim() !== '' ? { ok: true, value: v } : { ok: false }),
  });
}

export const pathLeaf = (def: string, description: string): LeafSpec<string> => string({ expected: 'a path', default: def, description });

/** A list of column names; a single name is taken as a one-element list. */
export function stringList(def: readonly string[], description: string): LeafSpec<readonly string[]> {
  return leaf<readonly string[]>({
    type: 'list of strings',
    json: nonBlankOrList(0),
    expected: 'a list of column names',
    default: def,
    description,
    check: (v, at) => {
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list)) return { ok: false };
      const issues: ParamsIssue[] = [];
      list.forEach((x: unknown, i) => {
        if (typeof x !== 'string' || x.trim() === '') {
          issues.push({ path: `${at}[${i}]`, message: `${at}[${i}]: expected a column name, got ${showValue(x)}` });
        }
      });
      return issues.length ? { ok: false, issues } : { ok: true, value: list as string[] };
    },
  });
}

// ---- spm's params ----

// The names each domain owns (config depends on the core, never the reverse); re-exported for params.ts.
export { DEFAULT_MODEL_GRIDS, isModelName, MODEL_NAMES, type ModelName } from '../models/catalog.js';
export { GATE_METRICS, TRAIN_METRICS, type GateMetric, type TrainMetric } from '../metrics/names.js';
export { GATE_OPERATORS, parseGateCondition, type GateOperator } from '../metrics/condition.js';
export { DRIFT_METHODS, type DriftMethod } from '../drift/methods.js';
export type { GridEntry, ModelGrid } from '../models/grid.js';

/** train.models after validation: always the map form, in the order the user wrote it. */
export type ModelGrids = Readonly<Partial<Record<ModelName, ModelGrid>>>;
export type Gates = Readonly<Partial<Record<GateMetric, string>>>;
/** data.bounds: column → [min, max], either end null (unbounded). */
export type Bound = readonly [number | null, number | null];
export type Bounds = Readonly<Record<string, Bound>>;
/** data.types: column → the type it is read as, instead of the inferred one. */
export const DECLARED_TYPES = ['numeric', 'categorical'] as const;
export type DeclaredType = (typeof DECLARED_TYPES)[number];
export type DeclaredTypes = Readonly<Record<string, DeclaredType>>;

const unknownName = (what: string, name: string, at: string, names: readonly string[]): ParamsIssue => {
  const near = nearest(name, names);
  return {
    path: `${at}.${name}`,
    message: `unknown ${what} '${clip(name)}' in ${at}${near ? ` — did you mean '${near}'?` : ''}`,
    hint: `valid ${what}s: ${names.join(', ')}`,
  };
};

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** A grid's shape only; hyper-parameter names are checked later against each model's defaults. */
function checkGrid(value: unknown, at: string): Outcome<ModelGrid> {
  if (value === null) return { ok: true, value: {} };
  if (!isRecord(value)) {
    return { ok: false, issues: [{ path: at, message: `${at}: expected a map of hyper-parameter → value or list of values, got ${showValue(value)}` }] };
  }
  const issues: ParamsIssue[] = [];
  for (const [name, v] of Object.entries(value)) {
    if (isScalar(v) || (Array.isArray(v) && v.length > 0 && v.every(isScalar))) continue;
    const bad = Array.isArray(v) && v.length > 0 ? `a list containing ${showValue(v.find((x) => !isScalar(x)))}` : showValue(v);
    issues.push({
      path: `${at}.${name}`,
      message: `${at}.${name}: expected a value or a non-empty list of values (numbers, strings, booleans or null), got ${bad}`,
    });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: value as ModelGrid };
}

/** train.models: a map name → grid (replaces the default map), or a list of names (default grids). */
function checkModels(value: unknown, at: string): Outcome<ModelGrids> {
  const raw = typeof value === 'string' ? [value] : value === null ? {} : value;
  const out: Partial<Record<ModelName, ModelGrid>> = {};
  const issues: ParamsIssue[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((name: unknown, i) => {
      if (typeof name !== 'string') issues.push({ path: `${at}[${i}]`, message: `${at}[${i}]: expected a model name, got ${showValue(name)}` });
      else if (!isModelName(name)) issues.push(unknownName('model', name, at, MODEL_NAMES));
      else if (name in out) issues.push({ path: at, message: `${at}: model '${name}' is listed twice` });
      else out[name] = DEFAULT_MODEL_GRIDS[name];
    });
  } else if (isRecord(raw)) {
    for (const [name, grid] of Object.entries(raw)) {
      if (!isModelName(name)) {
        issues.push(unknownName('model', name, at, MODEL_NAMES));
        continue;
      }
      const checked = checkGrid(grid, `${at}.${name}`);
      if (checked.ok) out[name] = checked.value;
      else for (const issue of checked.issues ?? []) issues.push(issue);
    }
  } else {
    return { ok: false };
  }
  if (issues.length) return { ok: false, issues };
  if (Object.keys(out).length === 0) {
    return { ok: false, issues: [{ path: at, message: `${at}: expected at least one model, got ${showValue(raw)}`, hint: `e.g. models: [linear, decision_tree]` }] };
  }
  return { ok: true, value: out };
}

/** evaluate.gates: metric → condition string; conditions are kept normalised as "<op> <number>". */
function checkGates(value: unknown, at: string): Outcome<Gates> {
  if (value === null) return { ok: true, value: {} };
  if (!isRecord(value)) return { ok: false };
  const out: Partial<Record<GateMetric, string>> = {};
  const issues: ParamsIssue[] = [];
  for (const [metric, condition] of Object.entries(value)) {
    if (!(GATE_METRICS as readonly string[]).includes(metric)) {
      issues.push(unknownName('metric', metric, at, GATE_METRICS));
      continue;
    }
    const normalised = typeof condition === 'string' ? normaliseCondition(condition) : undefined;
    if (normalised) out[metric as GateMetric] = normalised;
    else {
      issues.push({
        path: `${at}.${metric}`,
        message: `${at}.${metric}: expected a condition like ">= 0.80" (>=, >, <=, < or == then a number), got ${showValue(condition)}`,
        hint: `quote the condition in YAML: ${metric}: ">= 0.80"`,
      });
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}

/** segments.recommendations: rules of { segment?, prediction?, action }; a prediction condition must parse. */
function checkRecommendations(value: unknown, at: string): Outcome<readonly RecommendationRule[]> {
  if (value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) return { ok: false };
  const issues: ParamsIssue[] = [];
  const rules: RecommendationRule[] = [];
  value.forEach((rule: unknown, i) => {
    const where = `${at}[${i}]`;
    const hint = 'e.g. - { segment: At risk, prediction: Fail, action: Weekly mentoring }';
    if (!isRecord(rule)) return void issues.push({ path: where, message: `${where}: expected { segment, prediction, action }, got ${showValue(rule)}`, hint });
    const extra = Object.keys(rule).filter((k) => !['segment', 'prediction', 'action'].includes(k));
    if (extra.length) issues.push({ path: where, message: `${where}: unknown key ${extra.join(', ')} (keys: segment, prediction, action)`, hint });
    if (typeof rule.action !== 'string' || rule.action.trim() === '') issues.push({ path: `${where}.action`, message: `${where}.action: expected the action text, got ${showValue(rule.action)}`, hint });
    if (rule.segment !== undefined && typeof rule.segment !== 'string') issues.push({ path: `${where}.segment`, message: `${where}.segment: expected a segment name, got ${showValue(rule.segment)}`, hint });
    const p = rule.prediction;
    if (p !== undefined && typeof p !== 'string' && typeof p !== 'number' && typeof p !== 'boolean') issues.push({ path: `${where}.prediction`, message: `${where}.prediction: expected a class or a condition such as "< 50", got ${showValue(p)}`, hint });
    if (typeof p === 'string' && /^[<>=]/.test(p.trim()) && !parseGateCondition(p)) issues.push({ path: `${where}.prediction`, message: `${where}.prediction: '${clip(p)}' is not a condition (>=, >, <=, < or == then a number)`, hint: 'quote it in YAML: prediction: "< 50"' });
    rules.push({
      ...(typeof rule.segment === 'string' ? { segment: rule.segment } : {}),
      ...(p !== undefined && p !== null ? { prediction: typeof p === 'string' ? p.trim() : String(p) } : {}),
      action: String(rule.action),
    });
  });
  return issues.length ? { ok: false, issues } : { ok: true, value: rules };
}

/** drift.methods / drift.thresholds: keyed by a column name, or by `numeric` / `categorical` for every column of that type. */
export type DriftOverrides<T> = Readonly<Record<string, T>>;

function checkOverrides<T>(value: unknown, at: string, valid: (v: unknown) => boolean, expected: string): Outcome<DriftOverrides<T>> {
  if (value === null) return { ok: true, value: {} };
  if (!isRecord(value)) return { ok: false };
  const issues: ParamsIssue[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (!valid(v)) issues.push({ path: `${at}.${key}`, message: `${at}.${key}: expected ${expected}, got ${showValue(v)}`, hint: `keys are column names, or numeric / categorical for every column of that type` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: value as DriftOverrides<T> };
}

/**
 * data.bounds: column → [min, max] of possible values (an impossible value rejects the row at
 * ingest and predict); either end may be null. Column names are checked against the data at ingest.
 */
function checkBounds(value: unknown, at: string): Outcome<Bounds> {
  if (value === null) return { ok: true, value: {} };
  if (!isRecord(value)) return { ok: false };
  const out: Record<string, Bound> = {};
  const issues: ParamsIssue[] = [];
  const isEnd = (x: unknown): x is number | null => x === null || (typeof x === 'number' && Number.isFinite(x));
  for (const [column, bound] of Object.entries(value)) {
    const path = `${at}.${column}`;
    if (!Array.isArray(bound) || bound.length !== 2 || !bound.every(isEnd)) {
      const got = Array.isArray(bound) ? `a list of ${bound.length} (${bound.map(showValue).join(', ')})` : showValue(bound);
      issues.push({ path, message: `${path}: expected [min, max] (numbers, or null for no bound), got ${got}`, hint: `e.g. ${column}: [0, 100] or ${column}: [0, null]` });
      continue;
    }
    const [min, max] = bound as [number | null, number | null];
    if (min !== null && max !== null && min > max) {
      issues.push({ path, message: `${path}: min ${min} is greater than max ${max}`, hint: `write the bounds as [min, max], e.g. ${column}: [${max}, ${min}]` });
      continue;
    }
    Object.defineProperty(out, column, { value: [min, max] as const, enumerable: true, writable: true, configurable: true });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}

/** data.types: column → numeric | categorical; a near-miss type gets a suggestion. Columns are checked against the data at ingest. */
function checkTypes(value: unknown, at: string): Outcome<DeclaredTypes> {
  if (value === null) return { ok: true, value: {} };
  if (!isRecord(value)) return { ok: false };
  const out: Record<string, DeclaredType> = {};
  const issues: ParamsIssue[] = [];
  for (const [column, type] of Object.entries(value)) {
    const path = `${at}.${column}`;
    if ((DECLARED_TYPES as readonly unknown[]).includes(type)) {
      Object.defineProperty(out, column, { value: type, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const near = typeof type === 'string' ? nearest(type, DECLARED_TYPES) : undefined;
    issues.push({
      path,
      message: `${path}: expected numeric or categorical, got ${showValue(type)}${near ? ` — did you mean '${near}'?` : ''}`,
      hint: `e.g. data.types: { ${column}: categorical } reads integer codes as categories`,
    });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}

/** features.derive: name → expression; each parsed and type-checked here (columns are checked against the data at transform). */
function checkDerive(value: unknown, at: string): Outcome<Readonly<Record<string, string>>> {
  if (value === null) return { ok: true, value: {} };
  if (!isRecord(value)) return { ok: false };
  const out: Record<string, string> = {};
  const issues: ParamsIssue[] = [];
  const hint = 'e.g. features.derive: { total_quiz: "Quiz1 + Quiz2 + Quiz3" }';
  for (const [name, expression] of Object.entries(value)) {
    const path = `${at}.${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      issues.push({ path, message: `${path}: a derived feature's name is letters, digits and _ (not starting with a digit), got ${showValue(name)}`, hint });
      continue;
    }
    if (typeof expression !== 'string' || expression.trim() === '') {
      issues.push({ path, message: `${path}: expected an expression, got ${showValue(expression)}`, hint });
      continue;
    }
    try {
      compileDerived([{ name, expression }], null);
    } catch (e) {
      if (!(e instanceof SpmError)) throw e;
      issues.push({ path, message: e.message, ...(e.hint ? { hint: e.hint } : {}), code: e.code });
      continue;
    }
    Object.defineProperty(out, name, { value: expression, enumerable: true, writable: true, configurable: true });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}

/** data.source: one path or a non-empty list of paths, always returned as a list. */
const sourceLeaf = leaf<readonly string[]>({
  type: 'path | list of paths',
  json: nonBlankOrList(1),
  expected: 'a path or a non-empty list of paths',
  required: true,
  description: 'data file(s), relative to the params file; several files are concatenated; * and ? in a file name match like a shell pattern (data/cohort-*.csv)',
  check: (v) => {
    const list = typeof v === 'string' ? [v] : v;
    return Array.isArray(list) && list.length > 0 && list.every((p) => typeof p === 'string' && p.trim() !== '')
      ? { ok: true, value: list as string[] }
      : { ok: false };
  },
});

/** data.sheet: an .xlsx source's sheet, by name or 1-based position; null: the first sheet. */
const sheetLeaf = leaf<string | number | null>({
  type: 'string | integer ≥ 1 | null',
  json: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 1 }, { type: 'integer', minimum: 1 }] },
  expected: 'a sheet name, a 1-based sheet number, or null',
  default: null,
  description: '.xlsx data.source: the sheet to read, by name or 1-based position (null: the first sheet)',
  check: (v) =>
    v === null || (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isInteger(v) && v >= 1) ? { ok: true, value: v } : { ok: false },
});

/** Booleans are taken as their text: a CSV's "true" class is the string 'true'. */
const classLabel = leaf<string | number | null>({
  type: 'string | number | null',
  json: { type: ['null', 'string', 'number', 'boolean'] },
  expected: 'a class label (string or number) or null',
  default: null,
  description: 'binary classification: the class that `probability` refers to (null: the second class in sorted order)',
  check: (v) =>
    v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
      ? { ok: true, value: v }
      : typeof v === 'boolean' ? { ok: true, value: String(v) } : { ok: false },
});

/** data.csv.delimiter: one of DELIMITERS, `tab` for the TAB (a YAML "\t" works too), or auto. */
const delimiterLeaf = leaf<Delimiter | 'auto'>({
  type: "auto | ',' | ';' | tab | '|'",
  json: { enum: ['auto', 'tab', ...DELIMITERS] },
  expected: "auto, ',', ';', tab or '|'",
  default: 'auto',
  description: 'the field delimiter; auto: sniffed on the first lines of each file (the one that keeps the field count of the header)',
  check: (v) => {
    const value = v === 'tab' ? '\t' : v;
    return value === 'auto' || (DELIMITERS as readonly unknown[]).includes(value) ? { ok: true, value: value as Delimiter | 'auto' } : { ok: false };
  },
});

/** data.csv.header: a file without a header line cannot be read by name, so false is refused with what to do. */
const headerLeaf = leaf<'auto' | true>({
  type: 'auto | true',
  json: { enum: ['auto', true] },
  expected: 'auto or true',
  default: 'auto',
  description: 'the first line names the columns; auto: refused when it looks like data (numbers only); true: taken as names whatever it holds',
  check: (v, path) =>
    v === 'auto' || v === true
      ? { ok: true, value: v }
      : v === false
        ? { ok: false, issues: [{ path, message: `${path}: false is not supported: spm finds columns by the names in the first line`, hint: 'add a first line naming the columns (the names data.target and the other params use)' }] }
        : { ok: false },
});

const SEED = { min: 0, max: 4294967295 } as const; // createRng takes a uint32

export const PARAMS_SCHEMA = map({
  data: map({
    source: sourceLeaf,
    sheet: sheetLeaf,
    target: string({ expected: 'a column name', required: true, description: 'the column to predict' }),
    task: oneOf(['auto', 'regression', 'classification'], 'auto', 'auto: a numeric target with > 10 distinct values is regression, else classification'),
    positive_class: classLabel,
    id_columns: stringList(['student_id'], 'carried through to predictions, never features; a listed column absent from the data is ignored'),
    drop: stringList([], 'columns never used as features'),
    bounds: leaf<Bounds>({
      type: 'map column → [min, max]',
      // Not expressible in JSON Schema: min ≤ max (see BEYOND_JSON_SCHEMA).
      json: freeMap({ type: 'array', minItems: 2, maxItems: 2, items: { type: ['number', 'null'] } }),
      expected: 'a map of column → [min, max]',
      default: {},
      description: 'possible values of numeric columns, e.g. { math_score: [0, 100] } (null: no bound); a value outside rejects its row at ingest and predict',
      check: checkBounds,
      subKeys: [null],
    }),
    types: leaf<DeclaredTypes>({
      type: 'map column → numeric | categorical',
      json: freeMap({ enum: DECLARED_TYPES }),
      expected: 'a map of column → numeric | categorical',
      default: {},
      description: 'column types instead of the inferred ones, e.g. { Medu: categorical } for integer category codes; a value that is not a number in a declared numeric column rejects its row',
      check: checkTypes,
      subKeys: [null],
    }),
    csv: map({
      delimiter: delimiterLeaf,
      decimal: oneOf(['auto', '.', ','], 'auto', "the decimal mark of numbers; auto: ',' when the delimiter is not a comma and the numbers are written so"),
      encoding: oneOf(['auto', ...ENCODINGS], 'auto', 'auto: a BOM decides (UTF-8, UTF-16 LE/BE), else UTF-8, else Windows-1252 with a warning naming the line; latin1 is ISO-8859-1'),
      header: headerLeaf,
    }),
  }),
  split: map({
    test_size: number({ min: 0, max: 1, minOpen: true, maxOpen: true }, 0.2, 'share of rows held out as the test split'),
    seed: integer(SEED, 42, 'seed of the train/test split'),
    stratify: oneOf(['auto', true, false], 'auto', 'stratify the split by target class; auto: true for classification'),
  }),
  features: map({
    derive: leaf<Readonly<Record<string, string>>>({
      type: 'map name → expression',
      // Not expressible in JSON Schema: the expression's syntax and types (see BEYOND_JSON_SCHEMA).
      json: { ...freeMap({ type: 'string', pattern: '\\S' }), propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
      expected: 'a map of feature name → expression',
      default: {},
      description:
        'numeric features computed from the feature columns, e.g. { total_quiz: "Quiz1 + Quiz2", effort: "Time_Spent / max(Attendance, 1)" }: + - * /, < <= > >= == != (1 or 0), min/max/mean/sum/std (sample, ddof 1, as pandas), log1p, clip(x, lo, hi), if(cond, a, b); `back-quote` names with spaces; a missing input or x / 0 gives a missing value (imputed)',
      check: checkDerive,
      subKeys: [null],
    }),
    select: map({
      method: oneOf(['none', ...SELECT_METHODS], 'none', 'keep the top_k features by random-forest importance or by mutual information with the target, chosen inside each cross-validation fold on its train part (and on the whole train split for the refit); none: keep all'),
      top_k: integer({ min: 1 }, 10, 'features kept by features.select (output features: one-hot levels and derived features count one each)'),
    }),
  }),
  transform: map({
    numeric: map({
      impute: oneOf(['mean', 'median', 'zero'], 'median', 'fill missing numeric values with the train statistic'),
      scale: oneOf(['standard', 'none'], 'standard', 'standard: subtract the train mean, divide by the train standard deviation'),
      clip: either(
        nullLeaf,
        either(oneOf(['iqr'], 'iqr', ''), number({ min: 0, max: 0.5, minOpen: true, maxOpen: true }, 0.01, ''), 0.01, ''),
        null,
        "clip outliers to the [q, 1-q] quantiles of train (e.g. 0.01); iqr: to Tukey's fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR] of train (quartiles as numpy's default); null: no clipping",
      ),
    }),
    categorical: map({
      impute: oneOf(['most_frequent', 'missing'], 'missing', "fill missing categories with the most frequent, or a separate 'missing' category"),
      min_frequency: integer({ min: 0 }, 0, "categories with fewer train rows are merged into 'other'"),
    }),
  }),
  train: map({
    metric: oneOf(TRAIN_METRICS, 'auto', 'model selection metric; auto: rmse (regression), roc_auc (binary), f1 macro (multi-class)'),
    cv: map({
      folds: integer({ min: 2, max: 50 }, 5, 'cross-validation folds (stratified for classification)'),
      seed: integer(SEED, 42, 'seed of the fold assignment'),
    }),
    class_weight: oneOf(CLASS_WEIGHT_SETTINGS, 'auto', 'balanced: weight rows inversely to their class frequency (n / (classes · count)); auto: search unweighted and balanced fits when train.metric rewards minority classes (macro f1, balanced_accuracy), else unweighted'),
    calibration: oneOf(CALIBRATION_METHODS, 'none', "classification: calibrate the selected model's probabilities on its out-of-fold predictions (sigmoid: Platt scaling; isotonic: a non-decreasing step fit; one-vs-rest for 3+ classes), as scikit-learn's CalibratedClassifierCV(ensemble=False)"),
    jobs: either(oneOf(['auto'], 'auto', ''), integer({ min: 1, max: 64 }, 1, ''), 'auto', 'worker threads for cross-validation; auto: every core when the search is large enough to pay; results do not depend on it'),
    models: leaf<ModelGrids>({
      type: 'map name → grid | list of names',
      json: {
        anyOf: [
          { enum: MODEL_NAMES },
          { type: 'array', minItems: 1, uniqueItems: true, items: { enum: MODEL_NAMES } },
          {
            type: 'object',
            minProperties: 1,
            propertyNames: { enum: MODEL_NAMES },
            additionalProperties: { type: ['object', 'null'], additionalProperties: { anyOf: [SCALAR, { type: 'array', minItems: 1, items: SCALAR }] } },
          },
        ],
      },
      expected: 'a map of model name → grid, or a list of model names',
      default: DEFAULT_MODEL_GRIDS,
      description: `models to search (${MODEL_NAMES.join(', ')}); each grid list is searched, scalars are fixed; replaces the default map`,
      check: checkModels,
      subKeys: [MODEL_NAMES, null],
    }),
  }),
  evaluate: map({
    gates: leaf<Gates>({
      type: 'map metric → condition',
      json: { ...freeMap({ type: 'string', pattern: CONDITION_JSON_PATTERN }), propertyNames: { enum: GATE_METRICS } },
      expected: 'a map of metric → condition such as ">= 0.80"',
      default: { r2: '>= 0.80' },
      description: `quality gates, e.g. { r2: ">= 0.80" }; a failed gate exits 4; metrics: ${GATE_METRICS.join(', ')}`,
      check: checkGates,
      subKeys: [GATE_METRICS],
    }),
    threshold: either(
      number({ min: 0, max: 1, minOpen: true, maxOpen: true }, 0.5, ''),
      oneOf(THRESHOLD_METRICS, 'f1', ''),
      0.5,
      'binary classification: decision threshold on the positive-class probability; f1 or balanced_accuracy: the threshold that maximises it on the train split\'s cross-validation predictions',
    ),
    permutation_repeats: integer({ min: 1 }, 5, 'shuffles per feature for permutation importance'),
    sensitive: either(
      oneOf(['auto'], 'auto', ''),
      stringList([], ''),
      'auto',
      'categorical columns to report fairness for (per group: error, or recall, false-positive and selection rates; the largest gap); auto: the demographic columns present (gender, race_ethnicity, parental_level_of_education, lunch, …); [] for none',
    ),
  }),
  drift: map({
    threshold: either(oneOf(['auto'], 'auto', ''), number({ min: 0, minOpen: true }, 0.05, ''), 'auto', 'auto: p < 0.05 for tests, 0.1 for distances; or one number for all'),
    share: number({ min: 0, max: 1, minOpen: true }, 0.5, 'dataset drift when at least this share of features drift'),
    methods: leaf<DriftOverrides<DriftMethod>>({
      type: 'map column|numeric|categorical → method',
      json: freeMap({ enum: DRIFT_METHODS }),
      expected: `a map of column name, numeric or categorical → ${DRIFT_METHODS.join(' | ')}`,
      default: {},
      description: `per column or per type, the test instead of the default (${DRIFT_METHODS.join(', ')}), e.g. { numeric: wasserstein, lunch: chi2 }`,
      check: (v, at) => checkOverrides(v, at, (x) => (DRIFT_METHODS as readonly unknown[]).includes(x), `one of ${DRIFT_METHODS.join(', ')}`),
      subKeys: [null],
    }),
    thresholds: leaf<DriftOverrides<number>>({
      type: 'map column|numeric|categorical → number',
      json: freeMap({ type: 'number', exclusiveMinimum: 0 }),
      expected: 'a map of column name, numeric or categorical → a number > 0',
      default: {},
      description: 'per column or per type, the threshold instead of drift.threshold (a p-value for tests, a distance for distances)',
      check: (v, at) => checkOverrides(v, at, (x) => typeof x === 'number' && Number.isFinite(x) && x > 0, 'a number > 0'),
      subKeys: [null],
    }),
    correction: oneOf(['none', 'bonferroni', 'fdr'], 'none', 'multiple-testing correction of the tests\' p-values: bonferroni, or fdr (Benjamini-Hochberg)'),
  }),
  segments: map({
    features: stringList([], 'numeric columns to segment students on with k-means (e.g. [Quiz1, Attendance]); [] for no segments'),
    k: either(oneOf(['auto'], 'auto', ''), integer({ min: 2, max: 12 }, 3, ''), 'auto', 'number of segments; auto: the k from 2 to 6 with the best silhouette score'),
    seed: integer(SEED, 42, 'seed of the k-means initialisation'),
    favourable: leaf<string | number | null>({ ...classLabel, description: 'classification: the good outcome that orders segments and recommendations (e.g. Pass); null: the positive class (regression: a higher score is better)' }),
    names: stringList([], "segment names, strongest segment first, instead of the automatic ones ('High performer', 'At risk', …)"),
    recommendations: leaf<readonly RecommendationRule[]>({
      type: 'list of { segment?, prediction?, action }',
      json: {
        type: ['array', 'null'],
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['action'],
          properties: {
            segment: { type: 'string' },
            action: NON_BLANK,
            // A class, or (starting with <, > or =) a condition on the score.
            prediction: { anyOf: [{ type: ['number', 'boolean'] }, { type: 'string', not: { pattern: '^\\s*[<>=]' } }, { type: 'string', pattern: CONDITION_JSON_PATTERN }] },
          },
        },
      },
      expected: 'a list of { segment, prediction, action } rules',
      default: [],
      description: 'prediction × segment → action, first match wins; prediction: a class, or a condition on the score such as "< 50"; [] for the built-in table',
      check: checkRecommendations,
      subKeys: [null],
    }),
  }),
  predict: map({
    record: oneOf([true, false], true, 'record each scored row\'s ids, model version and prediction in the store (predict and serve), for `spm feedback` to join late outcomes with; rows of an input with no id column are never recorded'),
  }),
  monitor: map({
    gates: leaf<Gates>({
      type: 'map metric → condition',
      json: { ...freeMap({ type: 'string', pattern: CONDITION_JSON_PATTERN }), propertyNames: { enum: GATE_METRICS } },
      expected: 'a map of metric → condition such as ">= 0.80"',
      default: {},
      description: `live quality gates on the latest feedback of each model version, e.g. { rmse: "<= 9" }; a failed gate makes \`spm monitor\` exit 4; metrics: ${GATE_METRICS.join(', ')}`,
      check: checkGates,
      subKeys: [GATE_METRICS],
    }),
  }),
  artifacts: map({
    dir: pathLeaf('artifacts', 'the artifact store, relative to the params file'),
  }),
});

export type ParamsFromSchema = Infer<typeof PARAMS_SCHEMA>;

/** One row of the params reference (README 'Params' is generated from these). */
export interface ParamDoc {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

/** Every key of the schema, depth first in schema order: `dotted.path  type  default  description`. */
export function describeParams(): ParamDoc[] {
  const rows: ParamDoc[] = [];
  const walk = (spec: Spec, at: string): void => {
    if (spec.kind === 'map') {
      for (const [key, child] of Object.entries(spec.fields)) walk(child, at ? `${at}.${key}` : key);
      return;
    }
    const def = spec.required ? '(required)' : formatValue(spec.default);
    rows.push({ path: at, type: spec.type, default: def, description: spec.description });
  };
  walk(PARAMS_SCHEMA, '');
  return rows;
}

/** Compact YAML flow text of a default value. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z_][\w./-]*$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (isRecord(v)) {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ')} }` : '{}';
  }
  return String(v);
}

