// Own code: simple-statistics has no k-means++ seeding.
/**
 * k-means++ seeding, greedy variant (Arthur, D. & Vassilvitskii, S., "k-means++: the advantages
 * of careful seeding", SODA 2007; the greedy trials as in scikit-learn's `_kmeans_plusplus`,
 * after Celebi et al., Expert Syst. Appl. 40 (2013) 200–210):
 *
 * the first centre is a point drawn uniformly; each next one is the best, by the total squared
 * distance Σ min(D(x)², ‖x − c‖²) it would leave, of 2 + ⌊ln k⌋ candidates drawn with
 * probability proportional to D(x)², the squared distance to the nearest centre so far.
 *
 * Draws come from a seeded Rng (src/util/rng.ts), so the same seed gives the same centres.
 * Memory: a few Float64Arrays of n, no per-point objects. Cost: O(k · trials · n · d).
 */
import type { Rng } from '../util/rng.js';
import { squaredDistance } from './squared-distance.js';

/** First index whose cumulative weight reaches `target` (numpy.searchsorted side='left'), clipped to n − 1. */
function searchCumulative(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** k initial centroids (k × d, row-major) for `points` (n × d), 1 ≤ k ≤ n. */
export function kMeansPlusPlus(points: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centroids = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  let closest = new Float64Array(n);
  let candidate = new Float64Array(n);
  let best = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const first = rng.int(n);
  centroids.set(points.subarray(first * d, first * d + d), 0);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(points, i, centroids, 0, d);
    potential += closest[i]!;
  }
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += closest[i]!;
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestIndex = 0;
    for (let t = 0; t < trials; t++) {
      const index = searchCumulative(cumulative, rng.next() * potential);
      let trialPotential = 0;
      for (let i = 0; i < n; i++) {
        const dist = Math.min(closest[i]!, squaredDistance(points, i, points, index, d));
        candidate[i] = dist;
        trialPotential += dist;
      }
      if (trialPotential < bestPotential) {
        bestPotential = trialPotential;
        bestIndex = index;
        [best, candidate] = [candidate, best];
      }
    }
    centroids.set(points.subarray(bestIndex * d, bestIndex * d + d), c * d);
    [closest, best] = [best, closest];
    potential = bestPotential;
  }
  return centroids;
}
