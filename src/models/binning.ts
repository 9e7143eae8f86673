/**
 * Histogram binning for the tree kernel. Every feature is mapped once per fit to at most 255
 * quantile bins stored as one byte per value (Uint8Array), because then a split search is a
 * pass over a 255-slot histogram instead of a sort of the node's rows: a node costs
 * O(rows × features) to histogram and O(bins × features) to scan, whatever the depth, and the
 * byte codes are an eighth of the memory traffic of the Float64 features. Same idea as
 * LightGBM and scikit-learn's HistGradientBoosting (Ke et al. 2017, "LightGBM", §3).
 *
 * When a feature has at most 255 distinct values each value gets its own bin, so the split
 * search sees exactly the candidates an exact CART search sees (binning changes nothing);
 * thresholds are then midpoints between neighbouring values, as scikit-learn's splitter does.
 * Missing values (NaN) get a bin of their own after the real ones and always go right.
 * Bins depend only on the data (a fixed strided sample, sorting, fixed quantile positions):
 * deterministic.
 */
import type { Matrix } from './matrix.js';

export const MAX_BINS = 255;

export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major bin codes, feature f of row i at codes[i * cols + f]: a row's codes share a cache line. */
  readonly codes: Uint8Array;
  /** Per feature: number of bins of real values (NaN, if any, has code nBins[f]). */
  readonly nBins: Int32Array;
  /** Per feature: 1 when some value is missing (NaN). */
  readonly missing: Uint8Array;
  /** Per feature: smallest and largest real value that falls in each bin. */
  readonly binLow: readonly Float64Array[];
  readonly binHigh: readonly Float64Array[];
}

/**
 * scikit-learn's threshold between two neighbouring values (sklearn/tree/_splitter.pyx):
 * a/2 + b/2, falling back to `a` when rounding would make it equal `b` (or overflow).
 */
export function midpoint(a: number, b: number): number {
  const mid = a / 2 + b / 2;
  return mid === b || !Number.isFinite(mid) ? a : mid;
}

/** Distinct values of a sorted NaN-free array, with the index where each one starts. */
function distinctRuns(sorted: Float64Array): { values: Float64Array; starts: Int32Array } {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  const values = new Float64Array(count);
  const starts = new Int32Array(count + 1);
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      values[k] = sorted[i]!;
      starts[k++] = i;
    }
  }
  starts[count] = sorted.length;
  return { values, starts };
}

/**
 * Groups the distinct values into bins: one per value when there are few enough, otherwise
 * cuts after the value found at each of the quantile positions k·n/maxBins (k = 1..maxBins-1),
 * so heavy values stay whole and no bin is empty. Returns the index of each bin's first distinct value.
 */
function binStarts(runs: { values: Float64Array; starts: Int32Array }, n: number, maxBins: number): Int32Array {
  const d = runs.values.length;
  if (d <= maxBins) return Int32Array.from({ length: d }, (_, i) => i);
  const firsts: number[] = [0];
  let j = 0; // distinct value holding the current quantile position
  for (let k = 1; k < maxBins; k++) {
    const pos = Math.floor((k * n) / maxBins);
    while (runs.starts[j + 1]! <= pos) j++;
    const next = j + 1; // the cut goes after distinct value j
    if (next < d && next > firsts[firsts.length - 1]!) firsts.push(next);
  }
  return Int32Array.from(firsts);
}

/** Values sorted for the bin search: all rows up to this many, else an evenly strided sample (as
 * scikit-learn's HistGradientBoosting bins a subsample): sorting dominates binning otherwise. */
const SAMPLE = 1 << 15;

/**
 * Bin cuts of one column: the distinct values when there are at most maxBins in the whole
 * column (checked against every row, so rare values are not lost to sampling), else quantile
 * groups of the sample. Returns, per bin, the cut above it (x <= upper[b] falls in bin b or lower).
 */
function columnCuts(column: Float64Array, maxBins: number): Float64Array {
  const n = column.length;
  const m = Math.min(n, SAMPLE);
  const sample = new Float64Array(m);
  for (let k = 0; k < m; k++) sample[k] = column[Math.floor((k * n) / m)]!;
  sample.sort(); // typed-array sort is numeric, NaN last
  let real = m;
  while (real > 0 && Number.isNaN(sample[real - 1])) real--;
  let runs = distinctRuns(sample.subarray(0, real));
  if (runs.values.length <= maxBins && m < n) {
    const extra = new Set<number>();
    for (let i = 0; i < n && runs.values.length + extra.size <= maxBins; i++) {
      const x = column[i]!;
      if (!Number.isNaN(x) && runs.values[lowerBound(runs.values, x)] !== x) extra.add(x);
    }
    if (extra.size > 0 && runs.values.length + extra.size <= maxBins) {
      const all = Float64Array.from([...runs.values, ...extra]).sort();
      runs = { values: all, starts: Int32Array.from({ length: all.length + 1 }, (_, i) => i) };
    }
  }
  const firsts = binStarts(runs, real, maxBins);
  const upper = new Float64Array(Math.max(firsts.length - 1, 0));
  for (let b = 1; b < firsts.length; b++) upper[b - 1] = midpoint(runs.values[firsts[b]! - 1]!, runs.values[firsts[b]!]!);
  return upper;
}

/** The first index b with x <= sorted[b] (sorted.length when none). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Equal-width cells over a column's range used to start the bin search near its answer. */
const CELLS = 4096;
/** Columns copied out of the row-major matrix per pass (one pass reads each row's cache line once). */
const GROUP = 8;

/**
 * Writes the codes of one column (feature f) and each bin's real extremes. A binary search per
 * value is slow (its branches are unpredictable), so the column's range is cut into equal
 * cells that each know the bin of their left edge; a short forward scan from there finds the
 * bin, and a check falls back to the binary search when rounding put x just left of its cell.
 */
function assignBins(column: Float64Array, upper: Float64Array, codes: Uint8Array, cols: number, f: number, low: Float64Array, high: Float64Array): boolean {
  const nb = upper.length + 1;
  let min = Infinity;
  let max = -Infinity;
  for (const x of column) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const scale = CELLS / (max - min);
  const cells = upper.length >= 16 && Number.isFinite(scale) && Number.isFinite(min);
  const first = new Int32Array(cells ? CELLS : 0);
  for (let c = 0; c < first.length; c++) first[c] = lowerBound(upper, min + c / scale);
  const last = upper.length;
  let missing = false;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    let b: number;
    if (Number.isNaN(x)) {
      b = nb;
      missing = true;
    } else if (!cells) b = lowerBound(upper, x);
    else {
      b = first[Math.max(0, Math.min(CELLS - 1, Math.floor((x - min) * scale)))]!;
      while (b < last && x > upper[b]!) b++;
      if (b > 0 && x <= upper[b - 1]!) b = lowerBound(upper, x);
    }
    codes[i * cols + f] = b;
    if (b < nb) {
      if (x < low[b]!) low[b] = x;
      if (x > high[b]!) high[b] = x;
    }
  }
  return missing;
}

/** Bins every column of X (see the module comment). `maxBins` ≤ 255. */
export function binMatrix(X: Matrix, maxBins: number = MAX_BINS): BinnedMatrix {
  const cached = cache.get(X.data);
  if (cached !== undefined && cached.rows === X.rows && cached.cols === X.cols && cached.maxBins === maxBins) return cached;
  const { rows, cols, data } = X;
  const codes = new Uint8Array(rows * cols);
  const nBins = new Int32Array(cols);
  const missing = new Uint8Array(cols);
  const binLow: Float64Array[] = [];
  const binHigh: Float64Array[] = [];
  const columns = Array.from({ length: Math.min(GROUP, cols) }, () => new Float64Array(rows));
  for (let g0 = 0; g0 < cols; g0 += GROUP) {
    const g1 = Math.min(cols, g0 + GROUP);
    for (let i = 0; i < rows; i++) {
      for (let f = g0; f < g1; f++) columns[f - g0]![i] = data[i * cols + f]!;
    }
    for (let f = g0; f < g1; f++) {
      const column = columns[f - g0]!;
      const upper = columnCuts(column, Math.min(maxBins, MAX_BINS));
      const nb = upper.length + 1; // an all-missing column has one empty real bin: it never splits
      // thresholds use each bin's true extremes over all rows, so they separate the rows exactly
      const low = new Float64Array(nb).fill(Infinity);
      const high = new Float64Array(nb).fill(-Infinity);
      missing[f] = assignBins(column, upper, codes, cols, f, low, high) ? 1 : 0;
      nBins[f] = nb;
      binLow.push(low);
      binHigh.push(high);
    }
  }
  const binned = { rows, cols, maxBins, codes, nBins, missing, binLow, binHigh };
  cache.set(data, binned);
  return binned;
}

/**
 * Binning is the costliest part of fitting a small tree, and a grid search fits many models on
 * the same matrix, so results are remembered per X.data array (weakly: they go with the
 * matrix). Matrices are treated as immutable once fitted on, as everywhere in spm.
 */
const cache = new WeakMap<Float64Array, BinnedMatrix & { readonly maxBins: number }>();
