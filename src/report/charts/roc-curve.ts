/** ROC curve of a binary classifier against the chance diagonal. */
import { chartBase, formatNumber, identityLineLayer, PRIMARY, type VegaLiteSpec } from './spec.js';

export interface RocCurveInput {
  /** In curve order, from (0, 0) to (1, 1), as metrics/classification.ts `rocCurve` returns. */
  readonly points: readonly { readonly fpr: number; readonly tpr: number }[];
  /** Null when the test set holds a single class. */
  readonly auc: number | null;
  readonly title?: string;
}

/** A line from the curve's points in their given order; the dashed diagonal is a random guess. */
export function rocCurveSpec(input: RocCurveInput): VegaLiteSpec {
  const values = input.points.map((p, order) => ({ order, fpr: p.fpr, tpr: p.tpr }));
  const unit = { domain: [0, 1] };
  return {
    ...chartBase({
      title: input.title ?? 'ROC curve',
      subtitle: `${input.auc === null ? 'AUC undefined' : `AUC = ${formatNumber(input.auc)}`}; dashed line: chance`,
      width: 360,
      height: 360,
    }),
    layer: [
      identityLineLayer(0, 1, 'fpr', 'tpr'),
      {
        data: { values },
        mark: { type: 'line', color: PRIMARY, strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'False positive rate', scale: unit },
          y: { field: 'tpr', type: 'quantitative', title: 'True positive rate', scale: unit },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [
            { field: 'fpr', type: 'quantitative', title: 'false positive rate', format: '.3f' },
            { field: 'tpr', type: 'quantitative', title: 'true positive rate', format: '.3f' },
          ],
        },
      },
    ],
  };
}
