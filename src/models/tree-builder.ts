/**
 * Builds node histograms for the tree kernel: every feature, or one, of a node's rows; and
 * recycles histogram buffers through a pool so a tree allocates only as many as its depth needs.
 * The targets are read through the row numbers (w·y, class, weight per row): the rows of a node
 * come in increasing order, so those reads stream, and measured no slower than reading copies in
 * node order, which would cost a gather per node or moving the copies with every partition.
 */
import type { BinnedMatrix } from './binning.js';
import {
  accumulateBinaries, accumulateBinary, accumulateClasses, accumulateSums, accumulateValues, clearFeature, type HistogramLayout,
} from './tree-histogram.js';
import { GrowBuffers } from './tree-buffers.js';
import type { TreeTarget } from './tree-kernel.js';

export class HistogramBuilder {
  private readonly pool: Float64Array[];
  /** w·y per row (squared error): the targets themselves when every weight is 1. */
  private readonly sums: Float64Array;
  /** Per feature, a one-element feature list (for per-feature histograms). */
  private readonly singles: Int32Array[];
  /** Partial sums of accumulateBinaries, 6 per binary feature. */
  private readonly binaryScratch: Float64Array;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly target: TreeTarget,
    /** Per-row weights, null when all are 1. */
    private readonly weights: Float64Array | null,
    /** The tree's row array; the builder reads node ranges of it. */
    private readonly rows: Uint32Array,
    readonly layout: HistogramLayout,
    buffers: GrowBuffers = new GrowBuffers(),
  ) {
    if (target.kind === 'classes') this.sums = new Float64Array(0);
    else if (weights === null) this.sums = target.values;
    else {
      const y = target.values;
      const sums = buffers.float64('weightedSums', y.length);
      for (const r of rows) sums[r] = weights[r]! * y[r]!; // rows are row numbers of y and weights
      this.sums = sums;
    }
    this.pool = buffers.pool(layout.size);
    this.singles = Array.from({ length: binned.cols }, (_, i) => Int32Array.of(i));
    this.binaryScratch = new Float64Array(6 * layout.binaries.length);
  }

  /**
   * Adds rows[start..end) of every feature to h. `totals`: the rows' Σ w·y, Σ w and count
   * (squared error with binary features: their bin 0 is the totals minus bin 1).
   */
  buildAll(h: Float64Array, start: number, end: number, totals: Float64Array): void {
    const { layout, binned, rows, weights, target } = this;
    if (target.kind === 'classes') {
      accumulateClasses(h, layout, binned, layout.general, rows, start, end, target.classes, weights);
      return;
    }
    accumulateValues(h, layout, binned, layout.general, rows, start, end, this.sums, weights);
    accumulateBinaries(h, layout, binned, rows, start, end, this.sums, weights, totals, this.binaryScratch);
  }

  /**
   * buildAll for a root over every row in order (rows[i] = i), h holding their weights and
   * counts already (allRowsCounts): adds the target sums. Squared error only.
   */
  buildRootSums(h: Float64Array, totals: Float64Array): void {
    const { layout, binned, rows, weights } = this;
    accumulateSums(h, layout, binned, layout.general, rows.length, this.sums);
    accumulateBinaries(h, layout, binned, rows, 0, rows.length, this.sums, weights, totals, this.binaryScratch);
  }

  /** Clears feature f's slots of h and adds rows[start..end) of that feature (`totals` as in buildAll). */
  buildFeature(h: Float64Array, f: number, start: number, end: number, totals: Float64Array): void {
    clearFeature(h, this.layout, this.binned, f);
    const { layout, binned, rows, weights, target } = this;
    const one = this.singles[f]!;
    if (target.kind === 'classes') {
      accumulateClasses(h, layout, binned, one, rows, start, end, target.classes, weights);
    } else if (layout.binary[f] === 1) {
      accumulateBinary(h, layout, binned, f, rows, start, end, this.sums, weights, totals);
    } else {
      accumulateValues(h, layout, binned, one, rows, start, end, this.sums, weights);
    }
  }

  /** A histogram buffer, zeroed when asked (sparse mode clears per feature instead). */
  acquire(zeroed: boolean): Float64Array {
    const h = this.pool.pop();
    if (h === undefined) return new Float64Array(this.layout.size);
    if (zeroed) h.fill(0);
    return h;
  }

  release(h: Float64Array | null): null {
    if (h !== null) this.pool.push(h);
    return null;
  }
}
