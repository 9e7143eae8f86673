// Own code: simple-statistics' kMeansCluster has no max_iter or tol and throws on an empty cluster ('Centroid 1 has no friends').
/**
 * Lloyd's algorithm for k-means from given centroids (Lloyd, S.P., "Least squares quantization
 * in PCM", IEEE Trans. Inf. Theory 28 (1982) 129–137), with scikit-learn's stopping rules
 * (sklearn.cluster.KMeans, algorithm='lloyd'): stop when an assignment step changes no label
 * (strict convergence), or when the centroids moved by Σ‖Δc‖² ≤ tol in an update step, after
 * which the points are assigned once more to the final centroids; or after maxIter updates.
 *
 * An empty cluster after an assignment step is re-seeded with the point farthest from its own
 * centroid (taken from a cluster that keeps at least one point), as scikit-learn relocates them.
 * Works in place on typed arrays, no per-point allocation: O(n · k · d) per iteration.
 */

export interface LloydBuffers {
  /** k × d, row-major: the initial centroids in, the final ones out. */
  readonly centroids: Float64Array;
  /** n labels out. */
  readonly labels: Int32Array;
  /** n squared distances to the assigned centroid, out. */
  readonly distances: Float64Array;
}

export interface LloydResult {
  /** Σ squared distance of each point to its centroid. */
  readonly inertia: number;
  /** Update steps run. */
  readonly iterations: number;
}

/** Assigns each point to its nearest centroid (the first of equals); returns how many labels changed. */
function assign(points: Float64Array, n: number, d: number, k: number, buffers: LloydBuffers): number {
  const { centroids, labels, distances } = buffers;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let best = Number.POSITIVE_INFINITY;
    let label = 0;
    for (let c = 0; c < k; c++) {
      const base = c * d;
      let dist = 0;
      // The hot loop (n·k·d per iteration), inlined, and left as soon as c cannot win.
      for (let j = 0; j < d && dist < best; j++) {
        const diff = points[row + j]! - centroids[base + j]!;
        dist += diff * diff;
      }
      if (dist < best) {
        best = dist;
        label = c;
      }
    }
    if (labels[i] !== label) changed++;
    labels[i] = label;
    distances[i] = best;
  }
  return changed;
}

/** Moves the farthest point of a cluster with 2 or more points into each empty cluster. */
function reseedEmpty(points: Float64Array, n: number, d: number, sizes: Float64Array, sums: Float64Array, buffers: LloydBuffers): void {
  const { labels, distances } = buffers;
  for (let c = 0; c < sizes.length; c++) {
    if (sizes[c] !== 0) continue;
    let far = -1;
    for (let i = 0; i < n; i++) if (sizes[labels[i]!]! > 1 && (far < 0 || distances[i]! > distances[far]!)) far = i;
    const from = labels[far]!;
    sizes[from]!--;
    sizes[c] = 1;
    for (let j = 0; j < d; j++) {
      sums[from * d + j]! -= points[far * d + j]!;
      sums[c * d + j] = points[far * d + j]!;
    }
    labels[far] = c;
    distances[far] = 0;
  }
}

/** New centroids as the means of their points; returns Σ‖Δc‖². */
function update(points: Float64Array, n: number, d: number, k: number, buffers: LloydBuffers): number {
  const { centroids, labels } = buffers;
  const sizes = new Float64Array(k);
  const sums = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    sizes[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += points[i * d + j]!;
  }
  reseedEmpty(points, n, d, sizes, sums, buffers);
  let shift = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const next = sums[c * d + j]! / sizes[c]!;
      shift += (next - centroids[c * d + j]!) ** 2;
      centroids[c * d + j] = next;
    }
  }
  return shift;
}

/** Runs Lloyd iterations on `points` (n × d, row-major) from buffers.centroids; 1 ≤ k ≤ n. */
export function lloyd(points: Float64Array, n: number, d: number, k: number, maxIter: number, tol: number, buffers: LloydBuffers): LloydResult {
  buffers.labels.fill(-1);
  let iterations = 0;
  let strict = false;
  for (let it = 0; it < maxIter; it++) {
    const changed = assign(points, n, d, k, buffers);
    if (it > 0 && changed === 0) {
      strict = true;
      break;
    }
    iterations++;
    if (update(points, n, d, k, buffers) <= tol) break;
  }
  if (!strict) assign(points, n, d, k, buffers);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += buffers.distances[i]!;
  return { inertia, iterations };
}
