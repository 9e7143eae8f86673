import { describe, expect, it } from 'vitest';
import { takeMatrixRows } from '../../src/models/matrix.js';
import { boostingLoss } from '../../src/models/boosting-loss.js';
import { gradientBoostingFactory } from '../../src/models/gradient-boosting.js';
import type { BoostedTrees } from '../../src/models/tree-boosted-model.js';
import { validationSplit } from '../../src/models/validation-split.js';
import { createRng } from '../../src/util/rng.js';
import { thrownSpmError } from '../helpers/errors.js';
import { expectDigest, gridData } from '../helpers/model-fixtures.js';

const ES = { n_estimators: 300, n_iter_no_change: 5, validation_fraction: 0.2 } as const;
const treeCount = (m: unknown): number => ((m as BoostedTrees).toJSON() as { trees: { roots: number[] } }).trees.roots.length;

describe('gradient_boosting early stopping vs scikit-learn 1.2.1 on gridData(400, 11)', () => {
  // References: `node bench/reference/early-stopping-data.mjs | /usr/bin/python3
  // bench/reference/early_stopping.py reg=89` — scikit-learn's GradientBoosting{Regressor,Classifier}
  // (300 rounds, max_depth=3, learning_rate=0.1) fitted on spm's fit rows, its _fit_stages rule
  // (n_iter_no_change=5, tol=1e-4) applied to est._loss on spm's validation rows: the stages kept
  // and the digest of the stopped model's predictions on the fit rows. Held-out rows are scored
  // slightly differently (thresholds between bins vs between a node's values: see the script),
  // so the regression stops 2 rounds before scikit-learn; its fit rows match at that round.
  const data = gridData(400, 11);
  const all = Uint32Array.from({ length: 400 }, (_, i) => i);
  // The model draws its split first from createRng(seed), as here.
  const fitRows = (y: Float64Array, task: 'regression' | 'classification') => takeMatrixRows(data.X, validationSplit(all, y, task, 0.2, createRng(0)).fit);

  it('regression stops within 2 rounds of scikit-learn (91), predicting as scikit-learn at its round', () => {
    const m = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', ES);
    expect(treeCount(m)).toBe(89);
    expectDigest(m.predict(fitRows(data.reg, 'regression')), [10193.541199721203, 406441.7957349925, 1626391.1208270576]);
  });

  it('binary stops after 51 rounds, as scikit-learn, with the same predict_proba', () => {
    const m = gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed: 0, nClasses: 2 }, 'classification', ES);
    expect(treeCount(m)).toBe(51);
    expectDigest(m.predictProba!(fitRows(data.bin, 'classification')).data, [320, 276.04767520943057, 102601.94602938156]);
  });

  it('3 classes stop after 25 rounds (75 trees), as scikit-learn, with the same predict_proba', () => {
    const m = gradientBoostingFactory.fit({ X: data.X, y: data.multi, seed: 0, nClasses: 3 }, 'classification', ES);
    expect(treeCount(m)).toBe(25 * 3);
    expectDigest(m.predictProba!(fitRows(data.multi, 'classification')).data, [320, 219.15550134079115, 153848.3577158794]);
  });

  it('is byte-deterministic for a seed; another seed draws another validation split', () => {
    const fit = (seed: number): string => JSON.stringify(gradientBoostingFactory.fit({ X: data.X, y: data.bin, seed, nClasses: 2 }, 'classification', ES).toJSON());
    const a = fit(4);
    expect(fit(4)).toBe(a);
    expect(fit(5)).not.toBe(a);
  });

  it('keeps every round when the loss keeps falling by more than tol, and stores its settings', () => {
    const m = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { n_estimators: 20, n_iter_no_change: 5 });
    expect(treeCount(m)).toBe(20);
    expect(m.params).toMatchObject({ n_iter_no_change: 5, validation_fraction: 0.1, tol: 1e-4 });
  });

  it('without n_iter_no_change the stored params are as before early stopping existed', () => {
    const m = gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', { n_estimators: 5 });
    expect(Object.keys(m.params)).toEqual(['n_estimators', 'learning_rate', 'max_depth', 'min_samples_leaf', 'min_samples_split', 'subsample']);
  });

  it('rejects bad early-stopping settings with the parameter named', () => {
    const fit = (p: Record<string, number>) => thrownSpmError(() => gradientBoostingFactory.fit({ X: data.X, y: data.reg, seed: 0 }, 'regression', p));
    expect(fit({ n_iter_no_change: 0 }).message).toBe('gradient_boosting: n_iter_no_change must be an integer >= 1 or null, got 0');
    expect(fit({ n_iter_no_change: 3, validation_fraction: 1 }).message).toBe('gradient_boosting: validation_fraction must be a number in (0, 1), got 1');
    expect(fit({ n_iter_no_change: 3, tol: -1 }).message).toBe('gradient_boosting: tol must be a number >= 0, got -1');
  });
});

describe('validationSplit', () => {
  const rows = Uint32Array.from({ length: 50 }, (_, i) => i);
  const y = Float64Array.from({ length: 50 }, (_, i) => (i < 40 ? 0 : 1));

  it('holds out ceil(fraction · n) rows, each class in proportion, disjoint and covering', () => {
    const s = validationSplit(rows, y, 'classification', 0.1, createRng(3));
    expect(s.validation.length).toBe(5);
    expect(Array.from(s.validation).filter((r) => y[r] === 1).length).toBe(1);
    expect([...s.fit, ...s.validation].sort((a, b) => a - b)).toEqual(Array.from(rows));
  });

  it('keeps a row on each side however small the fraction', () => {
    const s = validationSplit(rows.subarray(0, 2), y, 'regression', 0.01, createRng(1));
    expect([s.fit.length, s.validation.length]).toEqual([1, 1]);
  });
});

describe('boostingLoss (scikit-learn 1.2.1 _gb_losses __call__)', () => {
  const all = Uint32Array.of(0, 1);
  it('squared error, binomial and multinomial deviance', () => {
    // LeastSquaresError()([1, 2], [0, 4]) = (1 + 4) / 2
    expect(boostingLoss('regression', 1, Float64Array.of(1, 2), Float64Array.of(0, 4), undefined, all)).toBeCloseTo(2.5, 12);
    // BinomialDeviance(2)([1, 0], [0.5, -1]) = -2·mean(y·f − logaddexp(0, f))
    expect(boostingLoss('classification', 1, Float64Array.of(1, 0), Float64Array.of(0.5, -1), undefined, all)).toBeCloseTo(0.7873386716983295, 12);
    // MultinomialDeviance(3)([2, 0], [[0, 1, 2], [1, 0, 0]], sample_weight=[1, 3]) = mean(logsumexp(f) − f_y)
    expect(boostingLoss('classification', 3, Float64Array.of(2, 0), Float64Array.of(0, 1, 2, 1, 0, 0), Float64Array.of(1, 3), all)).toBeCloseTo(0.5154850265601334, 12);
  });
});
