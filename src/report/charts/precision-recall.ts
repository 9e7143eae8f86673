/** Precision–recall curve of a binary classifier. */
import { chartBase, formatNumber, PRIMARY, type VegaLiteSpec } from './spec.js';

export interface PrecisionRecallInput {
  /** In curve order, as metrics/classification.ts `precisionRecallCurve` returns them. */
  readonly points: readonly { readonly recall: number; readonly precision: number }[];
  /** Average precision, when computed. */
  readonly ap?: number;
  readonly title?: string;
}

const LEGEND = 'recall: share of positives found, precision: share of flagged rows that are positive';

/** Precision against recall, joined in the given order, on the unit square. */
export function precisionRecallSpec(input: PrecisionRecallInput): VegaLiteSpec {
  const values = input.points.map((p, order) => ({ order, recall: p.recall, precision: p.precision }));
  const unit = { domain: [0, 1] };
  return {
    ...chartBase({
      title: input.title ?? 'Precision–recall curve',
      subtitle: `${input.ap === undefined ? '' : `Average precision = ${formatNumber(input.ap)}; `}${LEGEND}`,
      width: 360,
      height: 360,
    }),
    data: { values },
    mark: { type: 'line', color: PRIMARY, strokeWidth: 2 },
    encoding: {
      x: { field: 'recall', type: 'quantitative', title: 'Recall', scale: unit },
      y: { field: 'precision', type: 'quantitative', title: 'Precision', scale: unit },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'recall', type: 'quantitative', format: '.3f' },
        { field: 'precision', type: 'quantitative', format: '.3f' },
      ],
    },
  };
}
