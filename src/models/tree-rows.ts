/**
 * A growing tree's rows in node order (every node's rows are a range of them), with each row's
 * target and weight kept beside it in the same order: w·y (squared error) or the class index
 * (Gini), and w (no array when every weight is 1). Splitting a node partitions all of them
 * together, stably, so node statistics and histograms read a node's targets sequentially
 * instead of through its row numbers, and no per-node gather copies them first (LightGBM's
 * "ordered gradients", Ke et al. 2017). Because the partition is stable, a node's rows keep the
 * order they had in its parent: sums over them add in the same order as before.
 * Indices: rows[start..end) of a node are row numbers of `codes` (row-major, `cols` per row),
 * and start ≤ end ≤ rows.length, so every read below is in range (read with `!`).
 */
import type { BinnedMatrix } from './binning.js';
import { GrowBuffers } from './tree-buffers.js';
import type { TreeTarget } from './tree-kernel.js';

export class NodeRows {
  /** Squared error (sums) rather than Gini (classes). */
  readonly values: boolean;
  /** w·y per row in node order (values targets; empty otherwise). */
  readonly sums: Float64Array;
  /** Class index per row in node order (classes targets; empty otherwise). */
  readonly classes: Int32Array;
  /** w per row in node order; null when every weight is 1. */
  readonly weights: Float64Array | null;
  private readonly rowScratch: Uint32Array;
  private readonly sumScratch: Float64Array;
  private readonly classScratch: Int32Array;
  private readonly weightScratch: Float64Array;

  /** `rows` is the tree's row array (reordered in place); `weights` indexed by row number. */
  constructor(readonly rows: Uint32Array, target: TreeTarget, weights: Float64Array | null, buffers: GrowBuffers) {
    const n = rows.length;
    const values = target.kind === 'values';
    this.values = values;
    this.sums = buffers.float64('orderedSums', values ? n : 0);
    this.classes = buffers.int32('orderedClasses', values ? 0 : n);
    this.weights = weights === null ? null : buffers.float64('orderedWeights', n);
    this.rowScratch = buffers.uint32('partition', n);
    this.sumScratch = buffers.float64('partitionSums', values ? n : 0);
    this.classScratch = buffers.int32('partitionClasses', values ? 0 : n);
    this.weightScratch = buffers.float64('partitionWeights', weights === null ? 0 : n);
    const ow = this.weights;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!; // a row number of the data: target arrays and weights are indexed by it
      const w = weights === null ? 1 : weights[r]!;
      if (ow !== null) ow[i] = w;
      if (target.kind === 'values') this.sums[i] = w * target.values[r]!;
      else this.classes[i] = target.classes[r]!;
    }
  }

  /**
   * Stable in-place partition of the node rows[start..end) on feature f's code ≤ `bin`, moving
   * the targets and weights along; returns the first right position.
   */
  partition(binned: BinnedMatrix, f: number, bin: number, start: number, end: number): number {
    const { rows, rowScratch, weights, weightScratch } = this;
    const { codes, cols } = binned;
    const { values, sums, sumScratch, classes, classScratch } = this;
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      // every write happens, one index advances: no unpredictable branch (l <= i, so slot l was read already)
      const row = rows[i]!;
      const goLeft = codes[row * cols + f]! <= bin ? 1 : 0;
      rows[l] = row;
      rowScratch[r] = row;
      if (values) {
        const s = sums[i]!;
        sums[l] = s;
        sumScratch[r] = s;
      } else {
        const c = classes[i]!;
        classes[l] = c;
        classScratch[r] = c;
      }
      if (weights !== null) {
        const w = weights[i]!;
        weights[l] = w;
        weightScratch[r] = w;
      }
      l += goLeft;
      r += 1 - goLeft;
    }
    rows.set(rowScratch.subarray(0, r), l);
    if (values) sums.set(sumScratch.subarray(0, r), l);
    else classes.set(classScratch.subarray(0, r), l);
    if (weights !== null) weights.set(weightScratch.subarray(0, r), l);
    return l;
  }
}
