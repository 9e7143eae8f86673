/**
 * The columns drift compares when there is no model (two files): inferred from the reference
 * file by ingest's rules (its numeric share, data.types, data.bounds), ids and dropped columns
 * left out. Pure: the reference read as text in, column schemas out.
 */
import { SpmError } from '../errors.js';
import { nearest } from '../util/nearest.js';
import { findIdColumns } from './id-columns.js';
import { inferTable, type InferOptions } from './infer.js';
import type { ColumnSchema, ColumnType } from './schema.js';
import type { Table } from './table.js';

export interface ReferenceParams {
  readonly types: Readonly<Record<string, ColumnType>>;
  readonly bounds: Readonly<Record<string, readonly [number | null, number | null]>>;
  readonly id_columns: readonly string[];
  readonly drop: readonly string[];
  /** The target (data.target of a params file) when the reference has it: compared as the target; null without a params file. */
  readonly target: string | null;
}

export interface ReferenceSchema {
  /** Features, then the target (role 'target') when the reference has it. */
  readonly columns: readonly ColumnSchema[];
  readonly target: string | null;
  /** Columns not compared, with why. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/** `text`: the reference with every column categorical (codes of its texts); `inference`: ingest's rule (INGEST_INFERENCE). */
export function referenceSchema(text: Table, params: ReferenceParams, inference: InferOptions, file: string): ReferenceSchema {
  const header = text.columns.map((c) => c.name);
  for (const name of [...Object.keys(params.types), ...Object.keys(params.bounds), ...params.drop]) {
    if (header.includes(name)) continue;
    const near = nearest(name, header);
    const key = Object.hasOwn(params.types, name) ? 'data.types' : Object.hasOwn(params.bounds, name) ? 'data.bounds' : 'data.drop';
    throw new SpmError('PARAMS_INVALID', `${key}: column '${name}' is not in ${file}${near ? ` — did you mean '${near}'?` : ''}`, { hint: `the columns are: ${header.join(', ')}` });
  }
  const summaries = inferTable(text, { ...inference, types: header.map((name) => (Object.hasOwn(params.types, name) ? params.types[name] : undefined)) });
  const target = params.target !== null && header.includes(params.target) ? params.target : null;
  const skipped: { name: string; reason: string }[] = [];
  for (const name of header) {
    if (name === target) continue;
    if (params.id_columns.includes(name)) skipped.push({ name, reason: 'data.id_columns' });
    else if (params.drop.includes(name)) skipped.push({ name, reason: 'data.drop' });
  }
  for (const id of findIdColumns(text, summaries)) {
    if (id.name !== target && !skipped.some((s) => s.name === id.name)) skipped.push({ name: id.name, reason: `an id: ${id.reason}` });
  }
  const columns = summaries
    .filter((s) => !skipped.some((x) => x.name === s.name))
    .map((s): ColumnSchema => {
      const role = s.name === target ? 'target' : 'feature';
      const nullRate = s.count === 0 ? 0 : s.nullCount / s.count;
      if (s.type === 'categorical') return { name: s.name, type: 'categorical', role, nullRate, categories: s.categories.map((c) => c.value) };
      const bounds = params.bounds[s.name];
      return { name: s.name, type: 'numeric', role, nullRate, min: s.min, max: s.max, ...(bounds ? { bounds: [bounds[0], bounds[1]] } : {}) };
    });
  // The target last, as the model's schema orders roles for drift (features, then target).
  const ordered = [...columns.filter((c) => c.role === 'feature'), ...columns.filter((c) => c.role === 'target')];
  if (!ordered.some((c) => c.role === 'feature')) {
    throw new SpmError('NO_FEATURES', `no column of ${file} is left to compare after ids and dropped columns`, { hint: 'check data.id_columns and data.drop' });
  }
  return { columns: ordered, target, skipped };
}
