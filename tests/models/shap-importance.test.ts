/** Global SHAP importance (src/models/shap-importance.ts): mean |SHAP| per source column, one-hot columns summed first. */
import { describe, expect, it } from 'vitest';
import { linearFactory } from '../../src/models/linear.js';
import { shapImportance } from '../../src/models/shap-importance.js';

describe('shapImportance', () => {
  // y = 2·a − 3·(b=x) + 3·(b=y): b's two one-hot columns move the prediction together
  const rows = [
    [0, 1, 0], [1, 0, 1], [2, 1, 0], [3, 0, 1], [4, 1, 0], [5, 0, 1],
  ];
  const X = { rows: rows.length, cols: 3, data: Float64Array.from(rows.flat()) };
  const y = Float64Array.from(rows, (r) => 2 * r[0]! - 3 * r[1]! + 3 * r[2]!);
  const model = linearFactory.fit({ X, y, seed: 0 }, 'regression', {});

  it('sums the one-hot columns of a source row by row before taking |·|, then averages; largest first', () => {
    const { importance, scale, rows: n } = shapImportance(model, X, ['a', 'b', 'b']);
    expect(scale).toBe('prediction');
    expect(n).toBe(6);
    // a: 2·|a − 2.5| averaged = 2 · 1.5 = 3; b: |−3·(x1 − ½) + 3·(x2 − ½)| = 3 on every row
    expect(importance.map((i) => i.feature)).toEqual(['a', 'b']);
    expect(importance[0]!.mean_abs_shap).toBeCloseTo(3, 10);
    expect(importance[1]!.mean_abs_shap).toBeCloseTo(3, 10);
  });

  it('explains at most maxRows rows, spread evenly over the split', () => {
    expect(shapImportance(model, X, ['a', 'b', 'b'], 2).rows).toBe(2);
    expect(shapImportance(model, X, ['a', 'b', 'b'], 4).rows).toBe(3);
  });
});
