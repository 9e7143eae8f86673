/**
 * One numeric input column → one output feature: impute, optionally clip, then scale.
 * Fitted statistics are numbers, so a step is JSON as is.
 */
import type { NumericColumn } from '../data/table.js';
import { SpmError } from '../errors.js';
import { iqrFences, medianSorted, quantileSorted } from './quantile.js';

export interface NumericParams {
  readonly impute: 'mean' | 'median' | 'zero';
  readonly scale: 'standard' | 'none';
  /**
   * Quantile q in (0, 0.5): clip to the [q, 1 − q] quantiles of train; 'iqr': to Tukey's fences
   * (iqrFences); null: no clipping.
   */
  readonly clip: number | 'iqr' | null;
}

export interface NumericStep {
  readonly kind: 'numeric';
  readonly name: string;
  /** The value a missing cell takes. */
  readonly impute: number;
  /** [low, high] bounds applied after imputation, or null. */
  readonly clip: readonly [number, number] | null;
  /** Output = (clipped − center) / scale; center 0 and scale 1 when scaling is off. */
  readonly center: number;
  readonly scale: number;
  /** Smallest and largest observed train value (null when train had none): for outOfRange. */
  readonly range: readonly [number, number] | null;
}

/**
 * Fits the step on train values. The imputation statistic and the clip bounds come from the
 * observed (non-missing) values: imputed cells are not data and would pile mass at the centre.
 * Scaling follows sklearn's StandardScaler on the imputed, clipped column: mean and population
 * standard deviation (ddof 0) by the corrected two-pass algorithm (Chan, Golub & LeVeque 1983,
 * as in sklearn.utils.extmath._incremental_mean_and_var); a zero deviation scales by 1.
 * A column with no observed value imputes 0.
 */
export function fitNumeric(column: NumericColumn, params: NumericParams): NumericStep {
  const values = column.values;
  const sorted = observedSorted(values);
  const n = sorted.length;
  let impute = 0;
  if (n > 0 && params.impute === 'mean') impute = sumOf(sorted) / n;
  else if (n > 0 && params.impute === 'median') impute = medianSorted(sorted);
  const clip = clipBounds(sorted, params.clip);
  const range: [number, number] | null = n === 0 ? null : [sorted[0]!, sorted[n - 1]!];

  let center = 0;
  let scale = 1;
  if (params.scale === 'standard' && values.length > 0) {
    const transformed = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) transformed[i] = prepare(values[i]!, impute, clip);
    center = sumOf(transformed) / transformed.length;
    let sq = 0;
    let correction = 0;
    for (let i = 0; i < transformed.length; i++) {
      const d = transformed[i]! - center;
      sq += d * d;
      correction += d;
    }
    const variance = (sq - (correction * correction) / transformed.length) / transformed.length;
    const std = Math.sqrt(Math.max(variance, 0));
    scale = std === 0 ? 1 : std;
  }
  const step: NumericStep = { kind: 'numeric', name: column.name, impute, clip, center, scale, range };
  for (const v of [impute, center, scale, ...(clip ?? []), ...(range ?? [])]) {
    if (!Number.isFinite(v)) {
      throw new SpmError('COLUMN_NOT_FINITE', `numeric column "${column.name}" has infinite values; its statistics cannot be fitted`, {
        hint: 'remove or fix the infinite values in the source data, then run `spm ingest` again',
      });
    }
  }
  return step;
}

/**
 * Writes the step's output for rows [start, end) into `out` at out[i * stride + offset] and
 * returns how many observed values fell outside the train range.
 */
export function applyNumeric(
  step: NumericStep,
  values: Float64Array,
  out: Float64Array,
  stride: number,
  offset: number,
  start: number,
  end: number,
): number {
  const { impute, center, scale } = step;
  const lo = step.clip === null ? -Infinity : step.clip[0];
  const hi = step.clip === null ? Infinity : step.clip[1];
  const min = step.range === null ? Infinity : step.range[0];
  const max = step.range === null ? -Infinity : step.range[1];
  let outside = 0;
  for (let i = start, k = start * stride + offset; i < end; i++, k += stride) {
    let v = values[i]!;
    if (v !== v) v = impute; // NaN: missing
    else if (v < min || v > max) outside++;
    if (v < lo) v = lo;
    else if (v > hi) v = hi;
    out[k] = (v - center) / scale;
  }
  return outside;
}

/** The clip bounds fitted on ascending observed train values (null: no clipping, or no value). */
function clipBounds(sorted: Float64Array, clip: NumericParams['clip']): [number, number] | null {
  if (clip === null || sorted.length === 0) return null;
  if (clip === 'iqr') return iqrFences(sorted);
  return [quantileSorted(sorted, clip), quantileSorted(sorted, 1 - clip)];
}

function prepare(v: number, impute: number, clip: readonly [number, number] | null): number {
  const x = Number.isNaN(v) ? impute : v;
  if (clip === null) return x;
  return x < clip[0] ? clip[0] : x > clip[1] ? clip[1] : x;
}

function observedSorted(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return out.sort();
}

function sumOf(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}
