/**
 * `loadModel` and `Model.score`: a trained model loaded by REF from a store, scoring records
 * or a table with explanations — the very path of `spm serve`'s POST /v1/predict, so a row
 * gets the same prediction, risk band, segment and factors as there and as `spm predict`.
 */
import { SpmError } from '../errors.js';
import { scoreJson } from '../serve/score-request.js';
import { loadServedModel, type ServedModel } from '../serve/served-model.js';
import { openProject, type ProjectOptions } from './project.js';

/** One input row: column name → value (`null` or a missing key is a missing value). */
export type Row = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Rows as a table: a header and one array of values per row (what `readData` returns fits). */
export interface RowTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null | undefined)[])[];
}

/**
 * One contribution to a prediction: a column, its value, and its SHAP value — its exact Shapley
 * share of the gap between this prediction and the model's average one (TreeSHAP for tree
 * models, coef · (x − mean) for linear ones; the README's "Reading SHAP factors").
 */
export interface Factor {
  readonly column: string;
  readonly value: string;
  readonly contribution: number;
}

export interface Prediction {
  /** 1-based index of the row in the input. */
  readonly row: number;
  /** The id columns the row has (data.id_columns). */
  readonly ids?: Readonly<Record<string, string>>;
  readonly prediction: number | string;
  /** Classification: the probability of the predicted class (binary: of the positive class). */
  readonly probability?: number;
  readonly risk_band?: 'low' | 'medium' | 'high';
  readonly segment?: string;
  readonly recommendation?: string;
  /** The three factors that moved the prediction most, as one text. */
  readonly top_factors: string;
  readonly factors: readonly Factor[];
}

export interface ScoreResult {
  /** The train version that scored. */
  readonly model: string;
  readonly rows: number;
  readonly scored: number;
  readonly rejected: number;
  readonly predictions: readonly Prediction[];
  /** Rows that could not be scored, with their 1-based index and reason: `scored + rejected = rows`. */
  readonly rejects: readonly { readonly row: number; readonly reason: string }[];
  /** Categories the model never saw, counted per column (scored as unknown). */
  readonly unseen_categories: Readonly<Record<string, number>>;
  /** Numbers outside the training range, counted per column (scored). */
  readonly out_of_range: Readonly<Record<string, number>>;
}

export interface Model {
  /** The REF it was loaded by. */
  readonly ref: string;
  readonly trainId: string;
  readonly evaluateId: string | null;
  readonly task: 'regression' | 'classification';
  readonly target: string;
  /** What `GET /v1/model` of `spm serve` answers: input columns, output columns, risk bands, metrics, lineage. */
  readonly info: Readonly<Record<string, unknown>>;
  /** Scores rows with explanations. */
  score(rows: readonly Row[] | RowTable): Promise<ScoreResult>;
}

/**
 * Loads the model a REF names (`latest`: the one the current params produce; an alias such as
 * `production`; a version id or unique prefix). Errors are SpmError: UNKNOWN_REF, NO_VERSION,
 * ARTIFACT_CORRUPT…
 */
export async function loadModel(ref = 'latest', options: ProjectOptions = {}): Promise<Model> {
  const ws = await openProject(options, ref !== 'latest');
  const served = await loadServedModel(ws, ref);
  return {
    ref,
    trainId: served.trainId,
    evaluateId: served.evaluateId,
    task: served.pipeline.schema.task,
    target: served.pipeline.schema.target,
    info: served.info,
    score: (rows) => score(served, rows),
  };
}

async function score(model: ServedModel, input: readonly Row[] | RowTable): Promise<ScoreResult> {
  const records = toRecords(input);
  if (records.length === 0) return { model: model.trainId, rows: 0, scored: 0, rejected: 0, predictions: [], rejects: [], unseen_categories: {}, out_of_range: {} };
  const { predictions, ...summary } = await scoreJson(model, records);
  return { ...summary, predictions: JSON.parse(`[${predictions.join('')}]`) as Prediction[] };
}

/** Records from either input shape; anything else (from untyped callers) is refused by name. */
function toRecords(input: readonly Row[] | RowTable): readonly unknown[] {
  if (Array.isArray(input)) return input;
  const table = input as Partial<RowTable> | null;
  if (table && Array.isArray(table.header) && Array.isArray(table.rows)) {
    const header = table.header;
    return table.rows.map((r) => (Array.isArray(r) ? Object.fromEntries(header.map((name, i) => [name, r[i] ?? null])) : r));
  }
  throw new SpmError('API_ARGUMENT', 'score() takes an array of records (objects keyed by column name) or a table { header, rows }', {
    hint: 'e.g. model.score([{ gender: "female", reading_score: 72 }]) or model.score(await readData("cohort.csv"))',
  });
}
