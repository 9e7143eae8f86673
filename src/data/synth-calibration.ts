/**
 * The facts of the real "Students Performance in Exams" data (shared/data/stud.csv, 1000 rows)
 * that the synthetic generator reproduces. Every number here is printed by
 * `node bench/calibrate-synth.mjs` (section letter in each comment), so it can be re-derived.
 *
 * Model (synth.ts): score_s = intercept_s + Σ group effects_s + loading_s·A + uniqueSd_s·e_s,
 * rounded and clipped to 0–100, with A a latent ability (mean 0, variance 1, slightly left-skewed)
 * shared by the three scores and e_s independent standard normals, so the noise loading·A +
 * uniqueSd·e is correlated across scores exactly as the real residuals are. Categories are
 * drawn independently of each other: the largest Cramér's V between two category columns in
 * the real data is 0.098 (section G), about what chance gives at 1000 rows.
 */

/** Score columns, in CSV order; arrays of per-score numbers below follow this order. */
export const SCORE_NAMES = ['math_score', 'reading_score', 'writing_score'] as const;

export interface CategoryCalibration {
  readonly name: string;
  /** Levels in sorted order; the first is the reference level of the effects. */
  readonly levels: readonly string[];
  /** Share of each level (section A, 3 decimals; they sum to 1). */
  readonly shares: readonly number[];
  /** Per level: additive effect on [math, reading, writing] (section E, OLS, treatment coding). */
  readonly effects: readonly (readonly [number, number, number])[];
}

/** Category columns in CSV order (section A shares, section E effects). */
export const CATEGORY_CALIBRATION = [
  {
    name: 'gender',
    levels: ['female', 'male'],
    shares: [0.518, 0.482],
    effects: [[0, 0, 0], [5.0, -7.07, -9.1]],
  },
  {
    name: 'race_ethnicity',
    levels: ['group A', 'group B', 'group C', 'group D', 'group E'],
    shares: [0.089, 0.19, 0.319, 0.262, 0.14],
    effects: [[0, 0, 0], [2.04, 1.33, 1.22], [2.47, 2.27, 2.41], [5.34, 4.11, 5.93], [10.13, 5.51, 5.14]],
  },
  {
    name: 'parental_level_of_education',
    levels: ["associate's degree", "bachelor's degree", 'high school', "master's degree", 'some college', 'some high school'],
    shares: [0.222, 0.118, 0.196, 0.059, 0.226, 0.179],
    effects: [[0, 0, 0], [1.97, 2.16, 3.48], [-4.8, -4.9, -5.81], [2.89, 4.21, 5.18], [-0.58, -1.28, -0.92], [-4.25, -4.05, -5.32]],
  },
  {
    name: 'lunch',
    levels: ['free/reduced', 'standard'],
    shares: [0.355, 0.645],
    effects: [[0, 0, 0], [10.88, 7.25, 8.2]],
  },
  {
    name: 'test_preparation_course',
    levels: ['completed', 'none'],
    shares: [0.358, 0.642],
    effects: [[0, 0, 0], [-5.49, -7.36, -10.06]],
  },
] as const satisfies readonly CategoryCalibration[];

/** Score of a student at every reference level (section E, intercept). */
export const SCORE_INTERCEPTS = [57.63, 71.28, 71.91] as const;

/**
 * Loadings of each score on the latent ability (section F): the one-factor model of the OLS
 * residual covariance, exactly identified with three scores (λ_m² = c_mr·c_mw / c_rw, …).
 * It reproduces the residual correlations 0.889 / 0.910 / 0.949.
 */
export const ABILITY_LOADINGS = [12.085, 12.362, 12.222] as const;

/** SD of each score's own noise, √(residual variance − loading²) (section F, uniqueSd). */
export const UNIQUE_SDS = [5.028, 3.448, 2.101] as const;

/**
 * Skewness of the latent ability, chosen on the scores' marginal skews (section B: −0.28 /
 * −0.26 / −0.29). With −0.4 the synthetic cohort (200,000 rows, seed 11) has −0.25 / −0.29 /
 * −0.25; its OLS residual skews (−0.34 / −0.39 / −0.42) then come out a little stronger than
 * the real ones (section F: −0.23 / −0.24 / −0.32). With −0.3 the residuals would match and
 * the marginals would fall to −0.21 / −0.24 / −0.21; the marginals are what users see.
 */
export const ABILITY_SKEW = -0.4;

/**
 * Points writing moves per point of reading with math held fixed: the partial slope of the
 * writing residual on the reading and math residuals (section F, writingOnReadingGivenMath).
 */
export const WRITING_ON_READING_GIVEN_MATH = 0.647;
