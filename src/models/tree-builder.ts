/**
 * Builds node histograms for the tree kernel: gathers a node's targets and weights into node
 * order, accumulates every feature (or one), and recycles histogram buffers through a pool so a
 * tree allocates only as many as its depth needs.
 */
import type { BinnedMatrix } from './binning.js';
import {
  accumulateBinaries, accumulateBinary, accumulateClasses, accumulateValues, clearFeature, type HistogramLayout,
} from './tree-histogram.js';
import { GrowBuffers } from './tree-buffers.js';
import type { TreeTarget } from './tree-kernel.js';

export class HistogramBuilder {
  private readonly pool: Float64Array[];
  private readonly orderedSums: Float64Array;
  private readonly orderedClasses: Int32Array;
  private readonly orderedWeights: Float64Array;
  /** Σ w·y, Σ w and the count of the rows last gathered. */
  private readonly gathered = new Float64Array(3);
  /** Per feature, a one-element feature list (for per-feature histograms). */
  private readonly singles: Int32Array[];
  /** Partial sums of accumulateBinaries, 6 per binary feature. */
  private readonly binaryScratch: Float64Array;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly target: TreeTarget,
    private readonly weights: Float64Array | null,
    /** The tree's row array; the builder reads node ranges of it. */
    private readonly rows: Uint32Array,
    readonly layout: HistogramLayout,
    buffers: GrowBuffers = new GrowBuffers(),
  ) {
    const n = rows.length;
    this.orderedSums = buffers.float64('orderedSums', target.kind === 'values' ? n : 0);
    this.orderedClasses = buffers.int32('orderedClasses', target.kind === 'classes' ? n : 0);
    this.orderedWeights = buffers.float64('orderedWeights', n);
    this.pool = buffers.pool(layout.size);
    this.singles = Array.from({ length: binned.cols }, (_, i) => Int32Array.of(i));
    this.binaryScratch = new Float64Array(6 * layout.binaries.length);
  }

  /**
   * Copies the node's targets and weights into node order, so the histogram loops read them
   * sequentially, and sums them (w·y, w, count) into this.gathered.
   */
  gather(start: number, end: number): void {
    const { rows, weights, target } = this;
    const ow = this.orderedWeights;
    if (target.kind === 'values') {
      const y = target.values;
      const os = this.orderedSums;
      let sum = 0;
      let weight = 0;
      for (let i = start, j = 0; i < end; i++, j++) {
        const r = rows[i]!;
        const w = weights === null ? 1 : weights[r]!;
        const s = w * y[r]!;
        ow[j] = w;
        os[j] = s;
        sum += s;
        weight += w;
      }
      this.gathered[0] = sum;
      this.gathered[1] = weight;
      this.gathered[2] = end - start;
    } else {
      const c = target.classes;
      const oc = this.orderedClasses;
      for (let i = start, j = 0; i < end; i++, j++) {
        const r = rows[i]!;
        ow[j] = weights === null ? 1 : weights[r]!;
        oc[j] = c[r]!;
      }
    }
  }

  /** Adds rows[start..end) of every feature to h (gathering them first unless told not to). */
  buildAll(h: Float64Array, start: number, end: number, gather = true): void {
    if (gather) this.gather(start, end);
    const { layout, binned, rows } = this;
    if (this.target.kind === 'classes') {
      accumulateClasses(h, layout, binned, layout.general, rows, start, end, this.orderedClasses, this.orderedWeights);
      return;
    }
    accumulateValues(h, layout, binned, layout.general, rows, start, end, this.orderedSums, this.orderedWeights);
    accumulateBinaries(h, layout, binned, rows, start, end, this.orderedSums, this.orderedWeights, this.gathered, this.binaryScratch);
  }

  /** Clears feature f's slots of h and adds rows[start..end) of that feature (rows gathered already). */
  buildFeature(h: Float64Array, f: number, start: number, end: number): void {
    clearFeature(h, this.layout, this.binned, f);
    const { layout, binned, rows } = this;
    const one = this.singles[f]!;
    if (this.target.kind === 'classes') {
      accumulateClasses(h, layout, binned, one, rows, start, end, this.orderedClasses, this.orderedWeights);
    } else if (layout.binary[f] === 1) {
      accumulateBinary(h, layout, binned, f, rows, start, end, this.orderedSums, this.orderedWeights, this.gathered);
    } else {
      accumulateValues(h, layout, binned, one, rows, start, end, this.orderedSums, this.orderedWeights);
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
