/**
 * The right test for one factor against the target (SPEC §4 `analyze`), chosen by the kinds of
 * the two columns, as a teaching statistician would:
 * - numeric target, categorical factor: Welch's t-test for two groups (Cohen's d), one-way
 *   ANOVA for more (η²); when a group is skewed (|skewness| > 1) the rank-based alternative
 *   (Mann–Whitney U, Kruskal–Wallis with ε²) is reported beside it;
 * - numeric target, numeric factor: Pearson's r (and Spearman's ρ when either is skewed);
 * - categorical target, categorical factor: chi-square test of independence (Cramér's V);
 * - categorical target, numeric factor: the factor compared across the target's classes
 *   (Welch / ANOVA as above).
 * `strength` puts every factor on one scale for ranking: the share of the target's variance the
 * factor accounts for (η², r², or V², which is φ² = r² for a 2 × 2 table).
 */
import { chiSquareIndependence } from '../stats/chi-square-independence.js';
import { cohensD } from './cohens-d.js';
import { pearson, spearman } from '../stats/correlation.js';
import { cramersV } from './cramers-v.js';
import { epsilonSquared } from './epsilon-squared.js';
import { etaSquared } from './eta-squared.js';
import { kruskalWallis } from './kruskal-wallis.js';
import { mannWhitneyU } from './mann-whitney-u.js';
import { oneWayAnova } from './one-way-anova.js';
import { sampleSkewness } from '../stats/sample-skewness.js';
import { welchTTest } from './welch-t-test.js';
import { mean } from '../stats/moments.js';

/** A group of |skewness| above this (Bulmer, Principles of Statistics, 1979: "highly skewed") gets the rank-based test too. */
export const SKEWED = 1;
/** Groups smaller than this take no part in the tests (no variance). */
export const MIN_TEST_GROUP = 2;

export interface TestResult {
  readonly test: string;
  readonly statistic: number;
  readonly p_value: number;
  readonly df?: number | readonly [number, number];
  readonly effect_size: number | null;
  readonly effect_measure: string;
}

export interface FactorTest extends TestResult {
  /** Share of variance accounted for (η², r², V²): the ranking key. */
  readonly strength: number;
  /** The rank-based alternative, when the groups or variables are skewed. */
  readonly rank_test?: TestResult;
}

const isSkewed = (values: ArrayLike<number>): boolean => {
  const s = sampleSkewness(values);
  return s !== null && Math.abs(s) > SKEWED;
};

/** A numeric variable compared across groups (at least two groups of MIN_TEST_GROUP values), or null. */
export function compareGroups(groups: readonly Float64Array[]): FactorTest | null {
  const usable = groups.filter((g) => g.length >= MIN_TEST_GROUP);
  if (usable.length < 2) return null;
  const skewed = usable.some(isSkewed);
  const eta = etaSquared(usable) ?? 0;
  if (usable.length === 2) {
    // The group with the higher mean first: t, d and the rank-biserial r are then ≥ 0.
    const [a, b] = (mean(usable[0]!) >= mean(usable[1]!) ? usable : [usable[1], usable[0]]) as [Float64Array, Float64Array];
    const t = welchTTest(a, b);
    if (!t || !Number.isFinite(t.statistic)) return null;
    const u = skewed ? mannWhitneyU(a, b) : null;
    return {
      test: 'welch_t', statistic: t.statistic, p_value: t.pValue, df: t.df, effect_size: cohensD(a, b), effect_measure: 'cohens_d', strength: eta,
      ...(u ? { rank_test: { test: 'mann_whitney_u', statistic: u.statistic, p_value: u.pValue, effect_size: rankBiserial(u.statistic, a.length, b.length), effect_measure: 'rank_biserial' } } : {}),
    };
  }
  const f = oneWayAnova(usable);
  if (!f || !Number.isFinite(f.statistic)) return null;
  const h = skewed ? kruskalWallis(usable) : null;
  const n = usable.reduce((s, g) => s + g.length, 0);
  return {
    test: 'anova', statistic: f.statistic, p_value: f.pValue, df: [f.df1, f.df2], effect_size: eta, effect_measure: 'eta_squared', strength: eta,
    ...(h ? { rank_test: { test: 'kruskal_wallis', statistic: h.statistic, p_value: h.pValue, df: h.df, effect_size: epsilonSquared(h.statistic, n), effect_measure: 'epsilon_squared' } } : {}),
  };
}

/** Rank-biserial correlation from U (Kerby, "The simple difference formula", Compr. Psychol. 3 (2014)): r = 2U/(n₁n₂) − 1. */
const rankBiserial = (u: number, na: number, nb: number): number => (2 * u) / (na * nb) - 1;

/** Two numeric variables (complete pairs only), or null when fewer than 3 pairs or one is constant. */
export function correlate(x: Float64Array, y: Float64Array): FactorTest | null {
  const r = pearson(x, y);
  if (!r || !Number.isFinite(r.r)) return null;
  const rho = isSkewed(x) || isSkewed(y) ? spearman(x, y) : null;
  return {
    test: 'pearson', statistic: r.r, p_value: r.pValue, effect_size: r.r, effect_measure: 'r', strength: r.r * r.r,
    ...(rho && Number.isFinite(rho.rho) ? { rank_test: { test: 'spearman', statistic: rho.rho, p_value: rho.pValue, effect_size: rho.rho, effect_measure: 'rho' } } : {}),
  };
}

/** A factor × class contingency table (rows: factor levels), or null when it has fewer than 2 × 2 cells with counts. */
export function associate(table: readonly Float64Array[]): FactorTest | null {
  const chi = chiSquareIndependence(table);
  const v = cramersV(table);
  if (!chi || v === null || chi.dof === 0) return null;
  return { test: 'chi_square', statistic: chi.statistic, p_value: chi.pValue, df: chi.dof, effect_size: v, effect_measure: 'cramers_v', strength: v * v };
}
