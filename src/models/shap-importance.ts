/**
 * Global importance from SHAP values: the mean |SHAP value| of each original column over a
 * sample of rows (Lundberg et al. 2020, "From local explanations to global understanding with
 * explainable AI for trees"), the one-hot columns of a categorical column summed back to it
 * first, row by row, as predict --explain groups them. In the model's explained scale
 * (Explanation.scale): the prediction, a probability or log-odds.
 */
import { takeMatrixRows, type Matrix } from './matrix.js';
import type { Explanation, Model } from './model.js';

export interface ShapImportance {
  readonly feature: string;
  readonly mean_abs_shap: number;
}

/**
 * Rows explained at most: TreeSHAP costs O(trees · nodes · depth) per row, milliseconds a row for
 * the default random forest (bench/explain.mjs), so a sample, as the shap package's summaries
 * commonly use; spread over the whole split.
 */
export const SHAP_IMPORTANCE_ROWS = 100;

/**
 * Mean |SHAP| per source column, largest first (ties: column order), over at most `maxRows`
 * rows spread evenly over X (every ⌈rows / maxRows⌉-th row), explaining each row's default class.
 */
export function shapImportance(model: Model, X: Matrix, featureSources: readonly string[], maxRows = SHAP_IMPORTANCE_ROWS): { scale: Explanation['scale']; rows: number; importance: ShapImportance[] } {
  const step = Math.max(1, Math.ceil(X.rows / maxRows));
  const sample = step === 1 ? X : takeMatrixRows(X, Uint32Array.from({ length: Math.ceil(X.rows / step) }, (_, i) => i * step));
  const { values, scale } = model.explain(sample);
  const sources = [...new Set(featureSources)];
  const index = featureSources.map((s) => sources.indexOf(s));
  const totals = new Float64Array(sources.length);
  const row = new Float64Array(sources.length);
  for (let i = 0; i < values.rows; i++) {
    row.fill(0);
    for (let j = 0; j < values.cols; j++) row[index[j]!] = row[index[j]!]! + values.data[i * values.cols + j]!;
    for (let s = 0; s < sources.length; s++) totals[s] = totals[s]! + Math.abs(row[s]!);
  }
  const importance = sources
    .map((feature, s) => ({ feature, mean_abs_shap: values.rows ? totals[s]! / values.rows : 0 }))
    .sort((a, b) => b.mean_abs_shap - a.mean_abs_shap);
  return { scale, rows: values.rows, importance };
}
