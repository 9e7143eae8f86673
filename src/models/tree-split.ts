/**
 * The split scan of the CART kernel over a node's histogram (tree-histogram.ts). Both criteria
 * reduce to one score over the histogram's sums (Breiman et al. 1984, "Classification and
 * Regression Trees", §8.3 and §4.3): the split minimising the weighted squared error (K = 1,
 * sums of w·y) or the weighted Gini impurity (K classes, sums of w per class) is the one
 * maximising
 *   Σ_k S_Lk² / W_L + Σ_k S_Rk² / W_R,
 * scikit-learn's "proxy impurity improvement" (sklearn/tree/_criterion.pyx).
 */
import type { BinnedMatrix } from './binning.js';
import type { HistogramLayout } from './tree-histogram.js';

/** The best split found so far; mutated by scanFeature. */
export interface SplitBest {
  score: number;
  feature: number;
  bin: number;
}

/**
 * Scans feature f's bins for the split "bins ≤ b left" with the highest score (module comment)
 * leaving at least minLeaf rows on each side. `totals` holds the node's K sums, weight and count;
 * `scratch` has K slots. Returns whether the feature takes more than one value in the node.
 * Reads are in range by the histogram layout (tree-histogram.ts): feature f's bins 0..nBins[f]
 * start at offsets[f], stride slots each, and totals has K + 2 slots.
 */
export function scanFeature(
  h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, f: number,
  totals: Float64Array, minLeaf: number, best: SplitBest, scratch: Float64Array,
): boolean {
  const k = layout.nOutputs;
  const stride = layout.stride;
  const off = layout.offsets[f]!;
  const nb = binned.nBins[f]!;
  const weight = totals[k]!;
  const wAt = layout.weightAt;
  const count = totals[k + 1]!;
  let nL = 0;
  let wL = 0;
  if (k === 1) {
    const s = totals[0]!;
    let sL = 0;
    for (let b = 0; b < nb; b++) {
      const o = off + b * 3;
      const c = h[o + 2]!;
      if (c === 0) continue;
      if (c === count) return false; // every row in one bin: constant here
      nL += c;
      wL += h[o + wAt]!;
      sL += h[o]!;
      if (nL < minLeaf) continue;
      if (count - nL < minLeaf) break;
      const wR = weight - wL;
      if (wL <= 0 || wR <= 0) continue;
      const sR = s - sL;
      const score = (sL * sL) / wL + (sR * sR) / wR;
      if (score > best.score) {
        best.score = score;
        best.feature = f;
        best.bin = b;
      }
    }
    return nL > 0; // nL = 0: every row is missing here
  }
  scratch.fill(0, 0, k);
  for (let b = 0; b < nb; b++) {
    const o = off + b * stride;
    const c = h[o + k + 1]!;
    if (c === 0) continue;
    if (c === count) return false;
    nL += c;
    wL += h[o + wAt]!;
    for (let j = 0; j < k; j++) scratch[j] = scratch[j]! + h[o + j]!;
    if (nL < minLeaf) continue;
    if (count - nL < minLeaf) break;
    const wR = weight - wL;
    if (wL <= 0 || wR <= 0) continue;
    let left = 0;
    let right = 0;
    for (let j = 0; j < k; j++) {
      const sL = scratch[j]!;
      const sR = totals[j]! - sL;
      left += sL * sL;
      right += sR * sR;
    }
    const score = left / wL + right / wR;
    if (score > best.score) {
      best.score = score;
      best.feature = f;
      best.bin = b;
    }
  }
  return nL > 0;
}

/** The first bin after `bin` with rows in the node (nBins[f] = the NaN slot). */
export function nextNonEmptyBin(h: Float64Array, layout: HistogramLayout, binned: BinnedMatrix, f: number, bin: number): number {
  const nb = binned.nBins[f]!;
  const off = layout.offsets[f]!;
  const countAt = layout.stride - 1;
  for (let b = bin + 1; b < nb; b++) if (h[off + b * layout.stride + countAt]! > 0) return b;
  return nb;
}
