/**
 * Scoring a table with a trained pipeline (pure): predictions, probabilities and, on
 * request, each row's top factors — the input columns that moved its prediction most, with
 * their SHAP values (Model.explain) grouped back to the original columns.
 */
import type { Table } from '../data/table.js';
import { applyTransformer, derivedValues, type FittedTransformer } from '../features/transformer.js';
import { decideClasses, matrixColumn } from '../models/decision.js';
import type { Explanation } from '../models/model.js';
import { positiveIndexOf } from '../data/schema.js';
import type { ScoringPipeline } from './scoring-pipeline.js';
import { formatRounded4 } from './format.js';
import { segmentRows } from './segments.js';
import { recommend } from '../analysis/recommend.js';

export interface ScoreOptions {
  readonly explain: boolean;
  /** Binary decision threshold on the positive class's probability. */
  readonly threshold: number;
  /** How many factors `top_factors` lists. */
  readonly topK?: number;
  /** With `explain`, also give each row's top factors as entries (`factors`). */
  readonly factors?: boolean;
  /**
   * Regression without segments: give the predictions as numbers only (`predictionValues`), for a
   * writer that prints them itself (writeRounded4); `prediction` is then empty.
   */
  readonly numbers?: boolean;
}

export interface ScoredRows {
  /** Empty when predictionValues holds the predictions instead. */
  readonly prediction: string[];
  /** With the `numbers` option (regression, no segments): the predictions as numbers, and no text (formatRounded4 gives it). */
  readonly predictionValues: Float64Array | null;
  /** Classification only. */
  readonly probability: string[] | null;
  /** With `explain`: one text per row, e.g. `lunch=free/reduced (-8.1); gender=male (+3.2)`. */
  readonly topFactors: string[] | null;
  /** With `explain` and `factors`: the same top factors as a table. */
  readonly factors: FactorTable | null;
  /** Per categorical input column: rows with a category the model never saw (scored as unknown). */
  readonly unseen: Record<string, number>;
  /** Per numeric input column: rows outside the range seen in training (scored, counted). */
  readonly outOfRange: Record<string, number>;
  /**
   * Rows whose prediction is not a finite number (inputs so extreme, e.g. 1e308, that the
   * arithmetic overflows): never written as a prediction; the caller rejects them.
   */
  readonly unscorable: ReadonlySet<number>;
  /** With segments: each row's segment name and recommended action. */
  readonly segment: string[] | null;
  readonly recommendation: string[] | null;
}

/** The columns predict appends to every output row. */
export function outputColumns(pipeline: ScoringPipeline, explain: boolean): string[] {
  return [
    'prediction',
    ...(pipeline.schema.task === 'classification' ? ['probability'] : []),
    ...(explain ? ['top_factors'] : []),
    ...(pipeline.segments ? ['segment', 'recommendation'] : []),
  ];
}


/**
 * Scores `table` (the feature columns of the rows to score). `cellText(row, column)` gives the
 * input text shown in top_factors.
 */
export function scoreTable(pipeline: ScoringPipeline, table: Table, options: ScoreOptions, cellText: (row: number, column: string) => string): ScoredRows {
  const { schema, transformer, model } = pipeline;
  const { X, unseen, outOfRange } = applyTransformer(transformer, table);
  const n = X.rows;
  const numbersOnly = options.numbers === true && schema.task === 'regression' && !pipeline.segments;
  const prediction = new Array<string>(numbersOnly ? 0 : n);
  let predictionValues: Float64Array | null = null;
  let probability: string[] | null = null;
  let explainClass: Int32Array | undefined;
  const unscorable = new Set<number>();
  if (schema.task === 'regression') {
    const values = model.predict(X);
    if (numbersOnly) predictionValues = values;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i]!)) unscorable.add(i);
      if (!numbersOnly) prediction[i] = formatRounded4(values[i]!);
    }
  } else {
    const classes = schema.classes!;
    const positive = positiveIndexOf(schema);
    const proba = model.predictProba!(X);
    const decided = decideClasses(proba, positive, options.threshold);
    probability = new Array<string>(n);
    explainClass = new Int32Array(n);
    const binary = classes.length === 2 && positive !== undefined;
    const pPositive = binary ? matrixColumn(proba, positive) : undefined;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < proba.cols; j++) if (!Number.isFinite(proba.data[i * proba.cols + j]!)) unscorable.add(i);
      const c = decided[i]!;
      prediction[i] = classes[c]!;
      probability[i] = formatRounded4(binary ? pPositive![i]! : proba.data[i * proba.cols + c]!);
      explainClass[i] = binary ? positive : c;
    }
  }
  const explained = options.explain ? topFactors(pipeline, model.explain(X, explainClass), options.topK ?? 3, withDerivedText(transformer, table, cellText), options.factors === true) : null;
  let segment: string[] | null = null;
  let recommendation: string[] | null = null;
  if (pipeline.segments) {
    const s = pipeline.segments;
    const numeric = schema.task === 'regression' ? prediction.map(Number) : null;
    segment = Array.from(segmentRows(s, table), (c) => s.segments[c]!.name);
    recommendation = segment.map((name, i) => recommend(s.recommendations, name, numeric ? numeric[i]! : prediction[i]!));
  }
  return { prediction, predictionValues, probability, topFactors: explained?.text ?? null, factors: explained?.table ?? null, unseen, outOfRange, unscorable, segment, recommendation };
}

/** cellText, plus the computed value of a derived feature (not in the input), rounded as predictions are; '' when missing. */
function withDerivedText(transformer: FittedTransformer, table: Table, cellText: (row: number, column: string) => string): (row: number, column: string) => string {
  const derived = derivedValues(transformer, table);
  if (derived.size === 0) return cellText;
  return (row, column) => {
    const values = derived.get(column);
    if (!values) return cellText(row, column);
    const v = values[row]!;
    return Number.isNaN(v) ? '' : formatRounded4(v);
  };
}

/**
 * Every row's top factors, flat (row i's t-th factor at i·k + t; `count[i]` of them): the input
 * column, the row's value in it, and the signed contribution as shown in top_factors. Flat
 * arrays, not an object per factor: a 100,000-row request would otherwise spend most of its
 * time collecting garbage.
 */
export interface FactorTable {
  readonly k: number;
  readonly columns: readonly string[];
  readonly count: Uint8Array;
  readonly column: Int32Array;
  readonly value: string[];
  /** The contribution's text, e.g. '-5.8' (a valid JSON number). */
  readonly contribution: string[];
}

/** Each row's top factors as text, and with `structured` as entries too (serve's JSON and the dashboard). */
function topFactors(
  pipeline: ScoringPipeline,
  explanation: Explanation,
  k: number,
  cellText: (row: number, column: string) => string,
  structured: boolean,
): { text: string[]; table: FactorTable | null } {
  const { featureSources } = pipeline.transformer;
  const sources = [...new Set(featureSources)];
  const sourceIndex = featureSources.map((s) => sources.indexOf(s));
  const { values } = explanation;
  const digits = explanation.scale === 'prediction' ? 1 : 3;
  const grouped = new Float64Array(sources.length);
  const text = new Array<string>(values.rows);
  const table: FactorTable | null = structured
    ? { k, columns: sources, count: new Uint8Array(values.rows), column: new Int32Array(values.rows * k), value: new Array<string>(values.rows * k), contribution: new Array<string>(values.rows * k) }
    : null;
  // The k largest |contributions| by insertion into a short list (ties: the earlier column
  // first; zeros never listed): a full sort per row cost a third of explaining 100,000 rows.
  const top = new Int32Array(k);
  for (let i = 0; i < values.rows; i++) {
    grouped.fill(0);
    for (let j = 0; j < values.cols; j++) grouped[sourceIndex[j]!]! += values.data[i * values.cols + j]!;
    let n = 0;
    for (let s = 0; s < grouped.length; s++) {
      const a = Math.abs(grouped[s]!);
      if (!(a > 0)) continue;
      let at = n < k ? n++ : k;
      while (at > 0 && Math.abs(grouped[top[at - 1]!]!) < a) {
        if (at < k) top[at] = top[at - 1]!;
        at--;
      }
      if (at < k) top[at] = s;
    }
    let line = '';
    for (let t = 0; t < n; t++) {
      const s = top[t]!;
      const column = sources[s]!;
      const value = cellText(i, column);
      const fixed = grouped[s]!.toFixed(digits);
      line += `${t ? '; ' : ''}${column}=${value} (${fixed.charCodeAt(0) === 45 ? '' : '+'}${fixed})`;
      if (table) {
        table.column[i * k + t] = s;
        table.value[i * k + t] = value;
        table.contribution[i * k + t] = fixed;
      }
    }
    text[i] = line;
    if (table) table.count[i] = n;
  }
  return { text, table };
}
