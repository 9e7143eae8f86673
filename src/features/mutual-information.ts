/**
 * Mutual information between each feature and the target, as scikit-learn's
 * `mutual_info_regression` / `mutual_info_classif` estimate it (n_neighbors = 3, every column
 * continuous, which is what discrete_features='auto' means for a dense matrix):
 * - numeric target: Kraskov, Stögbauer & Grassberger (2004), estimator 1 (sklearn's
 *   `_compute_mi_cc`): the distance to the k-th neighbour in the (x, y) plane under the max
 *   norm, then the neighbours of each point within it along x and along y alone;
 * - class target: Ross (2014), "Mutual information between discrete and continuous data sets"
 *   (sklearn's `_compute_mi_cd`): the k-th neighbour within the point's class, then all points
 *   within that distance; points whose class occurs once are left out.
 * Columns (and a numeric target) are divided by their standard deviation, then a noise of
 * 1e-10·max(1, mean |x|) separates tied values, as sklearn does after Kraskov et al. The noise
 * draws from spm's seeded generator, not numpy's, so on tie-free data the estimates equal
 * sklearn's (tests/features/mutual-information.test.ts), and on tied data (integer scores,
 * one-hot columns) they agree as two sklearn runs with different random_state agree.
 * Negative estimates are 0, as in sklearn.
 */
import { digamma } from '../stats/digamma.js';
import type { Matrix } from '../models/matrix.js';
import { createRng, type Rng } from '../util/rng.js';

const NEIGHBOURS = 3;

export function mutualInformation(X: Matrix, y: Float64Array, task: 'regression' | 'classification', seed: number): Float64Array {
  const rng = createRng(seed);
  const columns = Array.from({ length: X.cols }, (_, j) => {
    const x = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) x[i] = X.data[i * X.cols + j]!;
    return jittered(x, rng);
  });
  const out = new Float64Array(X.cols);
  if (task === 'classification') {
    columns.forEach((x, j) => (out[j] = miContinuousDiscrete(x, y)));
  } else {
    const target = jittered(Float64Array.from(y), rng);
    columns.forEach((x, j) => (out[j] = miContinuousContinuous(x, target)));
  }
  return out;
}

/** x / std(x) (ddof 0; a constant column is left as is) plus the tie-breaking noise, in place. */
function jittered(x: Float64Array, rng: Rng): Float64Array {
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v / n;
  let sq = 0;
  for (const v of x) sq += (v - mean) ** 2;
  const std = Math.sqrt(sq / n);
  const scale = std === 0 || !Number.isFinite(std) ? 1 : std;
  let absMean = 0;
  for (let i = 0; i < n; i++) {
    x[i] = x[i]! / scale;
    absMean += Math.abs(x[i]!) / n;
  }
  const amplitude = 1e-10 * Math.max(1, absMean);
  for (let i = 0; i < n; i++) x[i] = x[i]! + amplitude * rng.normal();
  return x;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Which word of a double holds its low bits (0 on little-endian machines). */
const LOW = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f ? 0 : 1;

/** The largest double below d ≥ 0 (numpy.nextafter(d, 0)): its bit pattern minus one; 0 stays 0. */
function below(d: number): number {
  if (!(d > 0) || d === Infinity) return d > 0 ? Number.MAX_VALUE : 0;
  bits[0] = d;
  if (words[LOW] === 0) {
    words[LOW] = 0xffffffff;
    words[1 - LOW]!--;
  } else {
    words[LOW]!--;
  }
  return bits[0]!;
}

/** Ascending order of `x` (indices). */
// A plain array: V8 sorts it with a comparator several times faster than a typed array.
const orderOf = (x: Float64Array): Uint32Array => Uint32Array.from(Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b));

/** How many neighbours of ascending `sorted` differ by more than the noise: ties make a sweep along that axis long. */
function distinctSteps(sorted: Float64Array): number {
  let steps = 0;
  for (let p = 1; p < sorted.length; p++) if (sorted[p]! - sorted[p - 1]! > 1e-6) steps++;
  return steps;
}

/** How many values of ascending `sorted` lie within r of sorted[p] (|v − sorted[p]| ≤ r, itself included). */
function countWithin(sorted: Float64Array, p: number, r: number): number {
  const v = sorted[p]!;
  let lo = 0;
  let hi = p;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v - sorted[mid]! <= r) hi = mid;
    else lo = mid + 1;
  }
  const first = lo;
  lo = p;
  hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! - v <= r) lo = mid;
    else hi = mid - 1;
  }
  return lo - first + 1;
}

function sortedCopy(x: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let p = 0; p < order.length; p++) out[p] = x[order[p]!]!;
  return out;
}

/** Distance to the k-th nearest other value of ascending `sorted` from position p (1-D). */
function kthDistance1d(sorted: Float64Array, p: number, k: number): number {
  let l = p - 1;
  let r = p + 1;
  let d = 0;
  for (let found = 0; found < k; found++) {
    const dl = l >= 0 ? sorted[p]! - sorted[l]! : Infinity;
    const dr = r < sorted.length ? sorted[r]! - sorted[p]! : Infinity;
    if (dl <= dr) {
      d = dl;
      l--;
    } else {
      d = dr;
      r++;
    }
  }
  return d;
}

/** sklearn's _compute_mi_cc for one column (Kraskov et al. 2004, estimator 1). */
function miContinuousContinuous(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const k = NEIGHBOURS;
  if (n <= k) return 0;
  const ox = orderOf(x);
  const oy = orderOf(y);
  const sx = sortedCopy(x, ox);
  const sy = sortedCopy(y, oy);
  // The k-th neighbour in the plane (max norm): sweep outwards along one axis, in sorted order,
  // until the gap along it alone exceeds the k-th best distance so far. The axis with fewer
  // ties is swept (an integer score or a one-hot column would make the other sweep long).
  const alongX = distinctSteps(sx) > distinctSteps(sy);
  const [order, sorted, other] = alongX ? [ox, sx, y] : [oy, sy, x];
  const radius = new Float64Array(n);
  const best = new Float64Array(k);
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    best.fill(Infinity);
    for (let step = -1; step <= 1; step += 2) {
      for (let q = p + step; q >= 0 && q < n; q += step) {
        const d1 = Math.abs(sorted[q]! - sorted[p]!);
        if (d1 >= best[k - 1]!) break;
        const d = Math.max(d1, Math.abs(other[order[q]!]! - other[i]!));
        if (d < best[k - 1]!) insertSorted(best, d);
      }
    }
    radius[i] = below(best[k - 1]!);
  }
  const posX = new Uint32Array(n);
  const posY = new Uint32Array(n);
  ox.forEach((i, p) => (posX[i] = p));
  oy.forEach((i, p) => (posY[i] = p));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const nx = countWithin(sx, posX[i]!, radius[i]!) - 1;
    const ny = countWithin(sy, posY[i]!, radius[i]!) - 1;
    sum += digamma(nx + 1) + digamma(ny + 1);
  }
  return Math.max(0, digamma(n) + digamma(k) - sum / n);
}

/** Puts d into ascending `best` (dropping its largest value). */
function insertSorted(best: Float64Array, d: number): void {
  let j = best.length - 1;
  while (j > 0 && best[j - 1]! > d) {
    best[j] = best[j - 1]!;
    j--;
  }
  best[j] = d;
}

/** sklearn's _compute_mi_cd for one column (Ross 2014). */
function miContinuousDiscrete(c: Float64Array, labels: Float64Array): number {
  const byLabel = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const rows = byLabel.get(label);
    if (rows) rows.push(i);
    else byLabel.set(label, [i]);
  });
  const kept: number[] = [];
  const radius: number[] = [];
  let sumK = 0;
  let sumLabel = 0;
  for (const rows of byLabel.values()) {
    if (rows.length < 2) continue; // a class seen once has no neighbour: left out, as in sklearn
    const k = Math.min(NEIGHBOURS, rows.length - 1);
    const values = Float64Array.from(rows, (i) => c[i]!);
    const order = orderOf(values);
    const sorted = sortedCopy(values, order);
    order.forEach((local, p) => {
      kept.push(rows[local]!);
      radius.push(below(kthDistance1d(sorted, p, k)));
    });
    sumK += rows.length * digamma(k);
    sumLabel += rows.length * digamma(rows.length);
  }
  const n = kept.length;
  if (n === 0) return 0;
  const values = Float64Array.from(kept, (i) => c[i]!);
  const order = orderOf(values);
  const sorted = sortedCopy(values, order);
  const pos = new Uint32Array(n);
  order.forEach((local, p) => (pos[local] = p));
  let sumM = 0;
  for (let t = 0; t < n; t++) sumM += digamma(countWithin(sorted, pos[t]!, radius[t]!));
  return Math.max(0, digamma(n) + sumK / n - sumLabel / n - sumM / n);
}
