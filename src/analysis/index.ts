/**
 * Statistics for spm analyze: pure functions over number arrays that agree with scipy and
 * scikit-learn (each file names its reference call and formula source), built on the shared
 * ones in src/stats (distributions, moments, ranks, correlation, chi-square). Tests that cannot be
 * computed on the data given (too few groups or values, constant inputs) return `null` rather
 * than throwing, so a caller comparing many columns skips them; see each file for the cases.
 */
export { anovaSums, type AnovaSums } from './anova-sums.js';
export { cohensD } from './cohens-d.js';
export { cramersV } from './cramers-v.js';
export { epsilonSquared } from './epsilon-squared.js';
export { etaSquared } from './eta-squared.js';
export { nonEmptyGroups, type Groups } from './groups.js';
export { kMeans, type KMeansResult } from './kmeans.js';
export { kruskalWallis, type KruskalWallisResult } from './kruskal-wallis.js';
export { mannWhitneyU, type MannWhitneyUResult } from './mann-whitney-u.js';
export { oneWayAnova, type OneWayAnovaResult } from './one-way-anova.js';
export { silhouetteScore, type SilhouetteOptions } from './silhouette.js';
export { welchTTest, type WelchTTestResult } from './welch-t-test.js';
