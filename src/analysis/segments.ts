/**
 * Behavioural segments: k-means on the standardised `segments.features` of the train split
 * (k chosen by the silhouette score when `segments.k: auto`), each segment named from its
 * centroid, and a rule to assign any new row to the nearest centroid. Pure: numbers in, JSON
 * data out (stored as segments.json; predict and the report read it back).
 *
 * Names: segments are ordered by their students' outcome on the train split (mean score, or
 * share of the positive class), best first. When the best and the worst differ clearly (by a
 * quarter of the outcome's standard deviation), the best is "High performer" and the worst "At
 * risk"; a segment in between is named by what stands out in its centroid: "Struggling but
 * engaged (high Attendance)" below the average outcome, "Doing well despite low Quiz1" above
 * it, "Average" when no feature is half a standard deviation from the mean. Standardised
 * values are clipped to ±3 before clustering, so a handful of outliers cannot claim a segment.
 * `segments.names` replaces the names, in the same order.
 */
import { kMeans } from './kmeans.js';
import { silhouetteScore } from './silhouette.js';

export const K_AUTO_RANGE = [2, 6] as const;
const CLEAR = 0.25;
const STANDS_OUT = 0.5;
const CLIP = 3;

/** One segment found in the train data: its size, centroid and outcome. */
export interface TrainSegment {
  readonly name: string;
  /** Train rows in the segment. */
  readonly size: number;
  /** The centroid in the features' own units. */
  readonly centroid: Readonly<Record<string, number>>;
  /** The centroid in train standard deviations from the train mean. */
  readonly z: Readonly<Record<string, number>>;
  /** The train outcome in the segment: mean target (regression) or share of the positive class; null if unknown. */
  readonly outcome: number | null;
}

export interface Segmentation {
  readonly format: 'spm.segments';
  readonly version: 1;
  readonly features: readonly string[];
  /** Train means and standard deviations (missing values are imputed with the mean). */
  readonly means: readonly number[];
  readonly stds: readonly number[];
  readonly k: number;
  readonly k_rule: 'fixed' | 'silhouette';
  /** The silhouette score per k tried (or of the fixed k). */
  readonly silhouette: Readonly<Record<string, number | null>>;
  /** Best outcome first. */
  readonly segments: readonly TrainSegment[];
}

export interface SegmentOptions {
  readonly k: 'auto' | number;
  readonly seed: number;
  readonly names: readonly string[];
}

/**
 * `columns`: one Float64Array per feature (NaN = missing), all of the same length; `outcome`:
 * per row, the target as a number (the score, or 1 for the positive class and 0 otherwise; NaN
 * unknown), used to order and name the segments.
 */
export function fitSegments(features: readonly string[], columns: readonly Float64Array[], outcome: Float64Array, options: SegmentOptions): Segmentation {
  const n = columns[0]!.length;
  const d = features.length;
  const means = columns.map((c) => meanOf(c));
  const stds = columns.map((c, j) => stdOf(c, means[j]!));
  const points = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) points[i * d + j] = standardise(columns[j]![i]!, means[j]!, stds[j]!);

  const ks = options.k === 'auto' ? range(K_AUTO_RANGE[0], Math.min(K_AUTO_RANGE[1], n - 1)) : [options.k];
  const silhouette: Record<string, number | null> = {};
  let best: { k: number; result: ReturnType<typeof kMeans>; score: number } | null = null;
  for (const k of ks) {
    const result = kMeans(points, n, d, k, options.seed);
    const score = silhouetteScore(points, n, d, result.labels, k, { seed: options.seed });
    silhouette[String(k)] = score;
    if (best === null || (score ?? -1) > best.score) best = { k, result, score: score ?? -1 };
  }
  const { k, result } = best!;
  const sizes = new Float64Array(k);
  const sums = new Float64Array(k);
  const counted = new Float64Array(k);
  result.labels.forEach((label, i) => {
    sizes[label]!++;
    if (!Number.isNaN(outcome[i]!)) [sums[label], counted[label]] = [sums[label]! + outcome[i]!, counted[label]! + 1];
  });
  const outcomeOf = (c: number): number | null => (counted[c]! > 0 ? sums[c]! / counted[c]! : null);
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => (outcomeOf(b) ?? -Infinity) - (outcomeOf(a) ?? -Infinity) || a - b);
  const overall = meanOf(outcome);
  const spread = stdOf(outcome, overall);
  const top = outcomeOf(order[0]!);
  const bottom = outcomeOf(order[k - 1]!);
  const clear = top !== null && bottom !== null && top - bottom > CLEAR * spread;
  const segments = order.map((c, rank): TrainSegment => {
    const zs = Array.from(result.centroids.subarray(c * d, c * d + d));
    const own = outcomeOf(c);
    return {
      name: options.names[rank] ?? autoName(features, zs, clear ? rank : -1, k, own === null ? 0 : own - overall),
      size: sizes[c]!,
      centroid: Object.fromEntries(features.map((f, j) => [f, means[j]! + zs[j]! * stds[j]!])),
      z: Object.fromEntries(features.map((f, j) => [f, zs[j]!])),
      outcome: own,
    };
  });
  return { format: 'spm.segments', version: 1, features, means, stds, k, k_rule: options.k === 'auto' ? 'silhouette' : 'fixed', silhouette, segments: uniqueNames(segments) };
}

/** The segment (index into `segments`) nearest to a row of feature values (NaN: the train mean). */
export function assignSegment(s: Segmentation, values: ArrayLike<number>): number {
  let best = 0;
  let bestDistance = Infinity;
  s.segments.forEach((segment, c) => {
    let distance = 0;
    s.features.forEach((f, j) => {
      const z = standardise(values[j]!, s.means[j]!, s.stds[j]!) - segment.z[f]!;
      distance += z * z;
    });
    if (distance < bestDistance) [best, bestDistance] = [c, distance];
  });
  return best;
}

/** `rank`: the segment's place by outcome (−1 when the outcomes do not differ clearly); `relative`: its outcome minus the overall one. */
function autoName(features: readonly string[], z: readonly number[], rank: number, k: number, relative: number): string {
  if (rank === 0) return 'High performer';
  if (rank === k - 1) return 'At risk';
  const hi = z.indexOf(Math.max(...z));
  const lo = z.indexOf(Math.min(...z));
  if (relative < 0 && z[hi]! >= STANDS_OUT) return `Struggling but engaged (high ${features[hi]})`;
  if (relative >= 0 && z[lo]! <= -STANDS_OUT) return `Doing well despite low ${features[lo]}`;
  const parts: string[] = [];
  if (z[hi]! >= STANDS_OUT) parts.push(`high ${features[hi]}`);
  if (z[lo]! <= -STANDS_OUT) parts.push(`low ${features[lo]}`);
  if (!parts.length) return 'Average';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function uniqueNames(segments: TrainSegment[]): TrainSegment[] {
  const seen = new Map<string, number>();
  return segments.map((s) => {
    const count = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, count);
    return count === 1 ? s : { ...s, name: `${s.name} ${count}` };
  });
}

const standardise = (v: number, mean: number, std: number): number => (Number.isNaN(v) ? 0 : Math.max(-CLIP, Math.min(CLIP, (v - mean) / std)));
const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

function meanOf(values: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) [s, n] = [s + v, n + 1];
  return n ? s / n : 0;
}

/** Population standard deviation (as scikit-learn's StandardScaler); 1 for a constant column. */
function stdOf(values: Float64Array, mean: number): number {
  let s = 0;
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) [s, n] = [s + (v - mean) ** 2, n + 1];
  const sd = n ? Math.sqrt(s / n) : 0;
  return sd > 0 ? sd : 1;
}
