/**
 * features.derive against the data's columns when params load, before any stage runs: what
 * the data.source header says (the feature columns: every column but data.target,
 * data.id_columns and data.drop) and what is certain of the columns' types (data.types, or the
 * types ingest's inference gives when the whole file was read). Pure: the header and the types
 * are read by the caller (pipeline/derive-source.ts). Transform checks again against the
 * ingested schema, where every type is known; the messages are the same (check.ts).
 */
import { columnsOf } from './expression/check.js';
import { compileDerived, refuseCollisions, type DerivedFeature } from './derive.js';

type ColumnType = 'numeric' | 'categorical';

/** The columns' roles and declared types, as params give them (Params['data']). */
export interface DeriveRoles {
  readonly target: string;
  readonly id_columns: readonly string[];
  readonly drop: readonly string[];
  readonly types: Readonly<Record<string, ColumnType>>;
}

/** What is read of the data before it is ingested. */
export interface SourceColumns {
  /** The first data.source file's header. */
  readonly header: readonly string[];
  /** The types ingest will give, of the columns where that is certain already (may be empty). */
  readonly types: ReadonlyMap<string, ColumnType>;
}

/** The columns the definitions read (each parsed; a syntax error is the params' own issue). */
export function derivedInputs(defs: readonly DerivedFeature[]): string[] {
  return [...new Set(compileDerived(defs, null).flatMap((d) => columnsOf(d.expr)))];
}

/**
 * Refuses (SpmError, as transform would) a derived name that is a feature column or the target,
 * a column that is no feature column, and a categorical column in an expression when its type is
 * certain (data.types first, as at ingest).
 */
export function checkDerivedColumns(defs: readonly DerivedFeature[], roles: DeriveRoles, source: SourceColumns): void {
  const ids = new Set(roles.id_columns);
  const drop = new Set(roles.drop);
  // transform's table: the feature columns and the target (a derived column may replace an id or dropped one)
  refuseCollisions(defs, source.header.filter((name) => !ids.has(name) && !drop.has(name)));
  const features = source.header.filter((name) => name !== roles.target && !ids.has(name) && !drop.has(name));
  const typeOf = (name: string): ColumnType | null | undefined => {
    if (!features.includes(name)) return undefined;
    return (Object.hasOwn(roles.types, name) ? roles.types[name] : undefined) ?? source.types.get(name) ?? null;
  };
  compileDerived(defs, { typeOf, names: features, derived: defs.map((d) => d.name) });
}
