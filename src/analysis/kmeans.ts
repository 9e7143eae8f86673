// Own code: simple-statistics' kMeansCluster seeds from a random sample (no k-means++, n_init, tol) and throws on empty clusters.
/**
 * k-means clustering as sklearn.cluster.KMeans(n_clusters=k, init='k-means++', n_init=10,
 * max_iter=300, tol=1e-4, algorithm='lloyd') computes it: greedy k-means++ seeding
 * (kmeans-plus-plus.ts), Lloyd iterations (lloyd.ts), and nInit seeded restarts keeping the
 * lowest inertia (the first of equals). tol is scaled as scikit-learn scales it: 1e-4 times the
 * mean of the per-feature variances.
 *
 * Deterministic for a seed: restart r draws from the r-th fork of createRng(seed). The random
 * streams differ from scikit-learn's, so on data with several good local optima the two may
 * settle differently; on well separated clusters they find the same partition.
 *
 * Clusters are then renumbered by their centroids in lexicographic order (first coordinate, then
 * the next, …), so the labels do not depend on which restart won or in which order it seeded.
 * With fewer than k distinct points some centroids coincide and, as in scikit-learn, the first
 * of them takes the points: a label in 0 … k − 1 may then have no points (inertia is still right).
 *
 * Arguments are checked (1 ≤ k ≤ n, points.length = n·d, maxIter ≥ 1): a violation is a caller's
 * bug and throws a RangeError; the caller picks k for the data it has. Memory: typed arrays of
 * n and k·d, reused across restarts.
 */
import { createRng } from '../util/rng.js';
import { kMeansPlusPlus } from './kmeans-plus-plus.js';
import { lloyd, type LloydBuffers } from './lloyd.js';

export interface KMeansResult {
  /** k × d, row-major, in lexicographic order. */
  readonly centroids: Float64Array;
  /** n cluster indices into centroids. */
  readonly labels: Int32Array;
  /** Σ squared distance of each point to its centroid (scikit-learn's inertia_). */
  readonly inertia: number;
  /** Lloyd update steps of the winning restart. */
  readonly iterations: number;
}

const TOL = 1e-4;

/** scikit-learn's tolerance: TOL · mean over features of the (population) variance. */
function scaledTolerance(points: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += points[i * d + j]!;
    const centre = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (points[i * d + j]! - centre) ** 2;
    total += ss / n;
  }
  return (TOL * total) / d;
}

/** Renumbers clusters by lexicographic order of their centroids, in place. */
function renumber(result: LloydBuffers, k: number, d: number): void {
  const { centroids, labels } = result;
  const order = Array.from({ length: k }, (_, c) => c);
  order.sort((p, q) => {
    for (let j = 0; j < d; j++) {
      const diff = centroids[p * d + j]! - centroids[q * d + j]!;
      if (diff !== 0) return diff;
    }
    return p - q;
  });
  const newLabel = new Int32Array(k);
  order.forEach((old, position) => (newLabel[old] = position));
  const sorted = new Float64Array(k * d);
  order.forEach((old, position) => sorted.set(centroids.subarray(old * d, old * d + d), position * d));
  centroids.set(sorted);
  for (let i = 0; i < labels.length; i++) labels[i] = newLabel[labels[i]!]!;
}

export function kMeans(points: Float64Array, n: number, d: number, k: number, seed: number, maxIter = 300, nInit = 10): KMeansResult {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || points.length !== n * d) {
    throw new RangeError(`kMeans: points has ${points.length} values, expected n·d = ${n}·${d}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`kMeans: k must be an integer from 1 to n = ${n}, got ${k}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`kMeans: maxIter must be an integer >= 1, got ${maxIter}`);
  if (!Number.isInteger(nInit) || nInit < 1) throw new RangeError(`kMeans: nInit must be an integer >= 1, got ${nInit}`);
  const tol = scaledTolerance(points, n, d);
  const rng = createRng(seed);
  const work: LloydBuffers = { centroids: new Float64Array(k * d), labels: new Int32Array(n), distances: new Float64Array(n) };
  const best: LloydBuffers = { centroids: new Float64Array(k * d), labels: new Int32Array(n), distances: new Float64Array(0) };
  let bestInertia = Number.POSITIVE_INFINITY;
  let bestIterations = 0;
  for (let run = 0; run < nInit; run++) {
    work.centroids.set(kMeansPlusPlus(points, n, d, k, rng.fork()));
    const { inertia, iterations } = lloyd(points, n, d, k, maxIter, tol, work);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      bestIterations = iterations;
      best.centroids.set(work.centroids);
      best.labels.set(work.labels);
    }
  }
  renumber(best, k, d);
  return { centroids: best.centroids, labels: best.labels, inertia: bestInertia, iterations: bestIterations };
}
