/**
 * Exact path-dependent TreeSHAP: the Shapley values of Lundberg, Erion & Lee 2018 ("Consistent
 * individualized feature attribution for tree ensembles"), computed in O(nodes · depth) per tree
 * and row instead of their Algorithm 2's O(leaves · depth²), the edge-wise summation of Linear
 * TreeSHAP (Yu, Bhattacharya et al. 2022, "Linear TreeShap", NeurIPS) with the polynomial
 * integrals done by Gauss–Legendre quadrature.
 *
 * The game. A coalition S's value is the tree's expected output given x_S with the other features
 * integrated out along the tree: a split on a feature in S follows x, a split on any other
 * feature takes both branches weighted by their node covers (the training weight that reached
 * each child, TreeNodes.cover). Leaf l, reached through the unique features P_l of its path,
 * contributes v_l · Π_{k∈S∩P_l} o_k · Π_{k∈P_l∖S} z_k, where for feature k (all its splits on the
 * path merged) z_k is the product of the cover ratios and o_k is 1 when x takes every one of
 * those branches, else 0.
 *
 * The Shapley value of a product game, by Owen's multilinear extension ("Multilinear extensions
 * of games", Management Science 18, 1972; the Shapley weight |S|!(n−|S|−1)!/n! is the Beta
 * integral ∫₀¹ t^|S| (1−t)^(n−1−|S|) dt):
 *   φ_j += v_l (o_j − z_j) ∫₀¹ Π_{k∈P_l, k≠j} f_k(t) dt,   f_k(t) = z_k (1 − t) + o_k t,
 * a polynomial of degree < depth, so m = ⌈depth / 2⌉ Gauss–Legendre nodes give the integral
 * exactly (positive weights, positive integrand: no cancellation).
 *
 * The edge-wise sum. With F_l(t) = Π_{k∈P_l} f_k(t), the leaf's term is ∫ F_l · (o_j − z_j)/f_j,
 * and (o_j − z_j)/f_j telescopes over the splits on j down the path: the edge into child c of a
 * split on j adds c_e(t) = (o_e − z_e)/f_e(t) − (o_p − z_p)/f_p(t) (after and before the split;
 * 0 before j's first split, where z = o = 1). So one depth-first walk carries F down (each edge
 * multiplies it by f_e/f_p), returns S(t) = Σ_{leaves below} v_l F_l(t) up, and adds
 * Σ_i w_i c_e(t_i) S_c(t_i) to φ_j at each edge: O(m) per node. A subtree whose merged factor is
 * 0 (z = o = 0, a cold branch of no cover) contributes nothing and is skipped.
 *
 * Base value: the cover-weighted mean of the leaves, E[f]; so base + Σ_j φ_j = f(x) exactly (up
 * to rounding) for every row. Sums over trees like sumTrees: row i explains output
 * k = classOf[i] (the value column for multi-output nodes, or only the trees with
 * treeOutput[t] = k). Returns unscaled sums: the caller divides (forests) or adds its init.
 * Deterministic: a fixed order of operations per row.
 */
import { SpmError } from '../errors.js';
import { gaussLegendre } from '../stats/gauss-legendre.js';
import type { Matrix } from './matrix.js';
import type { TreeEnsemble } from './tree-ensemble.js';
import { shapLayout, type ShapLayout } from './tree-shap-layout.js';

/** One row's walk over one tree's nodes; buffers per depth level, allocated once per call. */
class EdgeWalker {
  /** Quadrature nodes and weights on [0, 1], m of them; nwu_i = −w_i/(1 − t_i). */
  private readonly t: Float64Array;
  private readonly w: Float64Array;
  private readonly nwu: Float64Array;
  private readonly m: number;
  /** Per level (m numbers each): F(t_i) of the path down to the node, S(t_i) returned from it. */
  private readonly F: Float64Array;
  private readonly S: Float64Array;
  /** Per level, for a feature's repeated split: the factor ratio f_e/f_p at t_i and the term weight w_i · c_e(t_i). */
  private readonly g: Float64Array;
  private readonly wc: Float64Array;
  /** The merged factor of each feature on the current path: z (cover ratios) and o (1 or 0). */
  private readonly z: Float64Array;
  private readonly o: Uint8Array;
  /** The row's features (row-major data and offset), the explained output column and φ (offset phi0). */
  data: Float64Array = new Float64Array(0);
  x0 = 0;
  col = 0;
  phi: Float64Array = new Float64Array(0);
  phi0 = 0;

  constructor(private readonly L: ShapLayout, private readonly nOutputs: number, nFeatures: number) {
    const depth = L.depth;
    const { nodes, weights } = gaussLegendre(Math.max(1, Math.ceil(depth / 2)));
    this.t = nodes;
    this.w = weights;
    this.nwu = nodes.map((x, i) => -weights[i]! / (1 - x));
    const m = nodes.length;
    this.m = m;
    this.F = new Float64Array((depth + 1) * m);
    this.S = new Float64Array((depth + 1) * m);
    this.g = new Float64Array((depth + 1) * m);
    this.wc = new Float64Array((depth + 1) * m);
    this.z = new Float64Array(nFeatures).fill(1);
    this.o = new Uint8Array(nFeatures).fill(1);
  }

  /** Adds the tree under `root` to φ. */
  explainTree(root: number): void {
    if (this.L.feature[root]! < 0) return; // a single leaf: its value is the base, φ = 0
    this.F.fill(1, 0, this.m);
    this.walk(root, 0);
  }

  /** Fills S at `level` with Σ v_l F_l(t_i) over the leaves under internal `node`, F at `level` given. */
  private walk(node: number, level: number): void {
    const { L, z, o } = this;
    const split = L.feature[node]!;
    const left = node + 1;
    const right = L.right[node]!;
    // `x <= t` is false for NaN: missing values go right, as findLeaf sends them
    const hot = this.data[this.x0 + split]! <= L.threshold[node]! ? left : right;
    const cold = hot === left ? right : left;
    const zp = z[split]!;
    if (o[split] === 0) {
      // x went the other way at an earlier split on this feature: f = z (1 − t) before and after,
      // so F scales by the cover ratio, and (o − z)/f = −1/(1 − t) does not change: c_e = 0
      this.scaled(hot, level, split, zp, true);
      this.scaled(cold, level, split, zp, false);
      return;
    }
    const sum = zp === 1
      ? this.firstHot(hot, level, split) + this.firstCold(cold, level, split)
      : this.again(hot, level, split, zp, 1, true) + this.again(cold, level, split, zp, 0, false);
    this.phi[this.phi0 + split] = this.phi[this.phi0 + split]! + sum;
  }

  /** Sets (first) or adds the child's S to S at `level`. */
  private gather(at: number, from: number, first: boolean): void {
    const { S, m } = this;
    if (first) for (let i = 0; i < m; i++) S[at + i] = S[from + i]!;
    else for (let i = 0; i < m; i++) S[at + i] = S[at + i]! + S[from + i]!;
  }

  /** Walks internal `child` one level below `level` with the split feature's factor set to (ze, oe). */
  private descend(child: number, level: number, split: number, ze: number, oe: 0 | 1): void {
    const { z, o } = this;
    const zp = z[split]!;
    const op = o[split]!;
    z[split] = ze;
    o[split] = oe;
    this.walk(child, level + 1);
    z[split] = zp;
    o[split] = op;
  }

  /** An edge under a split whose feature has o = 0: F times the cover ratio, no term for φ. */
  private scaled(child: number, level: number, split: number, zp: number, first: boolean): void {
    const { L, m, F, S } = this;
    const at = level * m;
    const ratio = L.share[child]!;
    if (L.feature[child]! < 0) {
      const v = L.value[child * this.nOutputs + this.col]! * ratio;
      if (first) for (let i = 0; i < m; i++) S[at + i] = v * F[at + i]!;
      else for (let i = 0; i < m; i++) S[at + i] = S[at + i]! + v * F[at + i]!;
      return;
    }
    const below = at + m;
    for (let i = 0; i < m; i++) F[below + i] = F[at + i]! * ratio;
    this.descend(child, level, split, zp * ratio, 0);
    this.gather(at, below, first);
  }

  /**
   * The hot edge of a feature's first split on the path (f_p = 1, c_p = 0): f_e = z + (1 − z) t,
   * c_e = (1 − z)/f_e. Sets S at `level`; returns the edge's term for φ.
   */
  private firstHot(child: number, level: number, split: number): number {
    const { L, t, w, m, F, S } = this;
    const at = level * m;
    const ze = L.share[child]!;
    const de = 1 - ze;
    let sum = 0;
    if (L.feature[child]! < 0) {
      // S_c = v F f_e, so c_e S_c = (1 − z) v F
      const v = L.value[child * this.nOutputs + this.col]!;
      for (let i = 0; i < m; i++) {
        S[at + i] = v * F[at + i]! * (ze + de * t[i]!);
        sum += w[i]! * F[at + i]!;
      }
      return de * v * sum;
    }
    const below = at + m;
    for (let i = 0; i < m; i++) F[below + i] = F[at + i]! * (ze + de * t[i]!);
    this.descend(child, level, split, ze, 1);
    for (let i = 0; i < m; i++) {
      const sc = S[below + i]!;
      S[at + i] = sc;
      sum += (w[i]! * sc) / (ze + de * t[i]!);
    }
    return de * sum;
  }

  /**
   * The cold edge of a feature's first split (f_p = 1, c_p = 0): f_e = z (1 − t), c_e = −1/(1 − t).
   * Adds to S at `level`; returns the edge's term for φ.
   */
  private firstCold(child: number, level: number, split: number): number {
    const { L, t, w, nwu, m, F, S } = this;
    const at = level * m;
    const ze = L.share[child]!;
    if (ze === 0) return 0; // merged factor 0: no leaf below counts
    let sum = 0;
    if (L.feature[child]! < 0) {
      // S_c = v F z (1 − t), so c_e S_c = −v z F
      const v = L.value[child * this.nOutputs + this.col]! * ze;
      for (let i = 0; i < m; i++) {
        S[at + i] = S[at + i]! + v * F[at + i]! * (1 - t[i]!);
        sum += w[i]! * F[at + i]!;
      }
      return -v * sum;
    }
    const below = at + m;
    for (let i = 0; i < m; i++) F[below + i] = F[at + i]! * ze * (1 - t[i]!);
    this.descend(child, level, split, ze, 0);
    for (let i = 0; i < m; i++) {
      const sc = S[below + i]!;
      S[at + i] = S[at + i]! + sc;
      sum += nwu[i]! * sc;
    }
    return sum;
  }

  /**
   * An edge of a feature split again with every earlier split on it hot (o_p = 1, z_p < 1):
   * f_p = z_p + (1 − z_p) t; f_e = z_e + (o_e − z_e) t, (o_e − z_e)/f_e (−1/(1 − t) when cold).
   * Sets (first) or adds to S at `level`; returns the edge's term for φ.
   */
  private again(child: number, level: number, split: number, zp: number, oe: 0 | 1, first: boolean): number {
    const { L, t, w, nwu, m, F, S, g, wc } = this;
    const at = level * m;
    const ze = zp * L.share[child]!;
    if (ze === 0 && oe === 0) return 0; // merged factor 0: no leaf below counts
    const dp = 1 - zp;
    const de = oe - ze;
    for (let i = 0; i < m; i++) {
      const rp = 1 / (zp + dp * t[i]!);
      const fe = ze + de * t[i]!;
      g[at + i] = fe * rp;
      wc[at + i] = oe === 1 ? w[i]! * (de / fe - dp * rp) : nwu[i]! - w[i]! * dp * rp;
    }
    let sum = 0;
    if (L.feature[child]! < 0) {
      const v = L.value[child * this.nOutputs + this.col]!;
      for (let i = 0; i < m; i++) {
        const sc = v * F[at + i]! * g[at + i]!;
        S[at + i] = first ? sc : S[at + i]! + sc;
        sum += wc[at + i]! * sc;
      }
      return sum;
    }
    const below = at + m;
    for (let i = 0; i < m; i++) F[below + i] = F[at + i]! * g[at + i]!;
    this.descend(child, level, split, ze, oe);
    for (let i = 0; i < m; i++) {
      const sc = S[below + i]!;
      S[at + i] = first ? sc : S[at + i]! + sc;
      sum += wc[at + i]! * sc;
    }
    return sum;
  }
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
const derived = new WeakMap<TreeEnsemble, { layout: ShapLayout; expected: Float64Array }>();

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
    d = { layout: shapLayout(e, cover), expected: expectedValues(e, cover) };
    derived.set(e, d);
  }
  const { rows, cols, data } = X;
  const base = new Float64Array(rows);
  const values = new Float64Array(rows * cols);
  const walker = new EdgeWalker(d.layout, e.nOutputs, cols);
  walker.data = data;
  walker.phi = values;
  for (let i = 0; i < rows; i++) {
    const k = classOf === null ? 0 : classOf[i]!;
    walker.x0 = i * cols;
    walker.phi0 = i * cols;
    walker.col = treeOutput === undefined ? k : 0;
    for (let t = 0; t < e.nTrees; t++) {
      if (treeOutput !== undefined && treeOutput[t] !== k) continue;
      base[i] = base[i]! + d.expected[e.roots[t]! * e.nOutputs + walker.col]!;
      walker.explainTree(d.layout.roots[t]!);
    }
  }
  return { base, values };
}
