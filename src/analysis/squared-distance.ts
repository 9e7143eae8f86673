// Own code: simple-statistics' euclideanDistance is not exported and takes arrays, not rows of a Float64Array.
/**
 * Squared Euclidean distance between two rows of row-major matrices (points and centroids are
 * Float64Arrays with d values a row): the inner loop of k-means and the silhouette. Differences
 * are squared directly rather than as ‖x‖² − 2x·c + ‖c‖² (scikit-learn's faster form), which
 * cancels for points close together.
 */
export function squaredDistance(a: Float64Array, aRow: number, b: Float64Array, bRow: number, d: number): number {
  const ai = aRow * d;
  const bi = bRow * d;
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[ai + j]! - b[bi + j]!;
    sum += diff * diff;
  }
  return sum;
}
