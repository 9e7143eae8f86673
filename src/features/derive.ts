/**
 * Derived features (params.yaml `features.derive: { name: expression }`): numeric columns
 * computed from the feature columns by an expression (src/features/expression: a tokenizer, a
 * Pratt parser and a type check into a typed tree, never eval). The transformer stores the
 * definitions as text and computes them in applyTransformer, the one place every command
 * (train, evaluate, predict, serve, drift) goes through, so a stored model needs only the
 * original columns. A derived column is then imputed, clipped and scaled like any numeric one.
 */
import type { Column, Table } from '../data/table.js';
import { SpmError } from '../errors.js';
import { checkExpression, type ColumnTypes, type Expr } from './expression/check.js';
import { evaluateExpression } from './expression/evaluate.js';
import { parseExpression } from './expression/parse.js';

/** One definition as params and the stored transformer hold it. */
export interface DerivedFeature {
  readonly name: string;
  readonly expression: string;
}

export interface CompiledFeature extends DerivedFeature {
  readonly expr: Expr;
}

/** The param path of a definition, for messages. */
export const derivePath = (name: string): string => `features.derive.${name}`;

/**
 * Parses and checks each definition; `columns` null checks what can be checked without the data
 * (syntax, functions, arity, types of operators), as at params load.
 */
export function compileDerived(defs: readonly DerivedFeature[], columns: ColumnTypes | null): CompiledFeature[] {
  return defs.map((d) => {
    const where = derivePath(d.name);
    return { ...d, expr: checkExpression(parseExpression(d.expression, where), d.expression, where, columns) };
  });
}

/**
 * The definitions of a params map, in name order (as the stage's params slice, whose hash is the
 * version id, holds them): writing them in another order changes neither the id nor the features.
 */
export const derivedList = (derive: Readonly<Record<string, string>> | undefined): DerivedFeature[] =>
  Object.entries(derive ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, expression]) => ({ name, expression }));

/** What the checker may use: the table's feature columns (never the target, ids or dropped ones). */
export function featureColumnTypes(table: Table, featureColumns: readonly string[], defs: readonly DerivedFeature[] = []): ColumnTypes {
  const kinds = new Map(table.columns.filter((c) => featureColumns.includes(c.name)).map((c) => [c.name, c.kind] as const));
  return { typeOf: (name) => kinds.get(name), names: featureColumns, derived: defs.map((d) => d.name) };
}

/** A derived name must not be a column the data has already (`columns`: the data's column names). */
export function refuseCollisions(defs: readonly DerivedFeature[], columns: readonly string[]): void {
  for (const d of defs) {
    if (columns.includes(d.name)) {
      throw new SpmError('PARAMS_INVALID', `${derivePath(d.name)}: '${d.name}' is already a column of the data`, {
        hint: 'give the derived feature a name of its own (e.g. total_quiz)',
      });
    }
  }
}

/**
 * `table` with the derived columns appended (a column of the same name in an input to score is
 * replaced: the model was trained on the computed one). Missing columns and categorical ones
 * are the same user errors as for any feature column (`requireNumeric`).
 */
export function withDerived(table: Table, features: readonly CompiledFeature[], requireNumeric: (table: Table, name: string) => Float64Array): Table {
  if (features.length === 0) return table;
  const names = new Set(features.map((f) => f.name));
  const kept = table.columns.filter((c) => !names.has(c.name));
  const derived = features.map((f): Column => ({
    kind: 'numeric',
    name: f.name,
    values: evaluateExpression(f.expr, (name) => requireNumeric(table, name), table.rowCount),
  }));
  return { rowCount: table.rowCount, columns: [...kept, ...derived] };
}
