/** Reliability diagram: observed event rate per bin of predicted probability, against the diagonal of perfect calibration. */
import { chartBase, identityLineLayer, PRIMARY, type VegaLiteSpec } from './spec.js';

export interface ReliabilityInput {
  /** As metrics/probability.ts `reliabilityCurve` returns them: non-empty bins in probability order. */
  readonly bins: readonly { readonly predicted: number; readonly observed: number; readonly count: number }[];
  /** What the probability is of: the positive class (named), or each row's top class. */
  readonly of: string;
  readonly title?: string;
}

/** A line through the bins (the tooltip gives each bin's rows); on the dashed diagonal a "70%" comes true 70% of the time. */
export function reliabilitySpec(input: ReliabilityInput): VegaLiteSpec {
  const values = input.bins.map((b) => ({ predicted: b.predicted, observed: b.observed, rows: b.count }));
  const unit = { domain: [0, 1] };
  return {
    ...chartBase({
      title: input.title ?? 'Reliability (test split)',
      subtitle: `probability of ${input.of}, 10 equal-width bins; dashed line: perfectly calibrated`,
      width: 360,
      height: 360,
    }),
    layer: [
      identityLineLayer(0, 1, 'predicted', 'observed'),
      {
        data: { values },
        mark: { type: 'line', color: PRIMARY, strokeWidth: 2, point: true },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: 'Mean predicted probability', scale: unit },
          y: { field: 'observed', type: 'quantitative', title: 'Observed share', scale: unit },
          tooltip: [
            { field: 'predicted', type: 'quantitative', title: 'mean predicted', format: '.3f' },
            { field: 'observed', type: 'quantitative', title: 'observed', format: '.3f' },
            { field: 'rows', type: 'quantitative', title: 'rows' },
          ],
        },
      },
    ],
  };
}
