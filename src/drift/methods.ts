/**
 * The drift tests (SPEC §6) by the names drift.methods uses: two-sample KS, normalised
 * Wasserstein, chi-square homogeneity, Jensen-Shannon. The params schema takes its list from here.
 */
export const DRIFT_METHODS = ['ks', 'wasserstein', 'chi2', 'jensenshannon'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];
