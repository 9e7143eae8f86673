import { describe, expect, it } from 'vitest';
import { kMeans, silhouetteScore } from '../../src/analysis/index.js';
import { lloyd } from '../../src/analysis/lloyd.js';
import { createRng, permutation } from '../../src/util/rng.js';

// Reference values: scikit-learn 1.2.1 / numpy 1.24.2 (Python 3, /usr/bin/python3):
// `from sklearn.cluster import KMeans; from sklearn.metrics import silhouette_score`. The points
// are built identically in Python by blobs(centers, sizes, seed, scale): bell() as in
// tests/drift/drift-stats.test.ts, point i taken round-robin from the clusters that still need points,
// coordinate j = centers[c][j] + (bell(seed, n*d)[i*d + j] − 1.5)·scale. KMeans results are
// renumbered in Python the way kMeans renumbers them (centroids in lexicographic order,
// np.lexsort(C.T[::-1])), so labels compare directly.

function bell(seed: number, n: number): Float64Array {
  let x = seed;
  const u = (): number => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  return Float64Array.from({ length: n }, () => u() + u() + u());
}

interface Blobs {
  readonly points: Float64Array;
  readonly n: number;
  readonly d: number;
  /** The generating cluster of each point. */
  readonly truth: Int32Array;
}

function blobs(centers: readonly (readonly number[])[], sizes: readonly number[], seed: number, scale: number): Blobs {
  const d = centers[0]!.length;
  const n = sizes.reduce((s, v) => s + v, 0);
  const noise = bell(seed, n * d);
  const counts = sizes.map(() => 0);
  const truth = new Int32Array(n);
  for (let i = 0, c = 0; i < n; c = (c + 1) % centers.length) {
    if (counts[c]! < sizes[c]!) {
      counts[c]!++;
      truth[i++] = c;
    }
  }
  const points = new Float64Array(n * d);
  truth.forEach((c, i) => centers[c]!.forEach((center, j) => (points[i * d + j] = center + (noise[i * d + j]! - 1.5) * scale)));
  return { points, n, d, truth };
}

const close = (actual: number | null | undefined, expected: number, rtol: number): void => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rtol * Math.abs(expected));
};
const labelString = (labels: ArrayLike<number>): string => Array.from(labels).join('');

const B3 = blobs([[0, 0, 0], [5, 5, 0], [0, 5, 5], [5, 0, 5]], [30, 30, 30, 30], 101, 0.8);
const B2 = blobs([[0, 0], [10, 0], [0, 10], [10, 10], [5, 5]], [50, 20, 35, 60, 15], 202, 1.5);
const B2_LABELS =
  '031420314203142031420314203142031420314203142031420314203142031420314203142031403140314031403140140140140140140140140140140140140140140140140404040404040404040404040404044444444444';

describe('kMeans = sklearn.cluster.KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)', () => {
  it('4 blobs in 3-d: same partition, centroids and inertia', () => {
    const r = kMeans(B3.points, B3.n, B3.d, 4, 0);
    expect(labelString(r.labels)).toBe('1302'.repeat(30)); // canon(km).labels
    close(r.inertia, 55.64145394122333, 1e-12); // km.inertia_
    const centroids = [
      -0.041065434782951105, 5.036596583976998, 4.8462988363484065, 0.061986290866193006, -0.03995747792843041, -0.0675655922484113,
      4.901417111323565, -0.07052275371606909, 5.051097659206839, 4.967507009168237, 5.075682222667313, 0.03368085322607328,
    ]; // km.cluster_centers_ in lexicographic order
    centroids.forEach((c, i) => expect(Math.abs(r.centroids[i]! - c)).toBeLessThanOrEqual(1e-12));
    expect(r.iterations).toBeGreaterThanOrEqual(1);
  });

  it('5 blobs of unequal sizes in 2-d', () => {
    const r = kMeans(B2.points, B2.n, B2.d, 5, 0);
    expect(labelString(r.labels)).toBe(B2_LABELS);
    close(r.inertia, 203.14725211514292, 1e-12); // km.inertia_
    const centroids = [
      -0.13368953206748113, 0.02632055517114562, 0.14483786028170353, 9.831259827992268, 4.907126530239883, 4.756709421987976,
      9.802289524943237, 0.053065665556614405, 9.92506649281134, 10.126522820920925,
    ];
    centroids.forEach((c, i) => expect(Math.abs(r.centroids[i]! - c)).toBeLessThanOrEqual(1e-12));
  });

  it('deterministic for a seed; other seeds give the same clusters, numbered the same way', () => {
    const first = kMeans(B2.points, B2.n, B2.d, 5, 7);
    expect(kMeans(B2.points, B2.n, B2.d, 5, 7)).toEqual(first);
    for (const seed of [1, 2, 99, 123456]) {
      const other = kMeans(B2.points, B2.n, B2.d, 5, seed);
      expect(labelString(other.labels)).toBe(B2_LABELS);
      close(other.inertia, first.inertia, 1e-12);
    }
  });

  it('one restart and a single iteration still give a valid clustering', () => {
    const r = kMeans(B3.points, B3.n, B3.d, 4, 3, 1, 1);
    expect(r.iterations).toBe(1);
    expect(r.labels.length).toBe(B3.n);
    expect(new Set(r.labels).size).toBeLessThanOrEqual(4);
  });

  it('k = 1: the mean and the total sum of squares; k = n: every point its own cluster', () => {
    const pts = Float64Array.of(1, 2, 3, 5, 8, 13);
    const one = kMeans(pts, 3, 2, 1, 0);
    expect([...one.labels]).toEqual([0, 0, 0]);
    close(one.centroids[0], 4, 1e-15);
    close(one.centroids[1], 20 / 3, 1e-15);
    close(one.inertia, 26 + (14 / 3) ** 2 + (5 / 3) ** 2 + (19 / 3) ** 2, 1e-14); // Σ‖x − x̄‖²
    const all = kMeans(pts, 3, 2, 3, 0);
    expect(all.inertia).toBe(0);
    expect([...all.labels]).toEqual([0, 1, 2]); // (1,2) < (3,5) < (8,13)
  });

  it('more clusters than distinct points: no error, coinciding centroids, the first takes the points (as scikit-learn)', () => {
    const pts = Float64Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 4 : -1)); // six copies of (4, −1)
    const r = kMeans(pts, 6, 2, 3, 0);
    expect(r.inertia).toBe(0);
    expect([...r.centroids]).toEqual([4, -1, 4, -1, 4, -1]);
    expect([...r.labels]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('20 000 points in 5-d: the generating clusters come back', () => {
    const centers = [0, 1, 2, 3].map((c) => Array.from({ length: 5 }, (_, j) => (j === c ? 12 : 0)));
    const big = blobs(centers, [5000, 5000, 5000, 5000], 303, 2);
    const r = kMeans(big.points, big.n, big.d, 4, 11);
    // Lexicographic order puts the centre with 12 in coordinate 0 last: cluster c gets label 3 − c.
    expect(r.labels.every((label, i) => label === 3 - big.truth[i]!)).toBe(true);
  });

  it('rejects arguments a caller must check', () => {
    expect(() => kMeans(B3.points, B3.n, B3.d, 0, 0)).toThrow('kMeans: k must be an integer from 1 to n = 120, got 0');
    expect(() => kMeans(B3.points, B3.n, B3.d, 121, 0)).toThrow(RangeError);
    expect(() => kMeans(B3.points, B3.n, 2, 4, 0)).toThrow('kMeans: points has 360 values, expected n·d = 120·2');
    expect(() => kMeans(B3.points, B3.n, B3.d, 4, 0, 0)).toThrow('kMeans: maxIter must be an integer >= 1, got 0');
  });
});

describe('lloyd: the iterations from given centroids', () => {
  it('an empty cluster takes the point farthest from its centroid, then the clusters settle', () => {
    const points = Float64Array.of(0, 0.1, 0.2, 10, 10.1, 10.2);
    const buffers = { centroids: Float64Array.of(0.1, 10.1, 1000), labels: new Int32Array(6), distances: new Float64Array(6) };
    const r = lloyd(points, 6, 1, 3, 300, 0, buffers);
    // No point is nearest to 1000; the first of the farthest points (0, at 0.1 from 0.1) moves there.
    expect([...buffers.labels]).toEqual([2, 0, 0, 1, 1, 1]);
    close(buffers.centroids[0], 0.15, 1e-15);
    close(buffers.centroids[1], 10.1, 1e-15);
    expect(buffers.centroids[2]).toBe(0);
    close(r.inertia, 0.005 + 0.02, 1e-12);
  });
});

describe('silhouetteScore = sklearn.metrics.silhouette_score(X, labels, metric="euclidean")', () => {
  it('matches scikit-learn on fixed data', () => {
    const k3 = kMeans(B3.points, B3.n, B3.d, 4, 0).labels;
    close(silhouetteScore(B3.points, B3.n, B3.d, k3, 4), 0.8674125380786409, 1e-10); // silhouette_score(X3, canon(km).labels)
    const mod3 = Int32Array.from({ length: B3.n }, (_, i) => i % 3);
    close(silhouetteScore(B3.points, B3.n, B3.d, mod3, 3), -0.02647176891310492, 1e-10); // silhouette_score(X3, np.arange(120) % 3)
    close(silhouetteScore(B2.points, B2.n, B2.d, Int32Array.from(B2_LABELS, Number), 5), 0.8039888953505656, 1e-10); // silhouette_score(X2, labels)
    const mod3b = Int32Array.from({ length: B2.n }, (_, i) => i % 3);
    close(silhouetteScore(B2.points, B2.n, B2.d, mod3b, 3), -0.01643721825672092, 1e-10); // silhouette_score(X2, np.arange(180) % 3)
  });

  it('a point alone in its cluster scores 0; unused labels do not count as clusters', () => {
    const labels = new Int32Array(B2.n); // lab = zeros; lab[:100] = 1; lab[7] = 2
    labels.fill(1, 0, 100);
    labels[7] = 2;
    close(silhouetteScore(B2.points, B2.n, B2.d, labels, 3), -0.12964010712258908, 1e-10); // silhouette_score(X2, lab)
    close(silhouetteScore(B2.points, B2.n, B2.d, labels, 6), -0.12964010712258908, 1e-10); // labels 3…5 empty
  });

  it('fewer than 2 clusters or one cluster per point: null (scikit-learn raises)', () => {
    expect(silhouetteScore(B3.points, B3.n, B3.d, new Int32Array(B3.n), 1)).toBeNull();
    const pts = Float64Array.of(0, 1, 2);
    expect(silhouetteScore(pts, 3, 1, [0, 1, 2], 3)).toBeNull();
    expect(silhouetteScore(pts, 3, 1, [0, 0, 1], 2)).toBe(0.5 / 3); // silhouette_score([[0],[1],[2]], [0,0,1]) = 0.16666666666666666
    expect(() => silhouetteScore(pts, 3, 1, [0, 0, 2], 2)).toThrow('silhouetteScore: label 2 outside 0 … 1');
  });

  it('above sampleSize: the exact score of a seeded sample of points, deterministic', () => {
    const centers = [[0, 0], [6, 0], [0, 6]];
    const big = blobs(centers, [1000, 1000, 1000], 404, 3);
    const options = { sampleSize: 400, seed: 5 };
    const sampled = silhouetteScore(big.points, big.n, big.d, big.truth, 3, options);
    expect(silhouetteScore(big.points, big.n, big.d, big.truth, 3, options)).toBe(sampled);
    const chosen = permutation(big.n, createRng(5)).subarray(0, 400);
    const subset = new Float64Array(800);
    chosen.forEach((i, p) => subset.set(big.points.subarray(2 * i, 2 * i + 2), 2 * p));
    const subsetLabels = Int32Array.from(chosen, (i) => big.truth[i]!);
    close(sampled, silhouetteScore(subset, 400, 2, subsetLabels, 3)!, 1e-12);
    const exact = silhouetteScore(big.points, big.n, big.d, big.truth, 3, { sampleSize: big.n })!;
    expect(Math.abs(sampled! - exact)).toBeLessThan(0.05);
    expect(silhouetteScore(big.points, big.n, big.d, big.truth, 3, { sampleSize: 400, seed: 6 })).not.toBe(sampled);
  });
});
