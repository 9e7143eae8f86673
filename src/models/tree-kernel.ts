/**
 * The CART kernel behind decision_tree, random_forest and gradient_boosting: grows one binary
 * tree depth-first on histogram-binned features (binning.ts, tree-histogram.ts).
 *
 * Why not ml-cart: its split search re-sorts and re-splits every candidate (quadratic in the
 * node's rows). Measured here at 20 features it takes 0.67 s at 1,000 rows, 47 s at 10,000 and
 * over 10 minutes at 100,000 for one tree, and ml-random-forest 21 s for a forest at 1,000 rows,
 * while `spm train` must search the default grid on 100,000 rows within 60 s (SPEC §8).
 * Here a node costs one pass over its rows per feature to build a histogram (only for the
 * smaller child: the larger one is parent − smaller), rows are partitioned in place, and the
 * hot loops touch only typed arrays.
 */
import type { BinnedMatrix } from './binning.js';
import { midpoint } from './binning.js';
import type { Rng } from '../util/rng.js';
import { GrowBuffers } from './tree-buffers.js';
import { HistogramBuilder } from './tree-builder.js';
import { accumulateValues, histogramLayout, subtractHistogram, type HistogramLayout } from './tree-histogram.js';
import { nextNonEmptyBin, scanFeature, type SplitBest } from './tree-split.js';
import { NodeStore, type NodesWithRanges } from './tree-nodes.js';

/** Nodes of a tree at most this deep are counted exactly for its node arrays (2^(d+1) − 1); deeper ones grow them as needed. */
const EXACT_CAPACITY_DEPTH = 9;

/** What a tree fits: real values (squared error) or class indices (Gini). */
export type TreeTarget =
  | { readonly kind: 'values'; readonly values: Float64Array }
  | { readonly kind: 'classes'; readonly classes: Int32Array; readonly nClasses: number };

export interface GrowOptions {
  /** Depth of the deepest leaf (root = 0). */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  /** Features drawn per split, 1..cols; fewer than cols needs `rng`. */
  readonly maxFeatures: number;
  readonly rng?: Rng;
  /** Work arrays to reuse across the trees of an ensemble (one thread's); fresh ones when absent. */
  readonly buffers?: GrowBuffers;
  /**
   * Set when the tree grows on every row of `binned` in order (rows[i] = i) with the weights
   * these were counted with, squared error: allRowsCounts(binned, weights), the part of the
   * root histogram the trees of an ensemble share, so each root adds only its target sums.
   */
  readonly rootCounts?: Float64Array;
}

/**
 * The weights and row counts per bin of all rows of `binned` (target sums 0) for squared-error
 * trees with these weights: a boosting ensemble without subsampling grows every tree on all
 * rows, so its roots share them (GrowOptions.rootCounts). Binary features are left out: their
 * kernel derives bin 0 from the node's totals instead.
 */
export function allRowsCounts(binned: BinnedMatrix, weights: Float64Array | null): Float64Array {
  const layout = histogramLayout(binned, 1, weights === null);
  const h = new Float64Array(layout.size);
  const rows = Uint32Array.from({ length: binned.rows }, (_, i) => i);
  // zero targets: the sums stay 0, and weights and counts add up row by row, in row order, as a root's would
  accumulateValues(h, layout, binned, layout.general, rows, 0, binned.rows, new Float64Array(binned.rows), weights);
  return h;
}

/**
 * A grown tree. Node 0 is the root; a node's children are left[i] and left[i] + 1; a leaf has
 * feature -1. Rows x with x[feature] <= threshold go left (NaN goes right). value holds
 * nOutputs numbers per node: the weighted mean, or the weighted class shares.
 * rows[start[i]..end[i]) are the training rows that reached node i.
 */
export interface GrownTree extends NodesWithRanges {
  readonly rows: Uint32Array;
}

/**
 * Grows a tree on the rows listed in `rows` (the array is reordered in place and returned in
 * the tree). `weights`: per-row weights indexed by row (null = all 1); rows must have weight > 0.
 */
export function growTree(
  binned: BinnedMatrix, target: TreeTarget, weights: Float64Array | null, rows: Uint32Array, options: GrowOptions,
): GrownTree {
  const k = target.kind === 'values' ? 1 : target.nClasses;
  const grower = new Grower(binned, target, weights, rows, options, histogramLayout(binned, k, weights === null));
  return grower.grow();
}

class Grower {
  private readonly nodes: NodeStore;
  private readonly histograms: HistogramBuilder;
  private readonly scratch: Uint32Array;
  private readonly totals: Float64Array;
  /** The totals of a child whose histogram is built when its parent splits. */
  private readonly childTotals: Float64Array;
  private readonly classScratch: Float64Array;
  private readonly featureOrder: Int32Array;
  private readonly maxFeatures: number;
  /** Histogram every drawn feature per node (few drawn) instead of all features with subtraction. */
  private readonly sparse: boolean;
  private readonly best: SplitBest = { score: -Infinity, feature: -1, bin: -1 };

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly target: TreeTarget,
    private readonly weights: Float64Array | null,
    private readonly rows: Uint32Array,
    private readonly options: GrowOptions,
    private readonly layout: HistogramLayout,
  ) {
    const n = rows.length;
    const k = layout.nOutputs;
    const most = options.maxDepth <= EXACT_CAPACITY_DEPTH ? 2 ** (options.maxDepth + 1) - 1 : 1024;
    this.nodes = new NodeStore(k, Math.min(most, 2 * n + 1));
    const buffers = options.buffers ?? new GrowBuffers();
    this.histograms = new HistogramBuilder(binned, target, weights, rows, layout, buffers);
    this.scratch = buffers.uint32('partition', n);
    this.totals = new Float64Array(k + 2);
    this.childTotals = new Float64Array(k + 2);
    this.classScratch = new Float64Array(k);
    const cols = binned.cols;
    this.featureOrder = Int32Array.from({ length: cols }, (_, i) => i);
    this.maxFeatures = Math.max(1, Math.min(cols, Math.floor(options.maxFeatures)));
    // Building all histograms costs ~cols/2 passes per level (smaller child only); building
    // just the drawn ones costs ~maxFeatures passes, so draw-only wins below half.
    this.sparse = 2 * this.maxFeatures < cols;
    if (this.maxFeatures < cols && options.rng === undefined) throw new Error('growTree: maxFeatures < cols needs an rng');
    if (options.rootCounts && (n !== binned.rows || target.kind !== 'values' || options.rootCounts.length !== layout.size)) {
      throw new Error('growTree: rootCounts needs a squared-error tree on every row');
    }
  }

  grow(): GrownTree {
    const nodes = this.nodes;
    const stackNode: number[] = [nodes.add(0, this.rows.length)];
    const stackDepth: number[] = [0];
    const stackHist: (Float64Array | null)[] = [null];
    while (stackNode.length > 0) {
      const id = stackNode.pop()!;
      const depth = stackDepth.pop()!;
      let hist = stackHist.pop()!;
      const start = nodes.start[id]!;
      const end = nodes.end[id]!;
      const pure = this.nodeStats(start, end, this.totals);
      nodes.setValue(id, this.totals, this.layout.nOutputs);
      if (pure || !this.splittable(depth, end - start)) {
        this.histograms.release(hist);
        continue;
      }
      hist = this.findSplit(hist, start, end);
      const { feature, bin } = this.best;
      if (feature < 0) {
        this.histograms.release(hist);
        continue;
      }
      const mid = this.partition(feature, bin, start, end);
      const left = nodes.split(id, feature, this.threshold(hist, feature, bin), mid);
      const needLeft = this.splittable(depth + 1, mid - start);
      const needRight = this.splittable(depth + 1, end - mid);
      let leftHist: Float64Array | null = null;
      let rightHist: Float64Array | null = null;
      const leftSmaller = mid - start <= end - mid;
      const largeCount = leftSmaller ? end - mid : mid - start;
      if (!this.sparse && (leftSmaller ? needRight : needLeft) && largeCount * this.binned.cols >= this.layout.size) {
        // subtraction: histogram the smaller child, the larger one is parent − smaller. For
        // small nodes a direct build (on pop) is cheaper than a pass over the whole histogram.
        const small = this.histograms.acquire(true);
        const from = leftSmaller ? start : mid;
        const to = leftSmaller ? mid : end;
        // the child's totals serve binary features only (bin 0 = totals − bin 1)
        if (this.layout.binaries.length > 0) this.nodeStats(from, to, this.childTotals);
        this.histograms.buildAll(small, from, to, this.childTotals);
        subtractHistogram(hist, small, this.layout.size);
        leftHist = leftSmaller ? small : hist;
        rightHist = leftSmaller ? hist : small;
        if (!needLeft) leftHist = this.histograms.release(leftHist);
        if (!needRight) rightHist = this.histograms.release(rightHist);
      } else {
        this.histograms.release(hist); // children that need one build their own histogram when popped
      }
      stackNode.push(left + 1, left);
      stackDepth.push(depth + 1, depth + 1);
      stackHist.push(rightHist, leftHist);
    }
    return { ...nodes.finish(), rows: this.rows };
  }

  private splittable(depth: number, count: number): boolean {
    const o = this.options;
    return depth < o.maxDepth && count >= o.minSamplesSplit && count >= 2 * o.minSamplesLeaf;
  }

  /**
   * Exact weighted stats of the rows rows[start..end) into `totals` (K sums, weight, count);
   * true when their targets are all equal (pure).
   */
  private nodeStats(start: number, end: number, totals: Float64Array): boolean {
    const { rows, weights, target } = this;
    const k = this.layout.nOutputs;
    totals.fill(0);
    let pure = true;
    let weight = 0; // sums in locals: the same additions in the same order as into totals
    // Indices: start < end ≤ rows.length (a node holds rows), rows are row numbers of y, c and
    // weights, and class indices are below k (totals has k + 2 slots).
    if (target.kind === 'values') {
      const y = target.values;
      const first = y[rows[start]!]!;
      let sum = 0;
      if (weights === null) {
        // w = 1: w·v is v, and the weight (a sum of ones) is the count, set below
        for (let i = start; i < end; i++) {
          const v = y[rows[i]!]!;
          sum += v;
          if (v !== first) pure = false;
        }
        weight = end - start;
      } else {
        for (let i = start; i < end; i++) {
          const r = rows[i]!;
          const w = weights[r]!;
          const v = y[r]!;
          sum += w * v;
          weight += w;
          if (v !== first) pure = false;
        }
      }
      totals[0] = sum;
    } else {
      const c = target.classes;
      const first = c[rows[start]!]!;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const w = weights === null ? 1 : weights[r]!;
        const cls = c[r]!;
        totals[cls] = totals[cls]! + w;
        weight += w;
        if (cls !== first) pure = false;
      }
    }
    totals[k] = weight;
    totals[k + 1] = end - start;
    return pure;
  }

  /** Leaves the best split of the node in this.best; returns the histogram it used. */
  private findSplit(hist: Float64Array | null, start: number, end: number): Float64Array {
    const best = this.best;
    best.score = -Infinity;
    best.feature = -1;
    best.bin = -1;
    const rootCounts = !this.sparse && hist === null && start === 0 && end === this.rows.length ? this.options.rootCounts : undefined;
    const h = hist ?? this.histograms.acquire(!this.sparse && rootCounts === undefined);
    if (rootCounts !== undefined) {
      h.set(rootCounts);
      this.histograms.buildRootSums(h, this.totals);
    } else if (hist === null && !this.sparse) this.histograms.buildAll(h, start, end, this.totals);
    const cols = this.binned.cols;
    const order = this.featureOrder;
    const rng = this.options.rng;
    const drawn = this.maxFeatures < cols;
    let visited = 0;
    for (let j = 0; j < cols && visited < this.maxFeatures; j++) {
      if (drawn) {
        // partial Fisher–Yates: the next feature is uniform over those not yet drawn here
        const r = j + rng!.int(cols - j);
        const t = order[j]!;
        order[j] = order[r]!;
        order[r] = t;
      }
      const f = order[j]!;
      if (this.sparse) this.histograms.buildFeature(h, f, start, end, this.totals);
      // like scikit-learn, a feature constant in this node does not count as drawn
      if (scanFeature(h, this.layout, this.binned, f, this.totals, this.options.minSamplesLeaf, best, this.classScratch)) {
        visited++;
      }
    }
    return h;
  }

  /** The threshold between the split bin and the next bin holding rows of this node. */
  private threshold(h: Float64Array, f: number, bin: number): number {
    const next = nextNonEmptyBin(h, this.layout, this.binned, f, bin);
    if (next >= this.binned.nBins[f]!) return Number.MAX_VALUE; // only missing values go right
    return midpoint(this.binned.binHigh[f]![bin]!, this.binned.binLow[f]![next]!);
  }

  /** Stable in-place partition of rows[start..end) on bin ≤ `bin`; returns the first right row. */
  private partition(f: number, bin: number, start: number, end: number): number {
    const { rows, scratch } = this;
    const { codes, cols } = this.binned;
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      // both writes always, one index advances: no unpredictable branch (l <= i, so rows[l] is
      // free). goLeft is 1 for code ≤ bin, else 0, from the sign of bin − code: V8 compiles
      // `code <= bin ? 1 : 0` to a branch, mispredicted half the time (partitions ran ~1.4× slower).
      const row = rows[i]!;
      const goLeft = 1 + ((bin - codes[row * cols + f]!) >> 31);
      rows[l] = row;
      scratch[r] = row;
      l += goLeft;
      r += 1 - goLeft;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }
}
