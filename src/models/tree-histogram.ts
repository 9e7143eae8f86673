/**
 * Per-node histograms of the CART kernel (tree-kernel.ts): for every feature and bin, the K
 * weighted target sums, the weight and the row count of the node's rows in that bin
 * (stride K + 2). tree-split.ts scans them for the best split.
 *
 * Indices in the loops below are in range by construction, so they read with `!` rather than a
 * check per element: a code of feature f is at most nBins[f] (binning.ts; the last slot is
 * NaN's), so offsets[f] + code·stride + slot < offsets[f] + (nBins[f] + 1)·stride ≤ size, the
 * length of every histogram (HistogramBuilder.acquire); rows[start..end) are a node's rows, row
 * numbers of `binned`, and the sums, classes and weights are indexed by row number (one value
 * per row of `binned`); class indices are below nOutputs.
 */
import type { BinnedMatrix } from './binning.js';

export interface HistogramLayout {
  /** Target sums per bin: 1 for squared error, the number of classes for Gini. */
  readonly nOutputs: number;
  /** Doubles per bin: nOutputs sums, then the weight, then the row count. */
  readonly stride: number;
  /** Where feature f's bins start; every feature has nBins[f] + 1 slots (the last is NaN). */
  readonly offsets: Int32Array;
  readonly size: number;
  /** All weights are 1: the weight slot is left empty and the row count stands in for it. */
  readonly unitWeights: boolean;
  /** Slot holding the weight the scan uses: nOutputs, or nOutputs + 1 (the count) for unit weights. */
  readonly weightAt: number;
  /** Features with codes 0/1 only (one-hot columns, typically): see accumulateBinary. */
  readonly binary: Uint8Array;
  /** All features but the binary ones (squared error), or all features (Gini). */
  readonly general: Int32Array;
  /** The binary features, in order (see accumulateBinaries). */
  readonly binaries: Int32Array;
}

export function histogramLayout(binned: BinnedMatrix, nOutputs: number, unitWeights: boolean): HistogramLayout {
  const stride = nOutputs + 2;
  const offsets = new Int32Array(binned.cols);
  const binary = new Uint8Array(binned.cols);
  const general: number[] = [];
  let size = 0;
  for (let f = 0; f < binned.cols; f++) {
    offsets[f] = size;
    size += (binned.nBins[f]! + 1) * stride;
    binary[f] = nOutputs === 1 && binned.nBins[f]! <= 2 && binned.missing[f] === 0 ? 1 : 0;
    if (binary[f] === 0) general.push(f);
  }
  const weightAt = unitWeights ? nOutputs + 1 : nOutputs;
  const binaries = Int32Array.from({ length: binned.cols }, (_, f) => f).filter((f) => binary[f] === 1);
  return { nOutputs, stride, offsets, size, unitWeights, weightAt, binary, general: Int32Array.from(general), binaries };
}

/** Zeroes feature f's slots. */
export function clearFeature(h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, f: number): void {
  const from = layout.offsets[f]!;
  h.fill(0, from, from + (binned.nBins[f]! + 1) * layout.stride);
}

/**
 * Adds the node's rows (rows[start..end)) to h for the listed features. `sums` and `weights`
 * hold w·y and w by row number, `weights` null when all are 1; squared error only (K = 1). The features of a row are walked together (its codes share a cache line),
 * four rows at a time: their read-modify-writes are independent, so the CPU overlaps them
 * (V8 does not unroll loops), while for every bin the rows still add in node order, so the
 * sums are the same bits as one row at a time.
 */
export function accumulateValues(
  h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, features: Int32Array,
  rows: Uint32Array, start: number, end: number, sums: Float64Array, weights: Float64Array | null,
): void {
  const { codes, cols } = binned;
  const offsets = layout.offsets;
  const nf = features.length;
  let i = start;
  for (; i + 3 < end; i += 4) {
    const r0 = rows[i]!;
    const r1 = rows[i + 1]!;
    const r2 = rows[i + 2]!;
    const r3 = rows[i + 3]!;
    const b0 = r0 * cols;
    const b1 = r1 * cols;
    const b2 = r2 * cols;
    const b3 = r3 * cols;
    const s0 = sums[r0]!;
    const s1 = sums[r1]!;
    const s2 = sums[r2]!;
    const s3 = sums[r3]!;
    for (let q = 0; q < nf; q++) {
      const g = features[q]!;
      const off = offsets[g]!;
      const o0 = off + codes[b0 + g]! * 3;
      const o1 = off + codes[b1 + g]! * 3;
      const o2 = off + codes[b2 + g]! * 3;
      const o3 = off + codes[b3 + g]! * 3;
      h[o0] = h[o0]! + s0;
      h[o0 + 2] = h[o0 + 2]! + 1;
      h[o1] = h[o1]! + s1;
      h[o1 + 2] = h[o1 + 2]! + 1;
      h[o2] = h[o2]! + s2;
      h[o2 + 2] = h[o2 + 2]! + 1;
      h[o3] = h[o3]! + s3;
      h[o3 + 2] = h[o3 + 2]! + 1;
      if (weights !== null) {
        h[o0 + 1] = h[o0 + 1]! + weights[r0]!;
        h[o1 + 1] = h[o1 + 1]! + weights[r1]!;
        h[o2 + 1] = h[o2 + 1]! + weights[r2]!;
        h[o3 + 1] = h[o3 + 1]! + weights[r3]!;
      }
    }
  }
  for (; i < end; i++) {
    const r = rows[i]!;
    const base = r * cols;
    const s = sums[r]!;
    for (let q = 0; q < nf; q++) {
      const g = features[q]!;
      const o = offsets[g]! + codes[base + g]! * 3;
      h[o] = h[o]! + s;
      h[o + 2] = h[o + 2]! + 1;
      if (weights !== null) h[o + 1] = h[o + 1]! + weights[r]!;
    }
  }
}

/**
 * accumulateValues for rows 0..n − 1 in order, target sums only: the root of a tree grown on
 * every row, whose weights and counts were copied in from allRowsCounts (tree-kernel.ts). With
 * no row numbers to read, the codes stream, and half the read-modify-writes are gone.
 */
export function accumulateSums(h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, features: Int32Array, n: number, sums: Float64Array): void {
  const { codes, cols } = binned;
  const offsets = layout.offsets;
  const nf = features.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const b0 = i * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    const s0 = sums[i]!;
    const s1 = sums[i + 1]!;
    const s2 = sums[i + 2]!;
    const s3 = sums[i + 3]!;
    for (let q = 0; q < nf; q++) {
      const g = features[q]!;
      const off = offsets[g]!;
      const o0 = off + codes[b0 + g]! * 3;
      const o1 = off + codes[b1 + g]! * 3;
      const o2 = off + codes[b2 + g]! * 3;
      const o3 = off + codes[b3 + g]! * 3;
      h[o0] = h[o0]! + s0;
      h[o1] = h[o1]! + s1;
      h[o2] = h[o2]! + s2;
      h[o3] = h[o3]! + s3;
    }
  }
  for (; i < n; i++) {
    const base = i * cols;
    const s = sums[i]!;
    for (let q = 0; q < nf; q++) {
      const g = features[q]!;
      const o = offsets[g]! + codes[base + g]! * 3;
      h[o] = h[o]! + s;
    }
  }
}

/**
 * Histogram of a 0/1 feature (squared error): the rows with code 1 are summed in locals (no
 * read-modify-write of memory per row, which is what bounds the general loop) and bin 0 is the
 * node's totals (sum, weight, count in `totals`) minus bin 1.
 */
export function accumulateBinary(
  h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, f: number,
  rows: Uint32Array, start: number, end: number, sums: Float64Array, weights: Float64Array | null, totals: Float64Array,
): void {
  const { codes, cols } = binned;
  // four partial sums: one running sum would make every row wait for the previous add
  let sa = 0;
  let sb = 0;
  let sc = 0;
  let sd = 0;
  let w1 = 0;
  let n1 = 0;
  let i = start;
  for (; i + 3 < end; i += 4) {
    const r0 = rows[i]!;
    const r1 = rows[i + 1]!;
    const r2 = rows[i + 2]!;
    const r3 = rows[i + 3]!;
    const c0 = codes[r0 * cols + f]!;
    const c1 = codes[r1 * cols + f]!;
    const c2 = codes[r2 * cols + f]!;
    const c3 = codes[r3 * cols + f]!;
    sa += c0 * sums[r0]!;
    sb += c1 * sums[r1]!;
    sc += c2 * sums[r2]!;
    sd += c3 * sums[r3]!;
    n1 += c0 + c1 + c2 + c3;
    if (weights !== null) w1 += c0 * weights[r0]! + c1 * weights[r1]! + c2 * weights[r2]! + c3 * weights[r3]!;
  }
  for (; i < end; i++) {
    const r = rows[i]!;
    const c = codes[r * cols + f]!;
    sa += c * sums[r]!;
    if (weights !== null) w1 += c * weights[r]!;
    n1 += c;
  }
  const s1 = sa + sb + (sc + sd);
  addBinaryBins(h, layout, binned, f, totals, s1, layout.unitWeights ? n1 : w1, n1);
}

/** A 0/1 feature's two bins from the sums of its rows with code 1: bin 0 is the node's totals minus those. */
function addBinaryBins(h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, f: number, totals: Float64Array, s1: number, w1: number, n1: number): void {
  const o = layout.offsets[f]!;
  h[o] = h[o]! + (totals[0]! - s1);
  h[o + 1] = h[o + 1]! + (totals[1]! - w1);
  h[o + 2] = h[o + 2]! + (totals[2]! - n1);
  if (binned.nBins[f] === 2) {
    h[o + 3] = h[o + 3]! + s1;
    h[o + 4] = h[o + 4]! + w1;
    h[o + 5] = h[o + 5]! + n1;
  }
}

/**
 * accumulateBinary for every binary feature in one pass over the rows: a node's row indices and
 * sums are read once instead of once per feature (one-hot data has many binary columns; this
 * was a third of growing a forest). Per feature, the additions are those of accumulateBinary in
 * the same order, so the histograms are bit for bit the same. `scratch` holds 6 doubles per
 * binary feature.
 */
export function accumulateBinaries(
  h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix,
  rows: Uint32Array, start: number, end: number, sums: Float64Array, weights: Float64Array | null, totals: Float64Array, scratch: Float64Array,
): void {
  const { codes, cols } = binned;
  const features = layout.binaries;
  const nb = features.length;
  if (nb === 0) return;
  const unit = layout.unitWeights;
  scratch.fill(0, 0, nb * 6);
  // scratch: [sa, sb, sc, sd, w1, n1] per feature
  let i = start;
  for (; i + 3 < end; i += 4) {
    const r0 = rows[i]!;
    const r1 = rows[i + 1]!;
    const r2 = rows[i + 2]!;
    const r3 = rows[i + 3]!;
    const b0 = r0 * cols;
    const b1 = r1 * cols;
    const b2 = r2 * cols;
    const b3 = r3 * cols;
    const s0 = sums[r0]!;
    const s1 = sums[r1]!;
    const s2 = sums[r2]!;
    const s3 = sums[r3]!;
    const w0 = weights === null ? 0 : weights[r0]!;
    const w1 = weights === null ? 0 : weights[r1]!;
    const w2 = weights === null ? 0 : weights[r2]!;
    const w3 = weights === null ? 0 : weights[r3]!;
    for (let q = 0, o = 0; q < nb; q++, o += 6) {
      const f = features[q]!;
      const c0 = codes[b0 + f]!;
      const c1 = codes[b1 + f]!;
      const c2 = codes[b2 + f]!;
      const c3 = codes[b3 + f]!;
      scratch[o] = scratch[o]! + c0 * s0;
      scratch[o + 1] = scratch[o + 1]! + c1 * s1;
      scratch[o + 2] = scratch[o + 2]! + c2 * s2;
      scratch[o + 3] = scratch[o + 3]! + c3 * s3;
      scratch[o + 5] = scratch[o + 5]! + (c0 + c1 + c2 + c3);
      if (!unit) scratch[o + 4] = scratch[o + 4]! + (c0 * w0 + c1 * w1 + c2 * w2 + c3 * w3); // unit weights: the count stands in
    }
  }
  for (; i < end; i++) {
    const r = rows[i]!;
    const b = r * cols;
    for (let q = 0, o = 0; q < nb; q++, o += 6) {
      const c = codes[b + features[q]!]!;
      scratch[o] = scratch[o]! + c * sums[r]!;
      if (weights !== null) scratch[o + 4] = scratch[o + 4]! + c * weights[r]!;
      scratch[o + 5] = scratch[o + 5]! + c;
    }
  }
  for (let q = 0, o = 0; q < nb; q++, o += 6) {
    const f = features[q]!;
    const s1 = scratch[o]! + scratch[o + 1]! + (scratch[o + 2]! + scratch[o + 3]!);
    const n1 = scratch[o + 5]!;
    addBinaryBins(h, layout, binned, f, totals, s1, unit ? n1 : scratch[o + 4]!, n1);
  }
}

/** As accumulateValues for Gini: `classes` and `weights` (null: all 1) by row number. */
export function accumulateClasses(
  h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, features: Int32Array,
  rows: Uint32Array, start: number, end: number, classes: Int32Array, weights: Float64Array | null,
): void {
  const { codes, cols } = binned;
  const offsets = layout.offsets;
  const stride = layout.stride;
  const k = layout.nOutputs;
  const nf = features.length;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const base = r * cols;
    const c = classes[r]!;
    const w = weights === null ? 1 : weights[r]!;
    for (let q = 0; q < nf; q++) {
      const g = features[q]!;
      const o = offsets[g]! + codes[base + g]! * stride;
      h[o + c] = h[o + c]! + w;
      h[o + k] = h[o + k]! + w; // unused (but harmless) with unit weights
      h[o + k + 1] = h[o + k + 1]! + 1;
    }
  }
}

/** parent -= child, turning the parent's histogram into the sibling's (the subtraction trick). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, size: number): void {
  for (let i = 0; i < size; i++) parent[i] = parent[i]! - child[i]!;
}
