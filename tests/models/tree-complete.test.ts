import { describe, expect, it } from 'vitest';
import { binMatrix } from '../../src/models/binning.js';
import { findLeaf, packTrees, sumTrees, type TreeEnsemble } from '../../src/models/tree-ensemble.js';
import { growTree } from '../../src/models/tree-kernel.js';
import type { Matrix } from '../../src/models/matrix.js';
import { createRng } from '../../src/util/rng.js';

/** rows × cols of uniform values, a tenth of feature 0 (the one the targets follow) missing. */
function sample(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = Float64Array.from({ length: rows * cols }, (_, i) => (i % cols === 0 && rng.next() < 0.1 ? NaN : rng.next()));
  return { rows, cols, data };
}

/** Trees of depth ≤ maxDepth grown on random targets (so some leaves stop above the last level). */
function ensemble(X: Matrix, trees: number, maxDepth: number, nClasses: number, seed: number): TreeEnsemble {
  const rng = createRng(seed);
  const binned = binMatrix(X);
  const grown = Array.from({ length: trees }, () => {
    const rows = Uint32Array.from({ length: X.rows }, (_, i) => i);
    const target = nClasses === 0
      ? { kind: 'values' as const, values: Float64Array.from({ length: X.rows }, (_, i) => (Number.isNaN(X.data[i * X.cols]) ? 20 : X.data[i * X.cols]! * 10) + rng.normal()) }
      : { kind: 'classes' as const, classes: Int32Array.from({ length: X.rows }, () => rng.int(nClasses)), nClasses };
    return growTree(binned, target, null, rows, { maxDepth, minSamplesLeaf: 1 + rng.int(40), minSamplesSplit: 2, maxFeatures: X.cols });
  });
  return packTrees(grown, Math.max(nClasses, 1), 0.1);
}

/** The sums by their definition: every row walks every tree from its root (findLeaf), trees in order. */
function walked(e: TreeEnsemble, X: Matrix, start: Float64Array, outputs: number, treeOutput?: Int32Array): Float64Array {
  const out = start.slice();
  const k = e.nOutputs;
  for (let i = 0; i < X.rows; i++) {
    for (let t = 0; t < e.nTrees; t++) {
      const leaf = findLeaf(e, X.data, i * X.cols, e.roots[t]!);
      if (treeOutput) out[i * outputs + treeOutput[t]!] += e.value[leaf]!;
      else for (let j = 0; j < k; j++) out[i * outputs + j] += e.value[leaf * k + j]!;
    }
  }
  return out;
}

describe('sumTrees on the complete layout (branch-free walks, four rows at a time)', () => {
  // 203 rows: not a multiple of four, so the rows left over take the one-row loop too
  const X = sample(203, 5, 1);

  it.each([1, 2, 3, 4, 6])('adds the leaves a walk from the root reaches, bit for bit, at depth %i (NaN goes right)', (depth) => {
    const e = ensemble(X, 25, depth, 0, depth);
    const start = Float64Array.from({ length: X.rows }, (_, i) => i / 7);
    const out = start.slice();
    sumTrees(e, X, out, 1);
    expect(Array.from(out)).toEqual(Array.from(walked(e, X, start, 1)));
    expect(new Set(out).size).toBeGreaterThan(X.rows / 2); // the trees separate the rows
  });

  it('adds every class share of a forest classifier and each boosting tree to its own class column, bit for bit', () => {
    const forest = ensemble(X, 10, 4, 3, 9);
    const start = new Float64Array(X.rows * 3);
    const out = start.slice();
    sumTrees(forest, X, out, 3);
    expect(Array.from(out)).toEqual(Array.from(walked(forest, X, start, 3)));
    const boosted = ensemble(X, 12, 3, 0, 10);
    const treeOutput = Int32Array.from({ length: 12 }, (_, t) => t % 3);
    const raw = Float64Array.from({ length: X.rows * 3 }, (_, i) => (i % 3) - 1);
    const summed = raw.slice();
    sumTrees(boosted, X, summed, 3, treeOutput);
    expect(Array.from(summed)).toEqual(Array.from(walked(boosted, X, raw, 3, treeOutput)));
  });
});
