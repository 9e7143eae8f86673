/**
 * Feature selection (params.yaml `features.select`): the top_k output features by a score
 * computed on the rows given, which are a cross-validation fold's train part (parallel-cv.ts
 * selects per fold) or the whole train split (the refit), never rows a model is scored on.
 *
 * - importance: mean decrease in impurity (Breiman 2001; scikit-learn's
 *   `feature_importances_`) of a random forest with spm's default settings but 50 trees of
 *   depth ≤ 8: the ranking settles well before 100 trees, and full-depth trees split on noise
 *   near their leaves, which inflates the importance of many-valued columns (Strobl et al.
 *   2007) and costs 3× the time (one forest per fold and one for the refit). Each tree's
 *   decreases are counted over all the rows given (sklearn counts a tree's bootstrap sample),
 *   normalised per tree, averaged over trees;
 * - mutual_information: mutual-information.ts (sklearn's mutual_info_regression/_classif).
 * Ties keep the column order; the kept columns are returned in column order.
 */
import { takeMatrixRows, takeValues, type Matrix } from '../models/matrix.js';
import type { Fold } from '../models/tune.js';
import type { Task } from '../models/model.js';
import { growForestTrees } from '../models/random-forest.js';
import type { TreeNodes } from '../models/tree-nodes.js';
import { mutualInformation } from './mutual-information.js';
import type { SelectMethod } from './select-methods.js';

const IMPORTANCE_TREES = 50;
const IMPORTANCE_DEPTH = 8;

export interface SelectSettings {
  readonly method: SelectMethod;
  readonly top_k: number;
}

export interface Selection {
  /** Indices of the kept columns, ascending. */
  readonly kept: Uint32Array;
  /** The score of every column (higher is more useful). */
  readonly scores: Float64Array;
}

export function selectFeatures(X: Matrix, y: Float64Array, task: Task, nClasses: number | undefined, settings: SelectSettings, seed: number): Selection {
  const scores = settings.method === 'mutual_information' ? mutualInformation(X, y, task, seed) : forestImportance(X, y, task, nClasses, seed);
  const ranked = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept = Uint32Array.from(ranked.slice(0, Math.min(settings.top_k, X.cols))).sort();
  return { kept, scores };
}

/** Mean decrease in impurity of a default random forest, per column, summing to 1 (all zero if no tree splits). */
export function forestImportance(X: Matrix, y: Float64Array, task: Task, nClasses: number | undefined, seed: number): Float64Array {
  const trees = growForestTrees({ X, y, nClasses, seed }, task, { n_estimators: IMPORTANCE_TREES, max_depth: IMPORTANCE_DEPTH }, 0, IMPORTANCE_TREES);
  const total = new Float64Array(X.cols);
  for (const tree of trees) {
    const decrease = impurityDecrease(tree, X, y, task === 'classification' ? nClasses ?? 2 : 0);
    const sum = decrease.reduce((a, b) => a + b, 0);
    if (sum > 0) for (let j = 0; j < X.cols; j++) total[j]! += decrease[j]! / sum;
  }
  const sum = total.reduce((a, b) => a + b, 0);
  return sum > 0 ? total.map((v) => v / sum) : total;
}

/**
 * Per column, Σ over the tree's splits of n·impurity(node) − n_l·impurity(left) − n_r·impurity(right),
 * with the rows routed down the tree; impurity is the variance (regression) or Gini (classes > 0).
 */
function impurityDecrease(tree: TreeNodes, X: Matrix, y: Float64Array, classes: number): Float64Array {
  const width = classes > 0 ? classes : 3; // regression: count, Σy, Σy²
  const stats = new Float64Array(tree.nodeCount * width);
  for (let i = 0; i < X.rows; i++) {
    let node = 0;
    for (;;) {
      const s = node * width;
      if (classes > 0) stats[s + y[i]!]!++;
      else {
        stats[s]!++;
        stats[s + 1]! += y[i]!;
        stats[s + 2]! += y[i]! * y[i]!;
      }
      const f = tree.feature[node]!;
      if (f < 0) break;
      node = tree.left[node]! + (X.data[i * X.cols + f]! <= tree.threshold[node]! ? 0 : 1);
    }
  }
  const weighted = (node: number): number => {
    const s = node * width;
    if (classes === 0) {
      const n = stats[s]!;
      return n === 0 ? 0 : stats[s + 2]! - (stats[s + 1]! * stats[s + 1]!) / n;
    }
    let n = 0;
    let sq = 0;
    for (let c = 0; c < classes; c++) {
      n += stats[s + c]!;
      sq += stats[s + c]! ** 2;
    }
    return n === 0 ? 0 : n - sq / n; // n · Gini
  };
  const out = new Float64Array(X.cols);
  for (let node = 0; node < tree.nodeCount; node++) {
    const f = tree.feature[node]!;
    if (f < 0) continue;
    const l = tree.left[node]!;
    out[f]! += weighted(node) - weighted(l) - weighted(l + 1);
  }
  return out;
}

/**
 * Each fold with the columns chosen on its own train part (never on its test part, nor on the
 * whole train split first, which would leak the test part's rows into the choice).
 */
export function selectPerFold(
  X: Matrix,
  y: Float64Array,
  folds: readonly Fold[],
  task: Task,
  nClasses: number | undefined,
  settings: SelectSettings,
  seed: number,
  onFold?: (index: number) => void,
): Fold[] {
  return folds.map((fold, f) => {
    onFold?.(f);
    return { ...fold, features: selectFeatures(takeMatrixRows(X, fold.train), takeValues(y, fold.train), task, nClasses, settings, seed).kept };
  });
}

/** What train records of a selection (cv_results.json `selection`): the kept feature names per fold and for the refit. */
export interface SelectionReport {
  readonly method: SelectMethod;
  readonly top_k: number;
  readonly folds: readonly (readonly string[])[];
  readonly refit: readonly string[];
}
