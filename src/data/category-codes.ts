/**
 * Integer columns that may be category codes (mother's education 0–4, a course code, a region
 * code): read as numbers unless data.types says otherwise, which a person should decide. Ingest
 * flags them with the hint to declare them; `spm init` suggests the declaration.
 */
import type { Schema } from './schema.js';
import type { Table } from './table.js';

/** Fewest and most distinct values of a possible code column: two values (0/1) are the same either way; the most matches task: auto's rule for a class target. */
export const CODES_MIN_DISTINCT = 3;
export const CODES_MAX_DISTINCT = 10;

export interface CategoryCodeHint {
  readonly name: string;
  /** The distinct values, ascending. */
  readonly values: readonly number[];
}

/** The distinct values of `values` (NaN = missing, skipped) when they are all non-negative integers and there are 3 to 10 of them; else undefined. */
export function categoryCodeValues(values: ArrayLike<number>): number[] | undefined {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (!Number.isInteger(v) || v < 0) return undefined;
    seen.add(v);
    if (seen.size > CODES_MAX_DISTINCT) return undefined;
  }
  return seen.size >= CODES_MIN_DISTINCT ? [...seen].sort((a, b) => a - b) : undefined;
}

/** The numeric feature columns of an ingested table, not declared in data.types, that look like category codes. */
export function findCategoryCodes(table: Table, schema: Schema): CategoryCodeHint[] {
  const hints: CategoryCodeHint[] = [];
  for (const column of table.columns) {
    const spec = schema.columns.find((c) => c.name === column.name);
    if (column.kind !== 'numeric' || spec?.role !== 'feature' || spec.declared) continue;
    const values = categoryCodeValues(column.values);
    if (values) hints.push({ name: column.name, values });
  }
  return hints;
}

/** The ingest warning for the hints: which columns, their values, and the declaration to paste. */
export function renderCategoryCodes(hints: readonly CategoryCodeHint[]): string {
  const list = hints.map((h) => `${h.name} (${h.values.length} values: ${h.values.join(', ')})`).join('; ');
  const declare = hints.map((h) => `${h.name}: categorical`).join(', ');
  return `ingest: possibly category codes, read as numbers: ${list}\n  if they are categories, declare them in params.yaml: data.types: { ${declare} }`;
}
