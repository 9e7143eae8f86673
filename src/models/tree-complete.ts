/**
 * Fast batch prediction for shallow trees. Every tree of depth ≤ D is laid out as a complete
 * binary tree of depth D in heap order (children of node i are 2i+1 and 2i+2), a leaf above
 * depth D copied into every leaf below it. A row then takes exactly D steps per tree with no
 * child-pointer load and no data-dependent loop exit (the walk is latency-bound: each step's
 * loads depend on the last), and reaches the same leaf, so the sums are the same bits.
 * Indices are in range by the layout: a walk of D steps from node 0 ends at a heap position
 * below 2^(D+1) − 1, whose leaf slot is below 2^D per tree (reads use `!`).
 */
import type { Matrix } from './matrix.js';
import type { TreeEnsemble } from './tree-ensemble.js';

/** Deepest ensemble laid out completely (2^11 − 1 nodes per tree). */
const MAX_COMPLETE_DEPTH = 10;
/** Rows scored together, tree by tree, so a block's features stay in cache. */
const BLOCK = 256;

export interface CompleteTrees {
  readonly depth: number;
  readonly nTrees: number;
  readonly nOutputs: number;
  /** Per tree 2^depth − 1 split nodes (feature, threshold), then 2^depth leaves × nOutputs values. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly leaf: Float64Array;
}

function treeDepth(e: TreeEnsemble, node: number): number {
  if (e.feature[node]! < 0) return 0;
  const l = e.left[node]!;
  return 1 + Math.max(treeDepth(e, l), treeDepth(e, l + 1));
}

/** The complete layout of e, or null when a tree is deeper than MAX_COMPLETE_DEPTH. */
export function completeTrees(e: TreeEnsemble): CompleteTrees | null {
  let depth = 0;
  for (let t = 0; t < e.nTrees; t++) {
    depth = Math.max(depth, treeDepth(e, e.roots[t]!));
    if (depth > MAX_COMPLETE_DEPTH) return null;
  }
  const inner = (1 << depth) - 1;
  const leaves = 1 << depth;
  const k = e.nOutputs;
  const feature = new Int32Array(e.nTrees * inner);
  const threshold = new Float64Array(e.nTrees * inner);
  const leaf = new Float64Array(e.nTrees * leaves * k);
  const place = (t: number, node: number, slot: number, d: number): void => {
    if (d === depth) {
      const at = (t * leaves + slot - inner) * k;
      for (let j = 0; j < k; j++) leaf[at + j] = e.value[node * k + j]!;
      return;
    }
    const f = e.feature[node]!;
    // a leaf above the last level: any split (feature 0) leading to copies of itself
    feature[t * inner + slot] = f < 0 ? 0 : f;
    threshold[t * inner + slot] = f < 0 ? 0 : e.threshold[node]!;
    place(t, f < 0 ? node : e.left[node]!, 2 * slot + 1, d + 1);
    place(t, f < 0 ? node : e.left[node]! + 1, 2 * slot + 2, d + 1);
  };
  for (let t = 0; t < e.nTrees; t++) place(t, e.roots[t]!, 0, 0);
  return { depth, nTrees: e.nTrees, nOutputs: k, feature, threshold, leaf };
}

/** As sumTrees (tree-ensemble.ts), on the complete layout: same leaves, same order of sums. */
export function sumCompleteTrees(c: CompleteTrees, X: Matrix, out: Float64Array, outputs: number, treeOutput?: Int32Array): void {
  if (c.depth === 3 && c.nOutputs === 1) {
    sumDepth3(c, X, out, outputs, treeOutput);
    return;
  }
  const { depth, nTrees, feature, threshold, leaf, nOutputs: k } = c;
  const { data, cols, rows } = X;
  const inner = (1 << depth) - 1;
  const leaves = 1 << depth;
  for (let b0 = 0; b0 < rows; b0 += BLOCK) {
    const b1 = Math.min(rows, b0 + BLOCK);
    for (let t = 0; t < nTrees; t++) {
      const fb = t * inner;
      const lb = t * leaves - inner;
      const column = treeOutput === undefined ? 0 : treeOutput[t]!;
      for (let i = b0; i < b1; i++) {
        const x0 = i * cols;
        let node = 0;
        // `!(x <= t)` sends NaN right, as in training
        for (let d = 0; d < depth; d++) node = 2 * node + (data[x0 + feature[fb + node]!]! <= threshold[fb + node]! ? 1 : 2);
        const v = (lb + node) * k;
        const o = i * outputs;
        if (k === 1) out[o + column] = out[o + column]! + leaf[v]!;
        else for (let j = 0; j < k; j++) out[o + j] = out[o + j]! + leaf[v + j]!;
      }
    }
  }
}

/**
 * The default boosting depth, unrolled: the same steps as the loop in sumCompleteTrees without
 * its counter, about a quarter faster measured here (V8 does not unroll loops).
 */
function sumDepth3(c: CompleteTrees, X: Matrix, out: Float64Array, outputs: number, treeOutput?: Int32Array): void {
  const { nTrees, feature: f, threshold: th, leaf } = c;
  const { data, cols, rows } = X;
  for (let i = 0; i < rows; i++) {
    const x0 = i * cols;
    const o0 = i * outputs;
    for (let t = 0, fb = 0, lb = -7; t < nTrees; t++, fb += 7, lb += 8) {
      let n = data[x0 + f[fb]!]! <= th[fb]! ? 1 : 2;
      n = 2 * n + (data[x0 + f[fb + n]!]! <= th[fb + n]! ? 1 : 2);
      n = 2 * n + (data[x0 + f[fb + n]!]! <= th[fb + n]! ? 1 : 2);
      const o = o0 + (treeOutput === undefined ? 0 : treeOutput[t]!);
      out[o] = out[o]! + leaf[lb + n]!;
    }
  }
}
