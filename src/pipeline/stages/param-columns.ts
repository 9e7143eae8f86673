/**
 * Columns named in params that evaluate reads beside the model's features (evaluate.sensitive,
 * segments.features): each checked against the frozen schema with one set of rules (the ones
 * the model does not read are read back from the splits with data/schema's nonFeatureSpecs).
 */
import type { ColumnType, Schema } from '../../data/schema.js';
import { SpmError } from '../../errors.js';

export interface ParamColumnsRule {
  /** The params key, e.g. 'segments.features'. */
  readonly key: string;
  readonly type: ColumnType;
  readonly hint: string;
  /** Text after "'x' is the target", "'x' is an id column", and the reason after "'x' is <type>; ". */
  readonly why: { readonly target: string; readonly id: string; readonly type: string };
  /** Hint for a column of the wrong type (default: `hint`). */
  readonly typeHint?: string;
}

/** The named columns, in order, once each is known to exist, to be neither target nor id, and to have the type. */
export function paramColumns(schema: Schema, names: readonly string[], rule: ParamColumnsRule): string[] {
  const fail = (what: string, hint = rule.hint): SpmError => new SpmError('PARAMS_INVALID', `${rule.key}: ${what}`, { hint });
  return names.map((name) => {
    const column = schema.columns.find((c) => c.name === name);
    if (!column) throw fail(`no column '${name}' in the data`);
    if (column.role === 'target') throw fail(`'${name}' is the target${rule.why.target}`);
    if (column.role === 'id') throw fail(`'${name}' is an id column${rule.why.id}`);
    if (column.type !== rule.type) throw fail(`'${name}' is ${column.type}; ${rule.why.type}`, rule.typeHint);
    return name;
  });
}
