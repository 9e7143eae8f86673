/**
 * The schema frozen at ingest (schema.json) and enforced at transform, predict and drift.
 */
import { isRecord } from '../util/guards.js';
import { SpmError } from '../errors.js';
import type { Task } from '../models/model.js';
import type { ColumnSpec } from './to-table.js';

export type ColumnType = 'numeric' | 'categorical';
export type ColumnRole = 'feature' | 'target' | 'id' | 'dropped';

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  readonly role: ColumnRole;
  /** Share of missing values in the ingested data (0..1). */
  readonly nullRate: number;
  /** Categorical: the categories seen at ingest, sorted. */
  readonly categories?: readonly string[];
  /** Numeric: range seen at ingest. */
  readonly min?: number;
  readonly max?: number;
  /** Numeric: the possible values from data.bounds [min, max] (null: open); a value outside rejects its row. */
  readonly bounds?: readonly [number | null, number | null];
  /** The type was declared in data.types rather than inferred. */
  readonly declared?: true;
}

export interface Schema {
  readonly format: 'spm.schema';
  readonly version: 1;
  readonly columns: readonly ColumnSchema[];
  readonly target: string;
  readonly task: Task;
  /** Classification: class labels in index order (index = class index used by models). */
  readonly classes?: readonly string[];
  /** Binary classification: the class `probability` refers to. */
  readonly positiveClass?: string | null;
}

/** Tokens read as a missing value in any column. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);

export const featureColumns = (schema: Schema): ColumnSchema[] =>
  schema.columns.filter((c) => c.role === 'feature');

/**
 * Column specs for reading data under a schema: features and the target (unless `withTarget`
 * is false), never ids or dropped columns; categories as fixed dictionaries, bounds carried.
 */
export function columnSpecsOf(schema: Pick<Schema, 'columns'>, options: { withTarget?: boolean } = {}): ColumnSpec[] {
  return schema.columns
    .filter((c) => c.role === 'feature' || (c.role === 'target' && options.withTarget !== false))
    .map((c): ColumnSpec => {
      if (c.type === 'categorical') return { name: c.name, type: c.type, dictionary: c.categories ?? [] };
      return c.bounds ? { name: c.name, type: c.type, bounds: c.bounds } : { name: c.name, type: c.type };
    });
}

/** Specs to read the named columns that are not features (dropped ones): categories open, numbers unbounded. */
export function nonFeatureSpecs(schema: Schema, names: readonly string[]): ColumnSpec[] {
  return names
    .map((name) => schema.columns.find((c) => c.name === name)!)
    .filter((c) => c.role !== 'feature')
    .map((c) => (c.type === 'categorical' ? { name: c.name, type: c.type, dictionary: [] } : { name: c.name, type: c.type }));
}

/** Binary classification: the index of the positive class among schema.classes; otherwise undefined. */
export function positiveIndexOf(schema: Schema): number | undefined {
  if (!schema.positiveClass || !schema.classes) return undefined;
  const i = schema.classes.indexOf(schema.positiveClass);
  return i >= 0 ? i : undefined;
}

const isBound = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && v.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x))) &&
  (v[0] === null || v[1] === null || (v[0] as number) <= (v[1] as number));


/** Checks a schema.json read back from the store (STYLE 6: parsed JSON is unknown until validated). */
export function validateSchema(value: unknown, where: string): Schema {
  const problems: string[] = [];
  if (!isRecord(value) || value.format !== 'spm.schema' || value.version !== 1) {
    problems.push('not an spm schema (format/version)');
  } else {
    if (!Array.isArray(value.columns) || value.columns.length === 0) problems.push('columns missing');
    else {
      for (const c of value.columns as unknown[]) {
        if (!isRecord(c) || typeof c.name !== 'string' || (c.type !== 'numeric' && c.type !== 'categorical')) problems.push('a column lacks name or type');
        else if (!['feature', 'target', 'id', 'dropped'].includes(c.role as string)) problems.push(`column ${c.name}: bad role`);
        else if (c.categories !== undefined && (!Array.isArray(c.categories) || !c.categories.every((x) => typeof x === 'string'))) problems.push(`column ${c.name}: bad categories`);
        else if (c.bounds !== undefined && !isBound(c.bounds)) problems.push(`column ${c.name}: bad bounds`);
      }
    }
    if (typeof value.target !== 'string') problems.push('target missing');
    if (value.task !== 'regression' && value.task !== 'classification') problems.push('task missing');
    if (value.task === 'classification' && (!Array.isArray(value.classes) || value.classes.length < 2)) problems.push('classes missing');
  }
  if (problems.length) {
    throw new SpmError('ARTIFACT_CORRUPT', `${where} is not a valid schema: ${problems.join('; ')}`, { hint: 'rebuild it with `spm ingest --force`' });
  }
  return value as unknown as Schema;
}
