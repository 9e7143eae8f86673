/**
 * Builds node histograms for the tree kernel from the tree's node-ordered rows and targets
 * (tree-rows.ts): every feature, or one; and recycles histogram buffers through a pool so a
 * tree allocates only as many as its depth needs.
 */
import type { BinnedMatrix } from './binning.js';
import {
  accumulateBinaries, accumulateBinary, accumulateClasses, accumulateValues, clearFeature, type HistogramLayout,
} from './tree-histogram.js';
import { GrowBuffers } from './tree-buffers.js';
import type { NodeRows } from './tree-rows.js';

export class HistogramBuilder {
  private readonly pool: Float64Array[];
  /** Per feature, a one-element feature list (for per-feature histograms). */
  private readonly singles: Int32Array[];
  /** Partial sums of accumulateBinaries, 6 per binary feature. */
  private readonly binaryScratch: Float64Array;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly order: NodeRows,
    readonly layout: HistogramLayout,
    buffers: GrowBuffers = new GrowBuffers(),
  ) {
    this.pool = buffers.pool(layout.size);
    this.singles = Array.from({ length: binned.cols }, (_, i) => Int32Array.of(i));
    this.binaryScratch = new Float64Array(6 * layout.binaries.length);
  }

  /**
   * Adds rows[start..end) of every feature to h. `totals`: the range's Σ w·y, Σ w and count
   * (squared error with binary features: their bin 0 is the totals minus bin 1).
   */
  buildAll(h: Float64Array, start: number, end: number, totals: Float64Array): void {
    const { layout, binned, order } = this;
    if (!order.values) {
      accumulateClasses(h, layout, binned, layout.general, order.rows, start, end, order.classes, order.weights);
      return;
    }
    accumulateValues(h, layout, binned, layout.general, order.rows, start, end, order.sums, order.weights);
    accumulateBinaries(h, layout, binned, order.rows, start, end, order.sums, order.weights, totals, this.binaryScratch);
  }

  /** Clears feature f's slots of h and adds rows[start..end) of that feature (`totals` as in buildAll). */
  buildFeature(h: Float64Array, f: number, start: number, end: number, totals: Float64Array): void {
    clearFeature(h, this.layout, this.binned, f);
    const { layout, binned, order } = this;
    const one = this.singles[f]!;
    if (!order.values) {
      accumulateClasses(h, layout, binned, one, order.rows, start, end, order.classes, order.weights);
    } else if (layout.binary[f] === 1) {
      accumulateBinary(h, layout, binned, f, order.rows, start, end, order.sums, order.weights, totals);
    } else {
      accumulateValues(h, layout, binned, one, order.rows, start, end, order.sums, order.weights);
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
