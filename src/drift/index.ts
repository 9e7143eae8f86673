/**
 * Drift statistics (SPEC §6): pure functions over number arrays that agree with scipy —
 * two-sample Kolmogorov–Smirnov and Wasserstein distance for numeric features, chi-square test of
 * homogeneity and Jensen–Shannon distance for categorical ones, PSI for every feature. Numeric
 * samples may be raw values or counted (distinct values and counts, see counted.ts).
 */
export { chiSquareHomogeneity, type ChiSquareResult } from './chi-square.js';
export { CountedBuilder, countedFromValues, mergeCounted, type CountedBuilderOptions, type CountedSample, type NumericSample } from './counted.js';
export { jensenShannon } from './jensen-shannon.js';
export { kolmogorovSf } from './kolmogorov-n.js';
export { ksTwoSample, type KsResult } from './ks.js';
export { binCounts, psi, quantileBins } from './psi.js';
export { wasserstein1d } from './wasserstein.js';
