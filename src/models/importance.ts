/**
 * Permutation importance (Breiman 2001; scikit-learn's permutation_importance): how much the
 * test score worsens when one input column's values are shuffled across rows. All one-hot
 * columns of a source column are shuffled together, so importance is per original column.
 */
import { createRng, permutation } from '../util/rng.js';
import { createMatrix, type Matrix } from './matrix.js';
import type { Model } from './model.js';
import { predictWith, type Prediction } from './tune.js';

export interface Importance {
  readonly feature: string;
  /** Mean loss of score over the repeats (positive: the model relies on this column). */
  readonly mean: number;
  readonly std: number;
}

export interface ImportanceInput {
  readonly model: Model;
  readonly X: Matrix;
  readonly y: Float64Array;
  /** Source column of each matrix column. */
  readonly featureSources: readonly string[];
  readonly score: (yTrue: Float64Array, prediction: Prediction) => number;
  readonly direction: 'min' | 'max';
  readonly repeats: number;
  readonly seed: number;
}

export function permutationImportance(input: ImportanceInput): Importance[] {
  const { X, featureSources } = input;
  const base = input.score(input.y, predictWith(input.model, X));
  const sources = [...new Set(featureSources)];
  const rng = createRng(input.seed);
  const shuffled = createMatrix(X.rows, X.cols);
  const out = sources.map((source) => {
    const cols = featureSources.flatMap((s, j) => (s === source ? [j] : []));
    const losses: number[] = [];
    for (let r = 0; r < input.repeats; r++) {
      const perm = permutation(X.rows, rng);
      shuffled.data.set(X.data);
      for (let i = 0; i < X.rows; i++) {
        const from = perm[i]! * X.cols;
        for (const j of cols) shuffled.data[i * X.cols + j] = X.data[from + j]!;
      }
      const s = input.score(input.y, predictWith(input.model, shuffled));
      losses.push(input.direction === 'max' ? base - s : s - base);
    }
    const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
    const std = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / losses.length);
    return { feature: source, mean, std };
  });
  return out.sort((a, b) => b.mean - a.mean || (a.feature < b.feature ? -1 : 1));
}
