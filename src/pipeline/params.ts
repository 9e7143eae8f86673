/**
 * The params file (SPEC §3): parse the YAML safely, apply `-S key.path=value` overrides, validate
 * against PARAMS_SCHEMA, and hand out typed, frozen params plus the keys the user set. All
 * problems are collected as data and rendered once, as one SpmError (zod-style).
 * `parseParamsText` is pure; `loadParams` is the only function here that touches the disk.
 */
import { sortKeys } from '../store/hash.js';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { SpmError, type ErrorCode } from '../errors.js';
import { nearest } from '../util/nearest.js';
import { clip, clipList } from '../util/clip.js';
import type { ThresholdMetric } from '../metrics/threshold.js';
import type { CalibrationMethod } from '../models/calibration.js';
import type { ClassWeightSetting } from '../models/class-weight.js';
import type { RecommendationRule } from '../analysis/recommend.js';
import type { TransformerSettings } from '../features/transformer.js';
import type { SelectMethod } from '../features/select-methods.js';
import type { CsvParams } from '../data/csv-dialect.js';
import {
  isRecord, PARAMS_SCHEMA, showValue,
  type Bounds, type DeclaredTypes, type DriftMethod, type DriftOverrides, type Gates, type LeafSpec, type ModelGrids, type ParamsFromSchema, type ParamsIssue, type Spec, type TrainMetric,
} from './params-schema.js';

export interface Params {
  readonly data: {
    /** Always a list (a single path in the file becomes a one-element list). */
    readonly source: readonly string[];
    readonly sheet: string | number | null;
    readonly target: string;
    readonly task: 'auto' | 'regression' | 'classification';
    readonly positive_class: string | number | null;
    readonly id_columns: readonly string[];
    readonly drop: readonly string[];
    /** column → [min, max]; either end null. */
    readonly bounds: Bounds;
    /** column → declared type (data.types), overriding inference. */
    readonly types: DeclaredTypes;
    /** The dialect of data.source: each part found from the file when auto. */
    readonly csv: CsvParams;
  };
  readonly split: { readonly test_size: number; readonly seed: number; readonly stratify: 'auto' | boolean };
  /** Exactly the settings fitTransformer takes. */
  readonly features: {
    readonly derive: Readonly<Record<string, string>>;
    readonly select: { readonly method: 'none' | SelectMethod; readonly top_k: number };
  };
  readonly transform: TransformerSettings;
  readonly train: {
    readonly metric: TrainMetric;
    readonly cv: { readonly folds: number; readonly seed: number };
    /** auto: unweighted, and also balanced when the metric rewards minority classes (macro F1, balanced accuracy). */
    readonly class_weight: ClassWeightSetting;
    readonly calibration: CalibrationMethod;
    readonly jobs: 'auto' | number;
    /** Always the map form, in the user's order; a user-given map replaces the default one. */
    readonly models: ModelGrids;
  };
  readonly evaluate: {
    /** metric → condition, normalised to "<op> <number>" (parse with parseGateCondition). */
    readonly gates: Gates;
    readonly threshold: number | ThresholdMetric;
    readonly permutation_repeats: number;
    /** 'auto': the demographic columns present; or the columns named. */
    readonly sensitive: 'auto' | readonly string[];
  };
  readonly drift: {
    readonly threshold: 'auto' | number;
    readonly share: number;
    readonly methods: DriftOverrides<DriftMethod>;
    readonly thresholds: DriftOverrides<number>;
    readonly correction: 'none' | 'bonferroni' | 'fdr';
  };
  readonly segments: {
    readonly features: readonly string[];
    readonly k: 'auto' | number;
    readonly seed: number;
    readonly favourable: string | number | null;
    readonly names: readonly string[];
    readonly recommendations: readonly RecommendationRule[];
  };
  readonly predict: { readonly record: boolean };
  readonly monitor: { readonly gates: Gates };
  readonly artifacts: { readonly dir: string };
}

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// Compile-time proof that the hand-written Params is exactly what the schema validates to.
true satisfies Same<Params, ParamsFromSchema>;

export interface LoadedParams {
  readonly params: Params;
  /** Absolute path of the params file. */
  readonly file: string;
  /** Its directory: relative paths in the params resolve against it. */
  readonly dir: string;
  /** Dotted paths the user set (file or -S), e.g. 'evaluate.gates', 'train.cv.folds', and their sections ('train'). */
  readonly explicit: ReadonlySet<string>;
}

const MAX_ALIASES = 100;
const DEFAULT_HINT = "see README 'Params' for every key, its type and its default";
const MINIMAL_HINT = 'a minimal params file:\n  data:\n    source: data/students.csv\n    target: math_score';
const OVERRIDE_HINT = "e.g. -S train.cv.folds=10; the value is YAML: -S 'train.models=[linear, ridge]'";

const join = (at: string, key: string): string => (at ? `${at}.${key}` : key);

/**
 * Parses, overrides and validates params text. Pure apart from resolving a relative `file`
 * against the working directory: `file` only names the source in messages and anchors paths.
 */
export function parseParamsText(text: string, file: string, overrides: readonly string[]): LoadedParams {
  const label = basename(file);
  const parsed = parseYaml(text, label, (line, col, msg) => `YAML syntax error in ${label} at line ${line}, column ${col}: ${msg}`);
  if (!parsed.ok) fail('PARAMS_YAML', parsed.issues, label);
  let raw = parsed.value ?? {};
  if (!isRecord(raw)) {
    fail('PARAMS_INVALID', [{
      path: '',
      message: `${label} must be a YAML mapping of sections (data:, split:, train:, …), got ${showValue(raw)}`,
      hint: MINIMAL_HINT,
    }], label);
  }
  const overrideIssues: ParamsIssue[] = [];
  const applied: { path: string; expr: string }[] = [];
  for (const expr of overrides) {
    const planned = planOverride(expr);
    if ('issue' in planned) overrideIssues.push(planned.issue);
    else {
      raw = setPath(raw, planned.segments, planned.value);
      applied.push({ path: planned.segments.join('.'), expr });
    }
  }
  if (overrideIssues.length) fail('USAGE', overrideIssues, '-S options');
  const sourceOf = (at: string): string => {
    const hit = applied.filter((a) => at === a.path || at.startsWith(`${a.path}.`)).pop();
    return hit ? `-S ${hit.expr}` : label;
  };
  const { params, issues, explicit } = validateParams(raw, sourceOf);
  if (issues.length) fail('PARAMS_INVALID', issues, label);
  const abs = isAbsolute(file) ? file : resolve(file);
  return { params, file: abs, dir: dirname(abs), explicit };
}

/**
 * The params document as the loader reads it (plain objects, before validation); undefined when
 * it is not YAML. For tools that judge the same value another way (params.schema.json's test).
 */
export function parseParamsYaml(text: string): { readonly value: unknown } | undefined {
  const parsed = parseYaml(text, 'params.yaml', () => '');
  return parsed.ok ? { value: parsed.value ?? {} } : undefined;
}

/** Reads the params file, then parseParamsText. The I/O edge. */
export async function loadParams(file: string, overrides: readonly string[]): Promise<LoadedParams> {
  const abs = resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new SpmError('PARAMS_NOT_FOUND', `params file not found: ${file}`, { hint: "create one (see README 'Params') or pass -p FILE" });
    }
    throw new SpmError('PARAMS_UNREADABLE', `cannot read params file ${file}: ${code ?? String(e)}`, { hint: 'pass a readable YAML file with -p FILE', cause: e });
  }
  return parseParamsText(text, abs, overrides);
}

/**
 * Validates a raw (parsed, overridden) params object against the schema. Issues are returned
 * as data; `params` is only meaningful when there are none. `sourceOf` names where a key came
 * from, for "unknown key … in <source>".
 */
export function validateParams(
  raw: unknown,
  sourceOf: (path: string) => string = () => 'params.yaml',
): { params: Params; issues: ParamsIssue[]; explicit: ReadonlySet<string> } {
  const issues: ParamsIssue[] = [];
  const explicit = new Set<string>();
  const walk = (spec: Spec, value: unknown, at: string): unknown => {
    if (spec.kind === 'leaf') return checkLeaf(spec, value, at, issues, explicit);
    let given: Record<string, unknown> = {};
    if (value !== undefined && value !== null) {
      if (!isRecord(value)) {
        const keys = Object.keys(spec.fields).join(', ');
        issues.push({ path: at, message: `${at}: expected a map with keys ${keys}, got ${showValue(value)}` });
        return undefined;
      }
      given = value;
      if (at) explicit.add(at);
    }
    const names = Object.keys(spec.fields);
    for (const key of Object.keys(given)) {
      if (!names.includes(key)) issues.push(unknownKey(at, key, names, sourceOf(join(at, key))));
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(spec.fields)) out[key] = walk(child, given[key], join(at, key));
    return out;
  };
  const validated = walk(PARAMS_SCHEMA, raw, '') as ParamsFromSchema;
  const params: Params = validated;
  return { params: deepFreeze(params), issues, explicit };
}

function checkLeaf(spec: LeafSpec<unknown>, value: unknown, at: string, issues: ParamsIssue[], explicit: Set<string>): unknown {
  if (value === undefined) {
    if (spec.required) issues.push({ path: at, message: `${at} is required`, hint: MINIMAL_HINT });
    return spec.default;
  }
  explicit.add(at);
  const result = spec.check(value, at);
  if (result.ok) return result.value;
  // One by one: a spread of 150,000 issues overflows the stack.
  if (result.issues) for (const issue of result.issues) issues.push(issue);
  else {
    const dym = result.suggest === undefined ? '' : ` — did you mean '${result.suggest}'?`;
    issues.push({ path: at, message: `${at}: expected ${spec.expected}, got ${showValue(value)}${dym}` });
  }
  return undefined;
}

/** Every dotted path in the schema, for suggesting a key the user put at the wrong level. */
function allPaths(spec: Spec = PARAMS_SCHEMA, at = ''): string[] {
  if (spec.kind === 'leaf') return [at];
  return Object.entries(spec.fields).flatMap(([k, child]) => [join(at, k), ...(child.kind === 'map' ? allPaths(child, join(at, k)) : [])]);
}

function unknownKey(at: string, key: string, names: readonly string[], source: string): ParamsIssue {
  const near = nearest(key, names);
  const elsewhere = allPaths().filter((p) => p.split('.').pop()?.toLowerCase() === key.toLowerCase());
  const suggestion = near !== undefined ? join(at, near) : elsewhere.length === 1 ? elsewhere[0] : undefined;
  return {
    path: join(at, key),
    message: `unknown key '${clip(join(at, key))}' in ${clip(source)}${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
    hint: at ? `valid keys under '${clip(at)}': ${clipList(names)}` : `valid top-level keys: ${clipList(names)}`,
  };
}

/** Problems listed in one message; the rest are counted ("… and 1,234 more"). */
const MAX_ISSUES = 20;

function fail(code: ErrorCode, issues: readonly ParamsIssue[], label: string): never {
  const only = issues.length === 1 ? issues[0] : undefined;
  // An error code of the issues' own (EXPRESSION_INVALID) when all of them share it.
  const own = issues[0]?.code;
  if (own && issues.every((i) => i.code === own)) code = own;
  if (only) throw new SpmError(code, clip(only.message, 1000), { hint: clip(only.hint ?? DEFAULT_HINT, 1000) });
  const shown = issues.slice(0, MAX_ISSUES).map((i) => `  - ${clip(i.message, 300)}`);
  if (issues.length > MAX_ISSUES) shown.push(`  … and ${(issues.length - MAX_ISSUES).toLocaleString('en-US')} more`);
  const hints = [...new Set(issues.slice(0, MAX_ISSUES).map((i) => i.hint).filter((h): h is string => h !== undefined))].slice(0, 5);
  throw new SpmError(code, `${issues.length.toLocaleString('en-US')} problems in ${label}:\n${shown.join('\n')}`, {
    hint: hints.length ? hints.map((h) => clip(h, 300)).join('\n') : DEFAULT_HINT,
  });
}

// ---- YAML ----

type Parsed = { ok: true; value: unknown } | { ok: false; issues: readonly [ParamsIssue, ...ParamsIssue[]] };
/** Words a YAML problem at (line, column) with the library's message. */
type Where = (line: number, col: number, message: string) => string;

/**
 * YAML 1.2 core schema (no custom tags, no merge keys), duplicate keys rejected, and alias
 * expansion capped so a "billion laughs" document fails at once instead of eating memory.
 */
function parseYaml(text: string, label: string, where: Where): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const issueOf = (e: YAMLError): ParamsIssue => {
    const { line, col } = lines.linePos(e.pos[0]);
    const source = text.split(/\r?\n/)[line - 1] ?? '';
    return {
      path: '',
      message: where(line, col, e.message),
      hint: /:\s*[>|]\s*[=\d]/.test(source) ? 'quote gate conditions: r2: ">= 0.80" (a bare > starts a YAML block)' : 'fix the YAML at that line (indentation, brackets, quotes)',
    };
  };
  const [first, ...more] = doc.errors;
  if (first) return { ok: false, issues: [issueOf(first), ...more.map(issueOf)] };
  try {
    return { ok: true, value: mapsToRecords(doc.toJS({ maxAliasCount: MAX_ALIASES, mapAsMap: true })) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const bomb = /alias count/i.test(message);
    return {
      ok: false,
      issues: [{
        path: '',
        message: bomb
          ? `${label}: YAML aliases expand too much (more than ${MAX_ALIASES} references); refusing to load it`
          : `YAML error in ${label}: ${message}`,
        hint: bomb ? 'write the values out instead of nesting aliases (*name)' : 'fix the YAML and run again',
      }],
    };
  }
}

/**
 * YAML Maps → records (own properties, so a key like __proto__ is just an unknown key). A
 * value an alias (*name) repeats is one object in the parsed document: it is converted once and
 * shared, so 99 aliases of a large list cost one list, not 99 copies.
 */
function mapsToRecords(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (v === null || typeof v !== 'object') return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  let out: unknown;
  if (v instanceof Map) {
    const obj: Record<string, unknown> = {};
    for (const [k, x] of v) {
      const key = typeof k === 'object' && k !== null ? JSON.stringify(mapsToRecords(k, seen)) : String(k);
      Object.defineProperty(obj, key, { value: mapsToRecords(x, seen), enumerable: true, writable: true, configurable: true });
    }
    out = obj;
  } else out = Array.isArray(v) ? v.map((x) => mapsToRecords(x, seen)) : v;
  seen.set(v, out);
  return out;
}

// ---- -S overrides ----

type Planned = { segments: string[]; value: unknown } | { issue: ParamsIssue };

const GATE_LIKE = /^\s*(>=|<=|==|>|<)/;

function planOverride(expr: string): Planned {
  const eq = expr.indexOf('=');
  const key = eq < 0 ? '' : expr.slice(0, eq).trim();
  const segments = key.split('.');
  if (eq <= 0 || segments.some((s) => s === '' || /\s/.test(s))) {
    return { issue: { path: key, message: `-S expects key.path=value, got '${clip(expr)}'`, hint: OVERRIDE_HINT } };
  }
  const keyIssue = checkOverridePath(segments, `-S ${expr}`);
  if (keyIssue) return { issue: keyIssue };
  const text = expr.slice(eq + 1);
  // A gate condition such as ">= 0.9" is not valid YAML unquoted; take it as the string it is.
  if (GATE_LIKE.test(text)) return { segments, value: text.trim() };
  const parsed = parseYaml(text, `-S ${key}`, (_line, col, msg) => `-S ${key}: the value is not valid YAML (at character ${col}: ${msg})`);
  if (!parsed.ok) return { issue: { ...parsed.issues[0], path: key, hint: OVERRIDE_HINT } };
  return { segments, value: parsed.value };
}

/** An unknown key in a `-S` path, as an issue (undefined when the path exists). */
function checkOverridePath(segments: readonly string[], source: string): ParamsIssue | undefined {
  let spec: Spec = PARAMS_SCHEMA;
  let leafAt = -1;
  for (const [i, segment] of segments.entries()) {
    const at = segments.slice(0, i).join('.');
    if (spec.kind === 'map') {
      const names = Object.keys(spec.fields);
      const field: Spec | undefined = Object.hasOwn(spec.fields, segment) ? spec.fields[segment] : undefined;
      if (field === undefined) return unknownKey(at, segment, names, source);
      spec = field;
      if (spec.kind === 'leaf') leafAt = i;
      continue;
    }
    const allowed = spec.subKeys?.[i - leafAt - 1];
    if (allowed === undefined) {
      return { path: segments.join('.'), message: `cannot set '${segments.join('.')}' in ${source}: '${at}' takes a value, not keys below it`, hint: OVERRIDE_HINT };
    }
    if (allowed !== null && !allowed.includes(segment)) return unknownKey(at, segment, allowed, source);
  }
  return undefined;
}

/** The leaf spec whose path is exactly `segments`, if any. */
function leafSpecAt(segments: readonly string[]): LeafSpec<unknown> | undefined {
  let spec: Spec = PARAMS_SCHEMA;
  for (const s of segments) {
    const field: Spec | undefined = spec.kind === 'map' && Object.hasOwn(spec.fields, s) ? spec.fields[s] : undefined;
    if (field === undefined) return undefined;
    spec = field;
  }
  return spec.kind === 'leaf' ? spec : undefined;
}

/**
 * Returns a copy of `raw` with `value` at `segments`, creating missing maps. Going below a
 * map-valued leaf (train.models, evaluate.gates) starts from its current value in map form, or
 * from its default, so `-S train.models.ridge.alpha=[1]` changes one grid and keeps the rest.
 */
function setPath(raw: unknown, segments: readonly string[], value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = isRecord(raw) ? { ...raw } : {};
  const key = segments.at(-1);
  if (key === undefined) throw new Error('setPath: an empty key path');
  let node = root;
  for (const [i, segment] of segments.slice(0, -1).entries()) {
    let child: unknown = Object.hasOwn(node, segment) ? node[segment] : undefined;
    const spec = leafSpecAt(segments.slice(0, i + 1));
    if (spec) {
      const current = spec.check(child ?? spec.default, segments.slice(0, i + 1).join('.'));
      if (current.ok) child = structuredClone(current.value);
    }
    const next: Record<string, unknown> = isRecord(child) ? { ...child } : {};
    define(node, segment, next);
    node = next;
  }
  define(node, key, value);
  return root;
}

const define = (obj: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Applies one `-S key.path=value` (value parsed as YAML) to a raw params object; returns a copy. */
export function applyOverride(raw: unknown, expr: string): unknown {
  const planned = planOverride(expr);
  if ('issue' in planned) throw new SpmError('USAGE', planned.issue.message, { hint: planned.issue.hint });
  return setPath(raw, planned.segments, planned.value);
}

// ---- slices, flattening, paths ----

/**
 * The params a stage depends on, e.g. ['data.target', 'split'] → { data: { target }, split },
 * as JSON data with every map's keys sorted, so equal params hash equally.
 */
export function paramsSlice(params: Params, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const segments = key.split('.');
    let value: unknown = params;
    for (const s of segments) value = isRecord(value) && Object.hasOwn(value, s) ? value[s] : undefined;
    if (value === undefined) throw new Error(`paramsSlice: '${key}' is not a params key`);
    let node = out;
    for (const s of segments.slice(0, -1)) {
      if (!isRecord(node[s])) node[s] = {};
      node = node[s] as Record<string, unknown>;
    }
    node[segments.at(-1)!] = value; // split gives at least one segment
  }
  return sortKeys(out) as Record<string, unknown>;
}


/** {'train.cv.folds': 5, 'data.drop': [], 'train.models.linear': {}, …}: lists and empty maps are leaves. */
export function flattenParams(obj: unknown, prefix = ''): Record<string, unknown> {
  if (isRecord(obj) && Object.keys(obj).length > 0) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      for (const [path, leaf] of Object.entries(flattenParams(v, join(prefix, k)))) define(out, path, leaf);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  if (prefix) define(out, prefix, obj);
  return out;
}

/** A path from the params (data.source, artifacts.dir, …) resolved against the params file's directory. */
export function resolveDataPath(loaded: LoadedParams, p: string): string {
  return resolve(loaded.dir, p);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
