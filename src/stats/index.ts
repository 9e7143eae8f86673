/**
 * The statistics src/analysis and src/drift (and src/features, for numpy's interpolation) share:
 * special functions (log Γ, Stirling's series, the regularized incomplete gamma and beta
 * functions), the tails of the normal, Student t, F and chi-square distributions, moments,
 * skewness, ranks, correlation and the chi-square test of independence.
 * Pure functions over plain arrays that agree with scipy (each file names its reference call and
 * formula source); where simple-statistics has the function and gives scipy's values, it serves,
 * and each file of our own code says in its first line why simple-statistics does not.
 * Nothing here imports from another domain.
 */
export { averageRanks, type AverageRanks } from './average-ranks.js';
export { chiSquareIndependence, pearsonChiSquare, type ChiSquareOptions, type ChiSquareResult } from './chi-square-independence.js';
export { contingencyTable, type ContingencyTable } from './contingency-table.js';
export { correlationPValue, pearson, spearman, type PearsonResult, type SpearmanResult } from './correlation.js';
export { countsTotal } from './counts-total.js';
export { fSf } from './f-distribution.js';
export { chiSquareSf, gammaQ } from './gamma-q.js';
export { lerp } from './lerp.js';
export { lnGamma } from './ln-gamma.js';
export { betaLogPrefactor, logBeta } from './log-beta.js';
export { mean, sampleVariance, sumOfSquaredDeviations } from './moments.js';
export { normalSf } from './normal-sf.js';
export { regularizedBeta, regularizedBetaPair } from './regularized-beta.js';
export { sampleSkewness } from './sample-skewness.js';
export { stirlingCorrection } from './stirling-correction.js';
export { studentTSf, studentTTwoSidedP } from './student-t.js';
