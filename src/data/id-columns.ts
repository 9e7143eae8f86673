/**
 * Columns that identify a row rather than describe it (a student id, a name): every value
 * distinct. Such a column is no feature (each value is new to a model) and no drift signal
 * (every batch is "new categories"). `spm init` lists them in data.id_columns; drift of two
 * files leaves them out.
 */
import { countCodes, type ColumnSummary } from './infer.js';
import type { Table } from './table.js';

/** Names that say "identifier": …_id, … id, StudentID / studentId, id…, uuid, guid, identifier. */
const ID_NAME = /(^|[^A-Za-z])(id|Id|ID)$|[a-z](Id|ID)$|^(id|Id|ID)([^A-Za-z]|$)/; // case matters: 'paid' is no id
const ID_WORD = /^(uuid|guid|identifier)$/i;

/** Fewest values for a text column of distinct values to count as ids without an id-like name (a handful of rows are distinct by chance). */
const MIN_TEXT_IDS = 10;

export const looksLikeIdName = (name: string): boolean => ID_NAME.test(name) || ID_WORD.test(name);

export interface IdColumn {
  readonly name: string;
  /** Why it is taken for an id, as a person reads it. */
  readonly reason: string;
}

/**
 * The id-like columns of a table read as text (every column categorical, as ingest reads it),
 * with `summaries` its inferred types in the same order: every non-missing value distinct, and
 * either an id-like name or text (distinct numbers without such a name are measurements).
 */
export function findIdColumns(table: Table, summaries: readonly ColumnSummary[]): IdColumn[] {
  const ids: IdColumn[] = [];
  table.columns.forEach((column, i) => {
    if (column.kind !== 'categorical') return;
    const { counts, count, nullCount } = countCodes(column.codes, column.dictionary.length, undefined);
    const values = count - nullCount;
    if (values < 2 || counts.some((c) => c > 1)) return;
    const named = looksLikeIdName(column.name);
    if (named) ids.push({ name: column.name, reason: `an id-like name, and its ${values} values are all different` });
    else if (summaries[i]!.type === 'categorical' && values >= MIN_TEXT_IDS) ids.push({ name: column.name, reason: `text whose ${values} values are all different` });
  });
  return ids;
}
