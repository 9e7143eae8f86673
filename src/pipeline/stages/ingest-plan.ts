/**
 * Pure decisions of the ingest stage: column roles, the task, the class labels, and the
 * frozen schema, from the inferred column summaries and the params.
 */
import { SpmError } from '../../errors.js';
import type { ColumnSummary } from '../../data/infer.js';
import { compareText, parseNumber } from '../../data/infer.js';
import type { Table } from '../../data/table.js';
import { valueProblem, type ValueProblem } from '../../data/summary-column.js';
import type { ColumnRole, ColumnSchema, Schema } from '../../data/schema.js';
import type { Task } from '../../models/model.js';
import { nearest } from '../../util/nearest.js';
import type { Params } from '../params.js';
import type { Bounds } from '../params-schema.js';

export type { ValueProblem };

/** The data params ingest reads: its slice (data.source is not in it: the files' paths and hashes are). */
export type IngestData = Omit<Params['data'], 'source'>;

/** A numeric target with more distinct values than this is regression under `task: auto`. */
export const AUTO_REGRESSION_DISTINCT = 10;

/**
 * Type inference at ingest (`inferTable` options). A column where at least 95% of the
 * non-missing values are numbers, with at least 20 of them, is numeric: its few other values are
 * typing mistakes ("abc" among scores), and their rows are rejected with "is not a number"
 * instead of turning the whole column categorical. Below that share (or with fewer values) the
 * rule is as before: numeric only when every value is a number.
 */
export const INGEST_INFERENCE = { numericShare: 0.95, minValues: 20 } as const;

export interface SchemaDecision {
  readonly schema: Schema;
  /** Columns listed in data.id_columns / data.drop that the data does not have (reported, not fatal for ids). */
  readonly absentIds: readonly string[];
}

function requireColumn(name: string, header: readonly string[], path: string, file: string): void {
  if (header.includes(name)) return;
  const near = nearest(name, header);
  throw new SpmError('PARAMS_INVALID', `${path}: column '${name}' is not in ${file}${near ? ` — did you mean '${near}'?` : ''}`, {
    hint: `the columns are: ${header.join(', ')}`,
  });
}

/** Class labels in a stable order: numerically when every label is a number, else by text. */
export function sortClasses(labels: readonly string[]): string[] {
  const numeric = labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return [...labels].sort(numeric ? (a, b) => Number(a) - Number(b) : compareText);
}

/** The columns named in the params (target, drop, bounds) must be in the header: checked before reading the rows. */
export function checkParamColumns(data: IngestData, header: readonly string[], file: string): void {
  requireColumn(data.target, header, 'data.target', file);
  for (const d of data.drop) requireColumn(d, header, 'data.drop', file);
  for (const b of Object.keys(data.bounds)) requireColumn(b, header, 'data.bounds', file);
  for (const t of Object.keys(data.types)) requireColumn(t, header, 'data.types', file);
}

export function decideSchema(
  summaries: readonly ColumnSummary[],
  distinctTargetValues: readonly string[],
  data: IngestData,
  file: string,
): SchemaDecision {
  const header = summaries.map((s) => s.name);
  checkParamColumns(data, header, file);
  for (const name of Object.keys(data.bounds)) {
    if (summaries.find((s) => s.name === name)!.type !== 'numeric') {
      throw new SpmError('PARAMS_INVALID', `data.bounds: column '${name}' is not numeric in ${file}, so it cannot have bounds`, {
        hint: `remove '${name}' from data.bounds (bounds apply to numeric columns)`,
      });
    }
  }
  for (const [name, type] of Object.entries(data.types)) {
    // inferTable summarises a declared numeric column with no number at all as categorical.
    if (type === 'numeric' && summaries.find((s) => s.name === name)!.type !== 'numeric') {
      throw new SpmError('COLUMN_TYPE', `data.types: column '${name}' is declared numeric but has no numbers in ${file}`, {
        hint: `declare it categorical (data.types: { ${name}: categorical }) or remove it from data.types`,
      });
    }
  }
  const targetSummary = summaries.find((s) => s.name === data.target)!;
  let task: Task;
  if (data.task === 'auto') {
    task = targetSummary.type === 'numeric' && distinctTargetValues.length > AUTO_REGRESSION_DISTINCT ? 'regression' : 'classification';
  } else {
    task = data.task;
  }
  if (task === 'regression' && targetSummary.type !== 'numeric') {
    throw new SpmError('TARGET_INVALID', `data.target '${data.target}' is not numeric, so it cannot be a regression target`, {
      hint: 'set data.task: classification (or auto)',
    });
  }
  let classes: string[] | undefined;
  let positiveClass: string | null = null;
  if (task === 'classification') {
    classes = sortClasses(distinctTargetValues);
    if (classes.length < 2) {
      throw new SpmError('TARGET_INVALID', `data.target '${data.target}' has only ${classes.length} class (${classes.join(', ') || 'none'}): nothing to classify`, {
        hint: 'check data.target and the data file',
      });
    }
    if (classes.length > 50) {
      throw new SpmError('TARGET_INVALID', `data.target '${data.target}' has ${classes.length} distinct values: too many classes`, {
        hint: 'set data.task: regression for a numeric target',
      });
    }
    if (data.positive_class !== null) {
      positiveClass = String(data.positive_class);
      if (!classes.includes(positiveClass)) {
        throw new SpmError('PARAMS_INVALID', `data.positive_class '${positiveClass}' is not a class of '${data.target}'`, {
          hint: `the classes are: ${classes.join(', ')}`,
        });
      }
    } else if (classes.length === 2) {
      // Like scikit-learn's pos_label default: the greater label (1 of 0/1, Pass of Fail/Pass).
      positiveClass = classes[1]!;
    }
  }
  const ids = new Set(data.id_columns);
  const drop = new Set(data.drop);
  const columns: ColumnSchema[] = summaries.map((s) => withDeclared(s.name, data, columnSchema(s)));
  function columnSchema(s: ColumnSummary): ColumnSchema {
    const role: ColumnRole = s.name === data.target ? 'target' : ids.has(s.name) ? 'id' : drop.has(s.name) ? 'dropped' : 'feature';
    const nullRate = s.count === 0 ? 0 : s.nullCount / s.count;
    if (s.name === data.target && task === 'classification') {
      return { name: s.name, type: 'categorical', role, nullRate, categories: classes! };
    }
    const bounds = data.bounds[s.name];
    if (s.type === 'numeric') return { name: s.name, type: 'numeric', role, nullRate, min: s.min, max: s.max, ...(bounds ? { bounds: [bounds[0], bounds[1]] } : {}) };
    // An id or dropped column's values are never read again: keeping them would copy every
    // student id into schema.json (16 MB at 1,000,000 rows, loaded by every predict).
    if (role === 'id' || role === 'dropped') return { name: s.name, type: 'categorical', role, nullRate };
    return { name: s.name, type: 'categorical', role, nullRate, categories: s.categories.map((c) => c.value) };
  }
  if (!columns.some((c) => c.role === 'feature')) {
    throw new SpmError('NO_FEATURES', `no feature columns are left in ${file} after the target, id_columns and drop`, {
      hint: 'check data.id_columns and data.drop',
    });
  }
  const schema: Schema = {
    format: 'spm.schema',
    version: 1,
    columns,
    target: data.target,
    task,
    ...(classes ? { classes, positiveClass } : {}),
  };
  return { schema, absentIds: data.id_columns.filter((id) => !header.includes(id)) };
}

/** A column's schema, marked `declared` when its type comes from data.types (absent otherwise, so schemas without declarations stay as they were). */
function withDeclared(name: string, data: IngestData, column: ColumnSchema): ColumnSchema {
  return Object.hasOwn(data.types, name) ? { ...column, declared: true } : column;
}

/**
 * Every impossible value in a table of text columns (every column categorical, as ingest reads
 * it): a non-number in a column inferred numeric, a number outside data.bounds. Column by
 * column, rows ascending; each distinct value is judged once, through its code.
 */
export function findValueProblems(table: Table, summaries: readonly ColumnSummary[], bounds: Bounds): ValueProblem[] {
  const problems: ValueProblem[] = [];
  table.columns.forEach((column, i) => {
    const summary = summaries[i]!;
    if (column.kind !== 'categorical' || summary.type !== 'numeric') return;
    const bound = bounds[column.name];
    if (summary.nonNumeric === undefined && bound === undefined) return;
    const verdict = column.dictionary.map((text) => valueProblem(column.name, text, parseNumber(text), bound));
    if (verdict.every((v) => v === undefined)) return;
    const codes = column.codes;
    for (let row = 0; row < codes.length; row++) {
      const v = codes[row]! < 0 ? undefined : verdict[codes[row]!];
      if (v !== undefined) problems.push({ row, ...v });
    }
  });
  return problems;
}
