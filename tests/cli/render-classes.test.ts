/** The CLI's confusion matrix and per-class scores carry the class names (issue 17, item 8). */
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { renderClasses } from '../../src/cli/render-classes.js';
import { classBreakdown } from '../../src/metrics/index.js';

// The multi-class example of tests/metrics/metrics.test.ts: M.confusion_matrix(ym, pm) = [[2, 1, 0], [1, 2, 0], [1, 0, 3]].
const ym = Float64Array.from([0, 1, 2, 2, 1, 0, 2, 1, 0, 2]);
const pm = Float64Array.from([0, 1, 2, 2, 0, 0, 2, 1, 1, 0]);
const metrics = { confusion_matrix: [[2, 1, 0], [1, 2, 0], [1, 0, 3]], ...classBreakdown({ yTrue: ym, yPred: pm, nClasses: 3 }, ['A', 'B', 'C']) };

describe('the confusion matrix in the CLI, with class names', () => {
  const plain = new Chalk({ level: 0 });

  it('the CLI renders the matrix with the class names as row and column heads, then the per-class scores', () => {
    const text = renderClasses(metrics, plain);
    const lines = text.split('\n');
    expect(lines[0]).toBe('confusion matrix (rows = true class, columns = predicted):');
    expect(text).toMatch(/true \\ predicted\s*│\s*A\s*│\s*B\s*│\s*C/);
    expect(text).toMatch(/│ C\s*│ 1\s*│ 0\s*│ 3\s*│/);
    expect(text).toContain('per class:');
    expect(text).toMatch(/│ A\s*│ 0\.5000\s*│ 0\.6667\s*│ 0\.5714\s*│ 3\s*│/);
  });

  it('metrics stored before labels existed keep the bare matrix; regression shows none', () => {
    expect(renderClasses({ confusion_matrix: [[1, 0], [0, 1]] }, plain)).toBe('confusion matrix (rows = true, columns = predicted): [[1,0],[0,1]]');
    expect(renderClasses({ rmse: 1 }, plain)).toBe('');
  });

});
