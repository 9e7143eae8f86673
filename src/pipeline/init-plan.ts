/**
 * `spm init`'s decisions (pure): from a data file read as text (every column categorical, as
 * ingest reads it), what params.yaml should say — the target, the task, ids, declared types,
 * the positive class, a gate and the sensitive columns — each with the reason a person reads.
 * init-yaml.ts writes them as a commented params file; the command only reads and writes.
 */
import { categoryCodeValues } from '../data/category-codes.js';
import { findIdColumns } from '../data/id-columns.js';
import { countCodes, inferTable, parseNumber, type ColumnSummary } from '../data/infer.js';
import type { Table } from '../data/table.js';
import { SpmError } from '../errors.js';
import { DEMOGRAPHIC_COLUMNS } from '../metrics/fairness.js';
import { nearest } from '../util/nearest.js';
import { AUTO_REGRESSION_DISTINCT, INGEST_INFERENCE, sortClasses } from './stages/ingest-plan.js';

/** How the reader read the file, when not the defaults (comma, UTF-8, …): written as data.csv. */
export type DialectSettings = Readonly<Record<string, string>>;

export interface InitInput {
  /** data.source as written: the file relative to the params file. */
  readonly source: string;
  /** The file's name in messages. */
  readonly file: string;
  /** The file read as text. */
  readonly table: Table;
  /** --target, if given. */
  readonly target?: string;
  /** What the reader detected that differs from its defaults (none today: see text-table.ts). */
  readonly dialect?: DialectSettings;
}

export interface Decision {
  /** The params key it sets, e.g. 'data.target'. */
  readonly key: string;
  readonly value: unknown;
  readonly reason: string;
}

export interface InitPlan {
  readonly source: string;
  readonly target: string;
  readonly task: 'regression' | 'classification';
  readonly classes: readonly string[] | null;
  readonly idColumns: readonly string[];
  readonly types: Readonly<Record<string, 'categorical'>>;
  readonly positiveClass: string | null;
  readonly gate: { readonly metric: string; readonly condition: string };
  readonly sensitive: readonly string[];
  readonly dialect: DialectSettings;
  /** Every decision with its reason, in the order of the params file. */
  readonly decisions: readonly Decision[];
}

/** Words that name an outcome, strongest first: a column named with an earlier word is the better guess. */
const TARGET_WORDS = ['target', 'label', 'outcome', 'result', 'pass', 'passed', 'grade', 'final', 'score', 'g3'] as const;
/** Class labels that mean "needs help": the positive class `probability` should refer to. */
const AT_RISK_WORDS = ['fail', 'failed', 'failing', 'fails', 'risk', 'at risk', 'at-risk', 'at_risk', 'dropout', 'dropped', 'dropped out', 'drop', 'withdrawn', 'withdrew', 'repeat', 'no', 'not passed'] as const;
/** Words in a column name that mark a protected or socio-economic attribute (beside DEMOGRAPHIC_COLUMNS). */
const SENSITIVE_WORDS = ['gender', 'sex', 'race', 'ethnicity', 'ethnic', 'nationality', 'nation', 'citizenship', 'disability', 'disabled', 'religion', 'immigrant', 'migrant', 'migration', 'lunch'] as const;

/** A column name's words, lower case: 'Final_Result' → final, result; 'mathScore' → math, score. */
export function nameWords(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** The gate per task and why (SPEC §3 gates; thresholds that a useful model clears and a useless one does not). */
function gateFor(task: 'regression' | 'classification', k: number): { metric: string; condition: string; reason: string } {
  if (task === 'regression') return { metric: 'r2', condition: '>= 0.5', reason: 'r2 ≥ 0.5: the model explains at least half the variance of the target (0 is the mean\'s score)' };
  if (k === 2) return { metric: 'roc_auc', condition: '>= 0.7', reason: 'roc_auc ≥ 0.7: the model ranks a random positive above a random negative 7 times in 10 (0.5 is chance)' };
  const chance = 1 / k;
  const bar = Math.min(0.9, Math.round((chance + 0.2) * 100) / 100);
  return { metric: 'balanced_accuracy', condition: `>= ${bar}`, reason: `balanced_accuracy ≥ ${bar}: 0.2 above chance (1/${k} = ${chance.toFixed(2)} for ${k} classes)` };
}

/** Plans the params for a file. SpmErrors: one column, an unknown --target. */
export function planInit(input: InitInput): InitPlan {
  const { table, file } = input;
  const header = table.columns.map((c) => c.name);
  if (header.length < 2) {
    throw new SpmError('NO_FEATURES', `${file} has one column ('${header[0] ?? ''}'): a target and at least one feature are needed`, {
      hint: 'check that the file is a table with a header row, its fields separated by commas',
    });
  }
  const summaries = inferTable(table, INGEST_INFERENCE);
  const ids = findIdColumns(table, summaries).filter((id) => id.name !== input.target);
  const idNames = new Set(ids.map((id) => id.name));
  const decisions: Decision[] = [{ key: 'data.source', value: input.source, reason: `the file given, relative to the params file` }];
  for (const [key, value] of Object.entries(input.dialect ?? {})) decisions.push({ key: `data.csv.${key}`, value, reason: 'detected by the reader (not the default)' });

  const target = chooseTarget(input.target, header, idNames, file);
  decisions.push({ key: 'data.target', value: target.name, reason: target.reason });
  const targetAt = header.indexOf(target.name);
  const targetSummary = summaries[targetAt]!;
  const targetColumn = table.columns[targetAt]!;
  const distinct = distinctValues(targetColumn);
  const task = targetSummary.type === 'numeric' && distinct.length > AUTO_REGRESSION_DISTINCT ? 'regression' : 'classification';
  decisions.push({
    key: 'data.task',
    value: task,
    reason: task === 'regression' ? `numeric with ${distinct.length} distinct values (> ${AUTO_REGRESSION_DISTINCT})` : `${distinct.length} distinct values (${clipList(sortClasses(distinct))})`,
  });
  const classes = task === 'classification' ? sortClasses(distinct) : null;

  const positive = classes?.length === 2 ? positiveClass(classes, targetColumn) : null;
  if (positive) decisions.push({ key: 'data.positive_class', value: positive.label, reason: positive.reason });
  decisions.push({ key: 'data.id_columns', value: ids.map((id) => id.name), reason: ids.length ? ids.map((id) => `${id.name}: ${id.reason}`).join('; ') : 'no column of all-different values' });

  const types: Record<string, 'categorical'> = {};
  const codeReasons: string[] = [];
  summaries.forEach((s, i) => {
    if (s.type !== 'numeric' || s.name === target.name || idNames.has(s.name)) return;
    const values = categoryCodeValues(numbersOf(table, i));
    if (!values) return;
    types[s.name] = 'categorical';
    codeReasons.push(`${s.name}: ${values.length} integer values (${values.join(', ')})`);
  });
  const sensitive = sensitiveColumns(summaries, target.name, idNames, types, table);
  for (const name of sensitive.declare) {
    types[name] = 'categorical';
    codeReasons.push(`${name}: a sensitive column coded as numbers, so fairness can compare its groups`);
  }
  if (codeReasons.length) decisions.push({ key: 'data.types', value: types, reason: `read as categories, not numbers — ${codeReasons.join('; ')}` });

  const gate = gateFor(task, classes?.length ?? 0);
  decisions.push({ key: `evaluate.gates.${gate.metric}`, value: gate.condition, reason: gate.reason });
  decisions.push({
    key: 'evaluate.sensitive',
    value: sensitive.columns,
    reason: sensitive.columns.length ? 'named like protected or socio-economic attributes: fairness is reported per group' : 'no column named like a protected attribute (gender, race, ethnicity, nationality, disability, …)',
  });
  return {
    source: input.source,
    target: target.name,
    task,
    classes,
    idColumns: ids.map((id) => id.name),
    types,
    positiveClass: positive?.label ?? null,
    gate: { metric: gate.metric, condition: gate.condition },
    sensitive: sensitive.columns,
    dialect: input.dialect ?? {},
    decisions,
  };
}

function chooseTarget(given: string | undefined, header: readonly string[], ids: ReadonlySet<string>, file: string): { name: string; reason: string } {
  if (given !== undefined) {
    if (header.includes(given)) return { name: given, reason: 'given with --target' };
    const near = nearest(given, header);
    throw new SpmError('MISSING_COLUMN', `--target: column '${given}' is not in ${file}${near ? ` — did you mean '${near}'?` : ''}`, { hint: `the columns are: ${header.join(', ')}` });
  }
  const candidates = header.filter((name) => !ids.has(name));
  for (const word of TARGET_WORDS) {
    const hit = candidates.find((name) => nameWords(name).includes(word));
    if (hit) return { name: hit, reason: `a guess: the first column whose name has '${word}' (--target COL to choose another)` };
  }
  const last = candidates.at(-1) ?? header.at(-1)!;
  return { name: last, reason: 'a guess: the last column, where outcomes usually are (--target COL to choose another)' };
}

/** Binary: the class that means "at risk" when one does, else the minority class (ties: the greater label, as spm's default). */
function positiveClass(classes: readonly string[], column: Table['columns'][number]): { label: string; reason: string } {
  const atRisk = classes.filter((c) => (AT_RISK_WORDS as readonly string[]).includes(c.trim().toLowerCase()));
  if (atRisk.length === 1) return { label: atRisk[0]!, reason: `'${atRisk[0]}' means at risk: probability is the risk of it, so students to help rank first` };
  const count = (label: string): number => {
    if (column.kind !== 'categorical') return 0;
    const { counts } = countCodes(column.codes, column.dictionary.length, undefined);
    return column.dictionary.reduce((n, text, code) => (text === label ? n + counts[code]! : n), 0);
  };
  const [a, b] = classes as [string, string];
  const minority = count(a) < count(b) ? a : b;
  return { label: minority, reason: `the minority class (${count(minority)} of ${count(a) + count(b)} rows), usually the one to find; no class reads as 'fail' or 'at risk'` };
}

/** The distinct non-missing texts of a text column. */
function distinctValues(column: Table['columns'][number]): string[] {
  if (column.kind !== 'categorical') return [];
  const { counts } = countCodes(column.codes, column.dictionary.length, undefined);
  return column.dictionary.filter((_, code) => counts[code]! > 0);
}

/** A text column's values as numbers (NaN for missing or text). */
function numbersOf(table: Table, index: number): Float64Array {
  const column = table.columns[index]!;
  if (column.kind === 'numeric') return column.values;
  const lookup = column.dictionary.map((text) => parseNumber(text));
  return Float64Array.from(column.codes, (code) => (code < 0 ? NaN : lookup[code]!));
}

/**
 * Columns named like protected attributes, for evaluate.sensitive (which takes categorical
 * columns): text columns as they are; integer-coded ones with few values are declared
 * categorical (`declare`); other numeric ones (an age) are left out.
 */
function sensitiveColumns(summaries: readonly ColumnSummary[], target: string, ids: ReadonlySet<string>, types: Readonly<Record<string, string>>, table: Table): { columns: string[]; declare: string[] } {
  const demographic = new Set<string>(DEMOGRAPHIC_COLUMNS);
  const columns: string[] = [];
  const declare: string[] = [];
  summaries.forEach((s, i) => {
    if (s.name === target || ids.has(s.name)) return;
    const named = demographic.has(s.name.toLowerCase()) || nameWords(s.name).some((w) => (SENSITIVE_WORDS as readonly string[]).includes(w));
    if (!named) return;
    if (s.type === 'categorical' || types[s.name] === 'categorical') columns.push(s.name);
    else if (distinctValues(table.columns[i]!).length <= AUTO_REGRESSION_DISTINCT) {
      columns.push(s.name);
      declare.push(s.name);
    }
  });
  return { columns, declare };
}

const clipList = (values: readonly string[]): string => (values.length > 6 ? `${values.slice(0, 6).join(', ')}, …` : values.join(', '));
