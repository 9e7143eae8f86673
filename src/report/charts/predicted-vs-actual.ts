/** Regression check: each predicted value against its actual value, with the y = x line. */
import { chartBase, identityLineLayer, PRIMARY, type VegaLiteSpec } from './spec.js';

export interface PredictedVsActualInput {
  readonly actual: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  /** Above this many pairs only every k-th is drawn (default 2000). */
  readonly maxPoints?: number;
  readonly title?: string;
  /** The target's name for the axis titles, e.g. "math score". */
  readonly target?: string;
}

export const DEFAULT_MAX_POINTS = 2000;

/**
 * Indices 0, k, 2k, … with k = ⌈n / maxPoints⌉, so at most `maxPoints` indices. Deterministic
 * (no RNG) so the same run gives the same chart; rows are in file order, which for spm's
 * shuffled splits is already unrelated to the target.
 */
export function everyKth(n: number, maxPoints: number): { readonly step: number; readonly indices: number[] } {
  const step = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const indices: number[] = [];
  for (let i = 0; i < n; i += step) indices.push(i);
  return { step, indices };
}

/** Scatter of predicted (y) against actual (x); points on the dashed line are exact. */
export function predictedVsActualSpec(input: PredictedVsActualInput): VegaLiteSpec {
  const { actual, predicted } = input;
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual has ${actual.length} values but predicted has ${predicted.length}`);
  }
  const n = actual.length;
  const { step, indices } = everyKth(n, input.maxPoints ?? DEFAULT_MAX_POINTS);
  const values = indices.flatMap((i) => {
    const a = actual[i]!;
    const p = predicted[i]!;
    return Number.isFinite(a) && Number.isFinite(p) ? [{ actual: a, predicted: p }] : [];
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v.actual, v.predicted);
    hi = Math.max(hi, v.actual, v.predicted);
  }
  if (values.length === 0) [lo, hi] = [0, 1];
  const target = input.target === undefined ? '' : ` ${input.target}`;
  const shown = step === 1 ? `all ${n} rows` : `1 row in ${step} of ${n} (${values.length} points)`;
  return {
    ...chartBase({
      title: input.title ?? 'Predicted vs actual',
      subtitle: `Showing ${shown}; dashed line: perfect prediction`,
      width: 400,
      height: 400,
    }),
    layer: [
      identityLineLayer(lo, hi, 'actual', 'predicted'),
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 14, opacity: 0.45, color: PRIMARY },
        encoding: {
          x: { field: 'actual', type: 'quantitative', title: `Actual${target}`, scale: { zero: false, domain: [lo, hi] } },
          y: { field: 'predicted', type: 'quantitative', title: `Predicted${target}`, scale: { zero: false, domain: [lo, hi] } },
          tooltip: [
            { field: 'actual', type: 'quantitative', format: '.4~g' },
            { field: 'predicted', type: 'quantitative', format: '.4~g' },
          ],
        },
      },
    ],
  };
}
