/** Confusion matrix as a heatmap with the count written in each cell. */
import { chartBase, clampedSize, type VegaLiteSpec } from './spec.js';

export interface ConfusionMatrixInput {
  /** Class labels in matrix order. */
  readonly labels: readonly string[];
  /** matrix[i][j]: how many of actual class i were predicted as class j (scikit-learn layout). */
  readonly matrix: readonly (readonly number[])[];
  readonly title?: string;
}

/**
 * Actual classes down, predicted across, darker for larger counts; each cell also shows its
 * count and its share of the actual class, so the chart reads without colour.
 */
export function confusionMatrixSpec(input: ConfusionMatrixInput): VegaLiteSpec {
  const { labels, matrix } = input;
  if (matrix.length !== labels.length || matrix.some((row) => row.length !== labels.length)) {
    throw new RangeError(`confusion matrix must be ${labels.length} × ${labels.length}, one row and column per label`);
  }
  const values = matrix.flatMap((row, i) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count, j) => ({
      actual: labels[i]!,
      predicted: labels[j]!,
      count,
      share: total > 0 ? count / total : 0,
    }));
  });
  const max = Math.max(0, ...values.map((v) => v.count));
  const side = clampedSize(labels.length, 64, 160, 440);
  const axis = (field: string, title: string) => ({ field, type: 'nominal', sort: [...labels], title });
  return {
    ...chartBase({
      title: input.title ?? 'Confusion matrix',
      subtitle: 'Count per cell, with its share of the actual class',
      width: side,
      height: side,
    }),
    data: { values },
    encoding: {
      x: { ...axis('predicted', 'Predicted class'), axis: { orient: 'top', labelAngle: 0 } },
      y: axis('actual', 'Actual class'),
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues', domain: [0, Math.max(1, max)] }, legend: null },
          tooltip: [
            { field: 'actual', title: 'actual' },
            { field: 'predicted', title: 'predicted' },
            { field: 'count', type: 'quantitative' },
            { field: 'share', type: 'quantitative', title: 'share of actual', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 12, lineBreak: '\n' },
        transform: [{ calculate: "format(datum.count, ',') + '\\n' + format(datum.share, '.0%')", as: 'label' }],
        encoding: {
          text: { field: 'label' },
          // Light text only on the darkest cells, where dark text would not show.
          color: { condition: { test: `datum.count > ${max * 0.6}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
