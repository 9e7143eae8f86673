/**
 * Live drift: the PSI of each feature over a sliding window of the last N rows scored, against
 * a reference (the model's training split), kept up to date in O(1) per row and feature. The
 * bins are the ones `spm drift` computes PSI on (psi.ts: the reference's deciles for a numeric
 * feature, its categories for a categorical one), so a window holding exactly a batch's rows
 * gives that batch's PSI. The window is a ring buffer of bin indices with a count per bin:
 * adding a row moves the oldest one out of its bin and the new one into its own; nothing is
 * sorted or recounted. Missing values take no bin (as in drift, they are not compared).
 *
 * Categories the reference never had share one bin of their own (drift.ts gives each its own
 * bin): a window must not hold a bin per value it is sent. With no new category the two agree.
 */
import type { Table } from '../data/table.js';
import { psi, binCounts, quantileBins } from './psi.js';
import { SampleAccumulator, type TrackedColumn } from './samples.js';
import { countBelow } from './sorted.js';

/** One feature's bins and the reference's count in each. */
export type WindowFeature =
  | { readonly name: string; readonly kind: 'numeric'; readonly cuts: Float64Array; readonly reference: Float64Array }
  /** `reference` has one count per category, then the count of categories the reference list lacks (the last bin). */
  | { readonly name: string; readonly kind: 'categorical'; readonly categories: readonly string[]; readonly reference: Float64Array };

/** The bins of `columns` on a reference table (the training split), as `spm drift` bins them for PSI. */
export function windowReference(columns: readonly TrackedColumn[], table: Table): WindowFeature[] {
  const acc = new SampleAccumulator(columns);
  acc.add(table);
  return columns.map((c): WindowFeature => {
    const sample = acc.sample(c.name);
    if (sample.kind === 'numeric') {
      // A reference with no value (all missing) gets one bin: the PSI is then 0 or undefined, never a guess.
      const cuts = sample.values.n > 0 ? quantileBins(sample.values, 10) : new Float64Array(0);
      return { name: c.name, kind: 'numeric', cuts, reference: sample.values.n > 0 ? binCounts(sample.values, cuts) : new Float64Array(1) };
    }
    const categories = c.categories ?? [];
    const reference = new Float64Array(categories.length + 1);
    sample.counts.forEach((n, i) => (reference[Math.min(i, categories.length)]! += n));
    return { name: c.name, kind: 'categorical', categories, reference };
  });
}

export interface FeaturePsi {
  readonly name: string;
  /** NaN while the window holds no value of the feature (or the reference held none). */
  readonly psi: number;
}

export class SlidingPsi {
  /** Per feature: the bin of each row in the window (-1: missing), by ring position. */
  private readonly bins: Int32Array[];
  private readonly counts: Float64Array[];
  /** Per categorical feature: its bin by category name (null for a numeric one). */
  private readonly binByName: (ReadonlyMap<string, number> | null)[];
  private next = 0;
  private filled = 0;

  constructor(
    readonly features: readonly WindowFeature[],
    /** The window's length in rows (≥ 1). */
    readonly size: number,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`SlidingPsi: size must be a positive integer, got ${size}`);
    this.bins = features.map(() => new Int32Array(size));
    this.counts = features.map((f) => new Float64Array(f.reference.length));
    this.binByName = features.map((f) => (f.kind === 'categorical' ? new Map(f.categories.map((name, i) => [name, i])) : null));
  }

  /** Rows in the window now (at most `size`). */
  get rows(): number {
    return this.filled;
  }

  /**
   * Adds rows of a table to the window (columns matched by name; a feature the table lacks is
   * missing): `rows` lists which rows of the table (e.g. the scored ones), in order.
   */
  add(table: Table, rows: ArrayLike<number>): void {
    // Per feature, how to find a row's bin: categorical dictionaries mapped once per table.
    const binOf = this.features.map((f, i): ((row: number) => number) => {
      const column = table.columns.find((c) => c.name === f.name);
      if (!column) return () => -1;
      if (f.kind === 'numeric') {
        if (column.kind !== 'numeric') throw new Error(`SlidingPsi: column ${f.name} is ${column.kind}, expected numeric`);
        const { values } = column;
        // numpy.digitize as binCounts: bin i holds cuts[i − 1] ≤ v < cuts[i].
        return (row) => (Number.isNaN(values[row]!) ? -1 : countBelow(f.cuts, values[row]!, true));
      }
      if (column.kind !== 'categorical') throw new Error(`SlidingPsi: column ${f.name} is ${column.kind}, expected categorical`);
      const at = this.binByName[i]!;
      const bin = Int32Array.from(column.dictionary, (value) => at.get(value) ?? f.categories.length);
      const { codes } = column;
      return (row) => (codes[row]! < 0 ? -1 : bin[codes[row]!]!);
    });
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const slot = this.next;
      const full = this.filled === this.size;
      for (let f = 0; f < binOf.length; f++) {
        const bins = this.bins[f]!;
        const counts = this.counts[f]!;
        if (full && bins[slot]! >= 0) counts[bins[slot]!]! -= 1;
        const bin = binOf[f]!(row);
        bins[slot] = bin;
        if (bin >= 0) counts[bin]! += 1;
      }
      this.next = slot + 1 === this.size ? 0 : slot + 1;
      if (!full) this.filled++;
    }
  }

  /** Each feature's PSI between the reference and the window (psi.ts, shares clipped at 1e-4). */
  psi(): FeaturePsi[] {
    return this.features.map((f, i) => {
      const counts = this.counts[i]!;
      const empty = (c: Float64Array): boolean => c.every((n) => n === 0);
      return { name: f.name, psi: empty(counts) || empty(f.reference) ? Number.NaN : psi(f.reference, counts) };
    });
  }
}
