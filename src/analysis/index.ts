/**
 * Statistics for spm analyze: pure functions over number arrays that agree with scipy and
 * scikit-learn (each file names its reference call and formula source). Tests that cannot be
 * computed on the data given (too few groups or values, constant inputs) return `null` rather
 * than throwing, so a caller comparing many columns skips them; see each file for the cases.
 */
export { anovaSums, type AnovaSums } from './anova-sums.js';
export { averageRanks, type AverageRanks } from './average-ranks.js';
export { chiSquareIndependence, pearsonChiSquare, type ChiSquareOptions, type ChiSquareResult } from './chi-square-independence.js';
export { cohensD } from './cohens-d.js';
export { contingencyTable, type ContingencyTable } from './contingency-table.js';
export { correlationPValue, pearson, spearman, type PearsonResult, type SpearmanResult } from './correlation.js';
export { cramersV } from './cramers-v.js';
export { epsilonSquared } from './epsilon-squared.js';
export { etaSquared } from './eta-squared.js';
export { fSf } from './f-distribution.js';
export { nonEmptyGroups, type Groups } from './groups.js';
export { kMeans, type KMeansResult } from './kmeans.js';
export { kruskalWallis, type KruskalWallisResult } from './kruskal-wallis.js';
export { logBeta } from './log-beta.js';
export { mannWhitneyU, type MannWhitneyUResult } from './mann-whitney-u.js';
export { mean, sampleVariance, sumOfSquaredDeviations } from './moments.js';
export { normalSf } from './normal-sf.js';
export { oneWayAnova, type OneWayAnovaResult } from './one-way-anova.js';
export { regularizedBeta, regularizedBetaPair } from './regularized-beta.js';
export { sampleSkewness } from './sample-skewness.js';
export { silhouetteScore, type SilhouetteOptions } from './silhouette.js';
export { studentTSf, studentTTwoSidedP } from './student-t.js';
export { welchTTest, type WelchTTestResult } from './welch-t-test.js';
