/**
 * Scoring a table with a trained pipeline (pure): predictions, probabilities and, on
 * request, each row's top factors — the input columns that moved its prediction most, with
 * signed contributions grouped back to the original columns.
 */
import type { Table } from '../data/table.js';
import { applyTransformer } from '../features/transformer.js';
import { decideClasses, matrixColumn } from '../models/decision.js';
import type { Explanation } from '../models/model.js';
import { positiveIndexOf, type ScoringPipeline } from '../pipeline/stages/load.js';
import { formatRounded4 } from './format.js';
import { segmentRows } from '../pipeline/stages/segments.js';
import { recommend } from '../analysis/recommend.js';

export interface ScoreOptions {
  readonly explain: boolean;
  /** Binary decision threshold on the positive class's probability. */
  readonly threshold: number;
  /** How many factors `top_factors` lists. */
  readonly topK?: number;
  /** With `explain`, also give each row's top factors as entries (`factors`). */
  readonly factors?: boolean;
}

export interface ScoredRows {
  readonly prediction: string[];
  /** Classification only. */
  readonly probability: string[] | null;
  /** With `explain`: one text per row, e.g. `lunch=free/reduced (-8.1); gender=male (+3.2)`. */
  readonly topFactors: string[] | null;
  /** With `explain` and `factors`: the same top factors as entries. */
  readonly factors: Factor[][] | null;
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
  const prediction = new Array<string>(n);
  let probability: string[] | null = null;
  let explainClass: Int32Array | undefined;
  const unscorable = new Set<number>();
  if (schema.task === 'regression') {
    const values = model.predict(X);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i]!)) unscorable.add(i);
      prediction[i] = formatRounded4(values[i]!);
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
  const explained = options.explain ? topFactors(pipeline, model.explain(X, explainClass), options.topK ?? 3, cellText, options.factors === true) : null;
  let segment: string[] | null = null;
  let recommendation: string[] | null = null;
  if (pipeline.segments) {
    const s = pipeline.segments;
    const numeric = schema.task === 'regression' ? prediction.map(Number) : null;
    segment = Array.from(segmentRows(s, table), (c) => s.segments[c]!.name);
    recommendation = segment.map((name, i) => recommend(s.recommendations, name, numeric ? numeric[i]! : prediction[i]!));
  }
  return { prediction, probability, topFactors: explained?.text ?? null, factors: explained?.entries ?? null, unseen, outOfRange, unscorable, segment, recommendation };
}

/** One of a row's top factors: an input column, the row's value in it, and its signed contribution (rounded as shown). */
export interface Factor {
  readonly column: string;
  readonly value: string;
  readonly contribution: number;
}

/** Each row's top factors as text, and with `structured` as entries too (serve's JSON and the dashboard). */
function topFactors(
  pipeline: ScoringPipeline,
  explanation: Explanation,
  k: number,
  cellText: (row: number, column: string) => string,
  structured: boolean,
): { text: string[]; entries: Factor[][] | null } {
  const { featureSources } = pipeline.transformer;
  const sources = [...new Set(featureSources)];
  const sourceIndex = featureSources.map((s) => sources.indexOf(s));
  const { values } = explanation;
  const digits = explanation.scale === 'prediction' ? 1 : 3;
  const grouped = new Float64Array(sources.length);
  const text = new Array<string>(values.rows);
  const entries = structured ? new Array<Factor[]>(values.rows) : null;
  for (let i = 0; i < values.rows; i++) {
    grouped.fill(0);
    for (let j = 0; j < values.cols; j++) grouped[sourceIndex[j]!]! += values.data[i * values.cols + j]!;
    const order = sources.map((_, s) => s).sort((a, b) => Math.abs(grouped[b]!) - Math.abs(grouped[a]!) || a - b);
    const top = order.slice(0, k).filter((s) => grouped[s] !== 0);
    const shown = top.map((s) => ({ column: sources[s]!, value: cellText(i, sources[s]!), fixed: grouped[s]!.toFixed(digits) }));
    text[i] = shown.map((f) => `${f.column}=${f.value} (${f.fixed.startsWith('-') ? '' : '+'}${f.fixed})`).join('; ');
    if (entries) entries[i] = shown.map((f) => ({ column: f.column, value: f.value, contribution: Number(f.fixed) }));
  }
  return { text, entries };
}
