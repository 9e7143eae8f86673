/** train.class_weight: balanced weights, and `auto` searching unweighted and balanced fits. */
import { describe, expect, it } from 'vitest';
import { rewardsMinorityClasses, resolveMetric, scorer } from '../../src/metrics/selection.js';
import { classWeights, withBothClassWeights } from '../../src/models/class-weight.js';
import { expandGrids } from '../../src/models/grid.js';
import { crossValidate, fitCandidate, rankResults, type Fold, type TuneData } from '../../src/models/tune.js';
import { parseParamsText } from '../../src/pipeline/params.js';
import { stageSlices, type Workspace } from '../../src/pipeline/workspace.js';
import { gridData } from '../helpers/model-fixtures.js';

describe('balanced class weights', () => {
  it('equal scikit-learn compute_class_weight("balanced") per class, as row weights', () => {
    // sklearn 1.2.1: compute_class_weight('balanced', classes=[0, 1, 2], y=[0,0,0,1,1,2,2,2,2,2,2,0]) → [1.0, 2.0, 0.6666666666666666]
    const y = Float64Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 0]);
    const perClass = [1.0, 2.0, 0.6666666666666666];
    const w = classWeights(y, 3, 'balanced')!;
    y.forEach((c, i) => expect(w[i]).toBeCloseTo(perClass[c]!, 15));
  });

  it('count only the classes present in the rows fitted (compute_class_weight over np.unique(y))', () => {
    // compute_class_weight('balanced', classes=[0, 2], y=[0, 2, 2, 2]) → [2.0, 0.6666666666666666]
    expect(Array.from(classWeights(Float64Array.from([0, 2, 2, 2]), 3, 'balanced')!)).toEqual([2, 4 / 6, 4 / 6, 4 / 6]);
  });
});

describe('train.class_weight: auto', () => {
  it('searches balanced fits when the metric rewards minority classes: macro F1 (multi-class), balanced accuracy', () => {
    expect(rewardsMinorityClasses(resolveMetric('auto', 'classification', 3), 3)).toBe(true);
    expect(rewardsMinorityClasses('balanced_accuracy', 2)).toBe(true);
    expect(rewardsMinorityClasses(resolveMetric('auto', 'classification', 2), 2)).toBe(false);
    expect(rewardsMinorityClasses('f1', 2)).toBe(false);
    expect(rewardsMinorityClasses('accuracy', 3)).toBe(false);
    expect(rewardsMinorityClasses('rmse', undefined)).toBe(false);
  });

  it('doubles every candidate, unweighted first so a tie keeps the unweighted fit', () => {
    const grid = expandGrids({ logistic: { C: [0.1, 1] } }, { task: 'classification', explicit: true });
    expect(withBothClassWeights(grid).map((c) => [c.params['C'], c.classWeight])).toEqual([
      [0.1, 'none'],
      [0.1, 'balanced'],
      [1, 'none'],
      [1, 'balanced'],
    ]);
  });

  it('cross-validates both fits of a candidate, and the ranked results say which weighting each is', () => {
    // An imbalanced 3-class task: class 2 is 1 row in 8.
    const d = gridData(400, 11);
    const y = Float64Array.from(d.multi, (c, i) => (c === 2 && i % 4 !== 0 ? 1 : c));
    const data: TuneData = { X: d.X, y, task: 'classification', nClasses: 3, classWeight: 'none', seed: 1 };
    const folds: Fold[] = [0, 1].map((f) => ({
      train: Uint32Array.from({ length: 200 }, (_, i) => 2 * i + (1 - f)),
      test: Uint32Array.from({ length: 200 }, (_, i) => 2 * i + f),
    }));
    const candidates = withBothClassWeights(expandGrids({ decision_tree: { max_depth: 3 } }, { task: 'classification', explicit: true }));
    const results = crossValidate(data, folds, candidates, scorer('f1', { nClasses: 3 }));
    expect(results.map((r) => r.classWeight)).toEqual(['none', 'balanced']);
    expect(results[0]!.cv.mean).not.toBe(results[1]!.cv.mean);
    const ranked = rankResults(results, 'max');
    expect(ranked[0]!.cv.mean).toBeGreaterThan(ranked[1]!.cv.mean);
    // A candidate's own class weights win over the search's.
    const balanced = fitCandidate(data, d.X, y, candidates[1]!);
    const explicit = fitCandidate({ ...data, classWeight: 'balanced' }, d.X, y, { model: 'decision_tree', params: { max_depth: 3 } });
    expect(JSON.stringify(balanced.toJSON())).toBe(JSON.stringify(explicit.toJSON()));
  });

  it("left unset, train's params slice holds 'none' as before auto existed (same version ids); set, it is marked explicit", () => {
    const slice = (extra: string) => stageSlices({ loaded: parseParamsText(`data:\n  source: d.csv\n  target: y\n${extra}`, '/w/params.yaml', []) } as unknown as Workspace).train;
    const unset = slice('');
    expect((unset.train as Record<string, unknown>).class_weight).toBe('none');
    expect(unset).not.toHaveProperty('explicit');
    const none = slice('train:\n  class_weight: none\n');
    expect(none).toMatchObject({ train: { class_weight: 'none' }, explicit: ['train.class_weight'] });
    expect(slice('train:\n  class_weight: auto\n')).toMatchObject({ train: { class_weight: 'auto' }, explicit: ['train.class_weight'] });
  });
});
