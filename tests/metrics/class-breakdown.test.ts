/** Class names with the confusion matrix and per-class scores (issue 17, item 8). */
import { describe, expect, it } from 'vitest';
import { perClassScores } from '../../src/metrics/classification.js';
import { classBreakdown } from '../../src/metrics/index.js';

// The multi-class example of metrics.test.ts: M.confusion_matrix(ym, pm) = [[2, 1, 0], [1, 2, 0], [1, 0, 3]].
const ym = Float64Array.from([0, 1, 2, 2, 1, 0, 2, 1, 0, 2]);
const pm = Float64Array.from([0, 1, 2, 2, 0, 0, 2, 1, 1, 0]);

describe('per-class scores', () => {
  it('match sklearn precision_recall_fscore_support(ym, pm, average=None)', () => {
    // Per class from the confusion matrix (zero_division=0); their means are sklearn's macro
    // averages asserted in metrics.test.ts: precision 0.7222…, recall 0.6944…, f1 0.6984….
    const scores = perClassScores(ym, pm, { nClasses: 3 });
    const expected = [
      { precision: 0.5, recall: 2 / 3, f1: 4 / 7, support: 3 },
      { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
      { precision: 1, recall: 0.75, f1: 6 / 7, support: 4 },
    ];
    scores.forEach((s, i) => {
      for (const key of ['precision', 'recall', 'f1', 'support'] as const) expect(s[key]).toBeCloseTo(expected[i]![key], 12);
    });
    const mean = (key: 'precision' | 'recall' | 'f1'): number => scores.reduce((a, s) => a + s[key], 0) / 3;
    expect(mean('precision')).toBeCloseTo(0.7222222222222222, 12); // M.precision_score(ym, pm, average='macro')
    expect(mean('f1')).toBeCloseTo(0.6984126984126985, 12); // M.f1_score(ym, pm, average='macro')
  });

  it('a class never predicted nor present scores 0 (zero_division=0) with support 0', () => {
    expect(perClassScores(Float64Array.from([0, 1]), Float64Array.from([0, 1]), { nClasses: 3 })[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('names every class: labels in matrix order, per_class with its label', () => {
    const b = classBreakdown({ yTrue: ym, yPred: pm, nClasses: 3 }, ['A', 'B', 'C']);
    expect(b.labels).toEqual(['A', 'B', 'C']);
    expect(b.per_class.map((r) => [r.label, r.support])).toEqual([['A', 3], ['B', 3], ['C', 4]]);
  });
});
