/**
 * Trees as flat typed arrays, the form every tree model predicts, explains and serialises in.
 * All trees share one node numbering: tree t's root is roots[t], children of node i are
 * left[i] and left[i] + 1, leaves have feature -1. Thresholds are real feature values, so
 * prediction needs no bins and a loaded model predicts exactly like the fitted one.
 * Walks read with `!`: roots and children are node numbers below the node count and features
 * are columns of X, by construction (packTrees) or by tree-json.ts's checks on load.
 */
import type { Matrix } from './matrix.js';
import { completeTrees, sumCompleteTrees, type CompleteTrees } from './tree-complete.js';
import type { TreeNodes } from './tree-nodes.js';

export interface TreeEnsemble {
  readonly nTrees: number;
  /** Numbers per node: class shares for forest classifiers, else 1. */
  readonly nOutputs: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly value: Float64Array;
  /** Each node's training weight (TreeNodes.cover); null for a model stored before spm kept it. */
  readonly cover: Float64Array | null;
}

/** Concatenates grown trees; `scale` multiplies every node value (a boosting learning rate). */
export function packTrees(trees: readonly TreeNodes[], nOutputs: number, scale = 1): TreeEnsemble {
  let total = 0;
  for (const t of trees) total += t.nodeCount;
  const roots = new Int32Array(trees.length);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const value = new Float64Array(total * nOutputs);
  const cover = new Float64Array(total);
  let at = 0;
  trees.forEach((t, i) => {
    roots[i] = at;
    feature.set(t.feature, at);
    threshold.set(t.threshold, at);
    cover.set(t.cover, at);
    for (let j = 0; j < t.nodeCount; j++) left[at + j] = t.feature[j]! < 0 ? -1 : t.left[j]! + at;
    for (let j = 0; j < t.nodeCount * nOutputs; j++) value[at * nOutputs + j] = scale * t.value[j]!;
    at += t.nodeCount;
  });
  return { nTrees: trees.length, nOutputs, roots, feature, threshold, left, value, cover };
}

/** The leaf that row `offset` of `data` (a row-major matrix's data) reaches from node `node`. */
export function findLeaf(e: TreeEnsemble, data: Float64Array, offset: number, node: number): number {
  const { feature, threshold, left } = e;
  let f = feature[node]!;
  while (f >= 0) {
    // `x <= t` is false for NaN: missing values go right, as in training
    node = left[node]! + (data[offset + f]! <= threshold[node]! ? 0 : 1);
    f = feature[node]!;
  }
  return node;
}

/**
 * Sums tree outputs per row into out (rows × outputs, row-major, pre-filled by the caller with
 * the starting score), trees in order. With `treeOutput`, tree t adds its single value to
 * column treeOutput[t] (boosting: one tree per class per round); without it every tree adds all
 * nOutputs values. Shallow ensembles use the complete layout (tree-complete.ts).
 */
export function sumTrees(e: TreeEnsemble, X: Matrix, out: Float64Array, outputs: number, treeOutput?: Int32Array): void {
  let complete = layouts.get(e);
  if (complete === undefined) {
    complete = completeTrees(e);
    layouts.set(e, complete);
  }
  if (complete !== null) {
    sumCompleteTrees(complete, X, out, outputs, treeOutput);
    return;
  }
  const { roots, value, nOutputs, nTrees } = e;
  const { data, cols, rows } = X;
  // rows outer, trees inner: a row's features stay in cache while all trees visit it
  for (let i = 0; i < rows; i++) {
    const x0 = i * cols;
    const o0 = i * outputs;
    for (let t = 0; t < nTrees; t++) {
      const v0 = findLeaf(e, data, x0, roots[t]!) * nOutputs;
      if (nOutputs === 1) {
        const o = o0 + (treeOutput === undefined ? 0 : treeOutput[t]!);
        out[o] = out[o]! + value[v0]!;
      } else for (let k = 0; k < nOutputs; k++) out[o0 + k] = out[o0 + k]! + value[v0 + k]!;
    }
  }
}

/** Complete layouts, derived once per ensemble (ensembles are immutable). */
const layouts = new WeakMap<TreeEnsemble, CompleteTrees | null>();
