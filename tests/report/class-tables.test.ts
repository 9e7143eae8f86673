/** The report's confusion matrix and per-class tables carry the class names (issue 17, item 8). */
import { describe, expect, it } from 'vitest';
import { classTables } from '../../src/report/class-tables.js';
import { classBreakdown } from '../../src/metrics/index.js';

// The multi-class example of tests/metrics/metrics.test.ts: M.confusion_matrix(ym, pm) = [[2, 1, 0], [1, 2, 0], [1, 0, 3]].
const ym = Float64Array.from([0, 1, 2, 2, 1, 0, 2, 1, 0, 2]);
const pm = Float64Array.from([0, 1, 2, 2, 0, 0, 2, 1, 1, 0]);
const metrics = { confusion_matrix: [[2, 1, 0], [1, 2, 0], [1, 0, 3]], ...classBreakdown({ yTrue: ym, yPred: pm, nClasses: 3 }, ['A', 'B', 'C']) };

describe('the report\'s class tables', () => {
  it('the report has a named matrix table and a per-class table', () => {
    expect(classTables(metrics)).toEqual([
      { head: ['true \\ predicted', 'A', 'B', 'C'], rows: [['A', '2', '1', '0'], ['B', '1', '2', '0'], ['C', '1', '0', '3']] },
      { head: ['class', 'precision', 'recall', 'f1', 'support'], rows: [['A', '0.500', '0.667', '0.571', '3'], ['B', '0.667', '0.667', '0.667', '3'], ['C', '1', '0.750', '0.857', '4']] },
    ]);
    expect(classTables({ rmse: 1 })).toEqual([]);
  });
});
