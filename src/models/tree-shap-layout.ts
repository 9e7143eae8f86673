/**
 * The trees as TreeSHAP walks them: every node of every tree, each tree in depth-first preorder,
 * so the walk (which visits every node for every row) reads its arrays front to back instead of
 * jumping across a layout several megabytes large (a default random forest: ~230,000 nodes), and
 * each node carries its share of its parent's cover, the edge's zero fraction, divided once per
 * model instead of once per row. Node i's left child is i + 1; its right child is right[i].
 * Costs about as much memory as the trees themselves, kept with the model (tree-shap.ts).
 */
import type { TreeEnsemble } from './tree-ensemble.js';

export interface ShapLayout {
  readonly roots: Int32Array;
  /** Split feature per node, −1 at leaves. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly right: Int32Array;
  /** cover / parent's cover (1 at a root). */
  readonly share: Float64Array;
  /** nOutputs values per node. */
  readonly value: Float64Array;
  /** The deepest root-to-leaf path, in splits. */
  readonly depth: number;
}

/** Lays out e in preorder; `cover` is e's (non-null) node covers. */
export function shapLayout(e: TreeEnsemble, cover: Float64Array): ShapLayout {
  const n = e.feature.length;
  const k = e.nOutputs;
  const roots = new Int32Array(e.nTrees);
  const feature = new Int32Array(n);
  const threshold = new Float64Array(n);
  const right = new Int32Array(n).fill(-1);
  const share = new Float64Array(n);
  const value = new Float64Array(n * k);
  let at = 0;
  let depth = 0;
  // an explicit stack of (source node, its parent's layout index or −1, the parent's source node, depth, is right child)
  const stack: number[] = [];
  for (let t = 0; t < e.nTrees; t++) {
    roots[t] = at;
    stack.push(e.roots[t]!, -1, -1, 0, 0);
    while (stack.length > 0) {
      const isRight = stack.pop()!;
      const d = stack.pop()!;
      const parentSource = stack.pop()!;
      const parent = stack.pop()!;
      const node = stack.pop()!;
      const i = at++;
      // the left child comes next (i + 1); the right one after the left one's whole subtree
      if (isRight === 1) right[parent] = i;
      feature[i] = e.feature[node]!;
      threshold[i] = e.threshold[node]!;
      share[i] = parent < 0 ? 1 : cover[node]! / cover[parentSource]!;
      for (let c = 0; c < k; c++) value[i * k + c] = e.value[node * k + c]!;
      depth = Math.max(depth, d);
      if (e.feature[node]! >= 0) {
        const l = e.left[node]!;
        stack.push(l + 1, i, node, d + 1, 1, l, i, node, d + 1, 0);
      }
    }
  }
  return { roots, feature, threshold, right, share, value, depth };
}
