/**
 * Drift of one column between a reference sample and a batch (SPEC §6), and the dataset-level
 * rule. Pure: samples in, decisions out. The test is chosen by type and reference size, as
 * Evidently does: numeric → two-sample Kolmogorov–Smirnov for a reference of at most
 * SMALL_REFERENCE rows, else the Wasserstein distance divided by the reference's standard
 * deviation; categorical → chi-square test of homogeneity (small) or Jensen–Shannon distance.
 * Tests drift when p < threshold (default 0.05); distances when distance ≥ threshold (0.1).
 * PSI is reported for every column.
 */
import { chiSquareHomogeneity } from './chi-square.js';
import { countsTotal } from '../stats/counts-total.js';
import type { CountedSample } from './counted.js';
import { jensenShannon } from './jensen-shannon.js';
import { ksTwoSample } from './ks.js';
import type { DriftMethod } from './methods.js';
import { binCounts, psi, quantileBins } from './psi.js';
import { wasserstein1d } from './wasserstein.js';

/** The tests drift.methods names (one list: methods.ts's DRIFT_METHODS). */
export type DriftTest = DriftMethod;

/** Above this many reference rows, distances replace tests (tests over-fire on large samples). */
export const SMALL_REFERENCE = 1000;

export const DEFAULT_THRESHOLD: Readonly<Record<DriftTest, number>> = { ks: 0.05, chi2: 0.05, wasserstein: 0.1, jensenshannon: 0.1 };
export const isPValueTest = (test: DriftTest): boolean => test === 'ks' || test === 'chi2';

/** A numeric column's distinct values and counts (missing ones counted apart) or a categorical column's counts. */
export type Sample =
  | { readonly kind: 'numeric'; readonly values: CountedSample; readonly missing: number }
  | { readonly kind: 'categorical'; readonly counts: Float64Array; readonly missing: number };

export interface ColumnDrift {
  readonly test: DriftTest;
  readonly statistic: number;
  readonly p_value: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
  readonly psi: number;
}

export function defaultTest(kind: Sample['kind'], referenceRows: number): DriftTest {
  const small = referenceRows <= SMALL_REFERENCE;
  return kind === 'numeric' ? (small ? 'ks' : 'wasserstein') : small ? 'chi2' : 'jensenshannon';
}

/** Which tests apply to a kind of column (a drift.methods override must be one of them). */
export const testsFor = (kind: Sample['kind']): readonly DriftTest[] => (kind === 'numeric' ? ['ks', 'wasserstein'] : ['chi2', 'jensenshannon']);

/**
 * Compares `batch` with `reference` by `test`. An empty side (every value missing) has
 * nothing to compare: statistic NaN, not drifted (the missing counts tell the story).
 */
export function columnDrift(reference: Sample, batch: Sample, test: DriftTest, threshold: number): ColumnDrift {
  const pair = paired(reference, batch);
  const { statistic, pValue } = pair ? compare(pair, test) : { statistic: Number.NaN, pValue: Number.NaN };
  const value = isPValueTest(test) ? pValue! : statistic;
  const drifted = Number.isNaN(value) ? false : isPValueTest(test) ? value < threshold : value >= threshold;
  return { test, statistic, p_value: isPValueTest(test) ? pValue : null, threshold, drifted, psi: pair ? psiOf(pair) : Number.NaN };
}

/** Both sides of a column in the form the statistics take. */
type Pair =
  | { readonly kind: 'numeric'; readonly reference: CountedSample; readonly batch: CountedSample }
  | { readonly kind: 'categorical'; readonly reference: Float64Array; readonly batch: Float64Array };

/** null when a side has nothing to compare. Numeric values are counted once here, not again in each statistic. */
function paired(reference: Sample, batch: Sample): Pair | null {
  if (reference.kind === 'numeric' && batch.kind === 'numeric') {
    if (reference.values.n === 0 || batch.values.n === 0) return null;
    return { kind: 'numeric', reference: reference.values, batch: batch.values };
  }
  if (reference.kind === 'categorical' && batch.kind === 'categorical') {
    // Both sides count over one list of categories (actions/drift.ts's aligned()).
    const { counts: a } = reference;
    const { counts: b } = batch;
    return countsTotal(a, 'columnDrift: reference') === 0 || countsTotal(b, 'columnDrift: batch') === 0 ? null : { kind: 'categorical', reference: a, batch: b };
  }
  throw new Error(`columnDrift: a ${reference.kind} reference against a ${batch.kind} batch`);
}

function compare(pair: Pair, test: DriftTest): { statistic: number; pValue: number | null } {
  if (pair.kind === 'numeric') {
    if (test === 'ks') {
      const r = ksTwoSample(pair.reference, pair.batch);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    const sd = standardDeviation(pair.reference);
    const d = wasserstein1d(pair.reference, pair.batch);
    // A constant reference: any move is infinitely many standard deviations; none is 0.
    return { statistic: sd > 0 ? d / sd : d === 0 ? 0 : Number.POSITIVE_INFINITY, pValue: null };
  }
  if (test === 'chi2') {
    const r = chiSquareHomogeneity(pair.reference, pair.batch);
    return { statistic: r.statistic, pValue: r.pValue };
  }
  return { statistic: jensenShannon(pair.reference, pair.batch), pValue: null };
}

/** PSI over the reference's deciles (numeric) or over the categories. */
function psiOf(pair: Pair): number {
  if (pair.kind === 'categorical') return psi(pair.reference, pair.batch);
  const cuts = quantileBins(pair.reference, 10);
  return psi(binCounts(pair.reference, cuts), binCounts(pair.batch, cuts));
}

/** Population standard deviation (numpy's std, ddof=0), as Evidently normalises by, of a counted sample. */
function standardDeviation(x: CountedSample): number {
  let mean = 0;
  for (let i = 0; i < x.values.length; i++) mean += x.values[i]! * x.counts[i]!;
  mean /= x.n;
  let ss = 0;
  for (let i = 0; i < x.values.length; i++) ss += x.counts[i]! * (x.values[i]! - mean) ** 2;
  return Math.sqrt(ss / x.n);
}

/**
 * Multiple-testing correction of p-value tests (distances are left alone): Bonferroni divides
 * each threshold by the number of tests; FDR is Benjamini–Hochberg (1995): with p-values sorted,
 * the largest k with p(k) ≤ k/m·α and every smaller one drift. Returns the new drifted flags.
 */
export function correctDrift(columns: readonly ColumnDrift[], correction: 'none' | 'bonferroni' | 'fdr'): boolean[] {
  const tested = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.p_value !== null && !Number.isNaN(c.p_value));
  const m = tested.length;
  const out = columns.map((c) => c.drifted);
  if (correction === 'none' || m === 0) return out;
  if (correction === 'bonferroni') {
    for (const { c, i } of tested) out[i] = c.p_value! < c.threshold / m;
    return out;
  }
  const sorted = [...tested].sort((x, y) => x.c.p_value! - y.c.p_value! || x.i - y.i);
  let cutoff = -1;
  sorted.forEach(({ c }, k) => {
    if (c.p_value! <= ((k + 1) / m) * c.threshold) cutoff = k;
  });
  sorted.forEach(({ i }, k) => (out[i] = k <= cutoff));
  return out;
}
