/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2; the recursion of the shap package's
 * tree_shap_recursive with its EXTEND, UNWIND and unwound-sum steps). The Shapley value of
 * feature j for row x, where a coalition S's value is the tree's expected output given x_S with
 * the other features integrated out along the tree: a split on a feature in S follows x, a split
 * on any other feature takes both branches weighted by their node covers (the training weight
 * that reached each child, TreeNodes.cover). Polynomial: O(leaves · depth²) per tree and row.
 *
 * Base value: the cover-weighted mean of the leaves, E[f]; so base + Σ_j φ_j = f(x) exactly (up
 * to rounding) for every row. Sums over trees like sumTrees: row i explains output
 * k = classOf[i] (the value column for multi-output nodes, or only the trees with
 * treeOutput[t] = k). Returns unscaled sums: the caller divides (forests) or adds its init.
 */
import { SpmError } from '../errors.js';
import type { Matrix } from './matrix.js';
import type { TreeEnsemble } from './tree-ensemble.js';

/** Path buffers of one walk: one element per unique feature on the path, one path per depth. */
class PathWalker {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  /** The row's features (row-major data and offset), the explained output column and φ (offset phi0). */
  data: Float64Array = new Float64Array(0);
  x0 = 0;
  col = 0;
  phi: Float64Array = new Float64Array(0);
  phi0 = 0;

  constructor(private readonly e: TreeEnsemble, private readonly cover: Float64Array, maxDepth: number) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }

  /** EXTEND: adds (feature f, zero fraction pz, one fraction po) to the path at p of length `depth`. */
  private extend(p: number, depth: number, pz: number, po: number, f: number): void {
    const { feature, zero, one, weight } = this;
    feature[p + depth] = f;
    zero[p + depth] = pz;
    one[p + depth] = po;
    weight[p + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      weight[p + i + 1] = weight[p + i + 1]! + (po * weight[p + i]! * (i + 1)) / (depth + 1);
      weight[p + i] = (pz * weight[p + i]! * (depth - i)) / (depth + 1);
    }
  }

  /** UNWIND: removes element `at` from the path at p (last index `depth`), undoing its EXTEND. */
  private unwind(p: number, depth: number, at: number): void {
    const { feature, zero, one, weight } = this;
    const po = one[p + at]!;
    const pz = zero[p + at]!;
    let next = weight[p + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (po !== 0) {
        const tmp = weight[p + i]!;
        weight[p + i] = (next * (depth + 1)) / ((i + 1) * po);
        next = tmp - (weight[p + i]! * pz * (depth - i)) / (depth + 1);
      } else {
        weight[p + i] = (weight[p + i]! * (depth + 1)) / (pz * (depth - i));
      }
    }
    for (let i = at; i < depth; i++) {
      feature[p + i] = feature[p + i + 1]!;
      zero[p + i] = zero[p + i + 1]!;
      one[p + i] = one[p + i + 1]!;
    }
  }

  /** The total permutation weight of the path at p with element `at` unwound (the path is left as is). */
  private unwoundSum(p: number, depth: number, at: number): number {
    const { zero, one, weight } = this;
    const po = one[p + at]!;
    const pz = zero[p + at]!;
    let next = weight[p + depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (po !== 0) {
        const tmp = (next * (depth + 1)) / ((i + 1) * po);
        total += tmp;
        next = weight[p + i]! - tmp * pz * ((depth - i) / (depth + 1));
      } else {
        total += weight[p + i]! / pz / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  /** RECURSE at `node`: the parent's path starts at `parent`, `depth` elements long before this node's EXTEND. */
  walk(node: number, depth: number, parent: number, pz: number, po: number, pf: number): void {
    const { e, cover, feature, zero, one, weight } = this;
    const p = parent + depth + 1;
    for (let i = 0; i < depth; i++) {
      feature[p + i] = feature[parent + i]!;
      zero[p + i] = zero[parent + i]!;
      one[p + i] = one[parent + i]!;
      weight[p + i] = weight[parent + i]!;
    }
    this.extend(p, depth, pz, po, pf);
    const split = e.feature[node]!;
    if (split < 0) {
      const v = e.value[node * e.nOutputs + this.col]!;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(p, depth, i);
        const j = this.phi0 + feature[p + i]!;
        this.phi[j] = this.phi[j]! + w * (one[p + i]! - zero[p + i]!) * v;
      }
      return;
    }
    const left = e.left[node]!;
    // `x <= t` is false for NaN: missing values go right, as findLeaf sends them
    const hot = this.data[this.x0 + split]! <= e.threshold[node]! ? left : left + 1;
    const cold = hot === left ? left + 1 : left;
    let inZero = 1;
    let inOne = 1;
    let at = 0;
    while (at <= depth && feature[p + at] !== split) at++;
    if (at <= depth) {
      // the feature split higher up the path: undo that split to redo it here
      inZero = zero[p + at]!;
      inOne = one[p + at]!;
      this.unwind(p, depth, at);
      depth -= 1;
    }
    const w = cover[node]!;
    this.walk(hot, depth + 1, p, (cover[hot]! / w) * inZero, inOne, split);
    this.walk(cold, depth + 1, p, (cover[cold]! / w) * inZero, 0, split);
  }
}

/** The deepest root-to-leaf path of the ensemble, in splits. */
function maxDepth(e: TreeEnsemble): number {
  const depth = new Int32Array(e.feature.length);
  let max = 0;
  for (let i = 0; i < e.feature.length; i++) {
    max = Math.max(max, depth[i]!);
    if (e.feature[i]! < 0) continue;
    const l = e.left[i]!;
    depth[l] = depth[i]! + 1;
    depth[l + 1] = depth[i]! + 1;
  }
  return max;
}

/**
 * Every node's expected output over its subtree, E = Σ_leaves (cover_leaf / cover_node) · value,
 * per output column. Children come after their parent, so one backward pass fills it.
 */
function expectedValues(e: TreeEnsemble, cover: Float64Array): Float64Array {
  const k = e.nOutputs;
  const out = Float64Array.from(e.value);
  for (let i = e.feature.length - 1; i >= 0; i--) {
    if (e.feature[i]! < 0) continue;
    const l = e.left[i]!;
    const wl = cover[l]! / cover[i]!;
    const wr = cover[l + 1]! / cover[i]!;
    for (let c = 0; c < k; c++) out[i * k + c] = wl * out[l * k + c]! + wr * out[(l + 1) * k + c]!;
  }
  return out;
}

/** Derived once per ensemble (ensembles are immutable). */
const derived = new WeakMap<TreeEnsemble, { depth: number; expected: Float64Array }>();

/** The covers TreeSHAP needs; a model stored before spm kept them cannot be explained. */
export function coversOf(e: TreeEnsemble): Float64Array {
  if (e.cover === null) {
    throw new SpmError('ARTIFACT_OLD', 'this tree model was trained by an older spm that did not store the node covers SHAP explanations need', {
      hint: 'retrain it with `spm train --force` to explain its predictions',
    });
  }
  return e.cover;
}

export function treeShap(
  e: TreeEnsemble, X: Matrix, classOf: Int32Array | null, treeOutput?: Int32Array,
): { base: Float64Array; values: Float64Array } {
  const cover = coversOf(e);
  let d = derived.get(e);
  if (d === undefined) {
    d = { depth: maxDepth(e), expected: expectedValues(e, cover) };
    derived.set(e, d);
  }
  const { rows, cols, data } = X;
  const base = new Float64Array(rows);
  const values = new Float64Array(rows * cols);
  const walker = new PathWalker(e, cover, d.depth);
  walker.data = data;
  walker.phi = values;
  for (let i = 0; i < rows; i++) {
    const k = classOf === null ? 0 : classOf[i]!;
    walker.x0 = i * cols;
    walker.phi0 = i * cols;
    walker.col = treeOutput === undefined ? k : 0;
    for (let t = 0; t < e.nTrees; t++) {
      if (treeOutput !== undefined && treeOutput[t] !== k) continue;
      const root = e.roots[t]!;
      base[i] = base[i]! + d.expected[root * e.nOutputs + walker.col]!;
      walker.walk(root, 0, 0, 1, 1, -1);
    }
  }
  return { base, values };
}
