/**
 * Class weights (train.class_weight): scikit-learn's class_weight='balanced' and spm's `auto`,
 * which searches unweighted and balanced fits side by side when the selection metric rewards
 * minority classes, so cross-validation decides rather than a default.
 */
import type { Candidate } from './grid.js';

export const CLASS_WEIGHT_SETTINGS = ['auto', 'none', 'balanced'] as const;
export type ClassWeightSetting = (typeof CLASS_WEIGHT_SETTINGS)[number];
/** How one fit weights its rows. */
export type ClassWeightMode = Exclude<ClassWeightSetting, 'auto'>;

/**
 * scikit-learn's class_weight='balanced' (sklearn.utils.class_weight.compute_class_weight):
 * w_c = n / (k · n_c) over the k classes present in the rows being fitted, as per-row weights.
 * Returns undefined for 'none' (every weight 1).
 */
export function classWeights(y: Float64Array, nClasses: number | undefined, mode: ClassWeightMode): Float64Array | undefined {
  if (mode === 'none' || !nClasses) return undefined;
  const counts = new Float64Array(nClasses);
  for (const c of y) counts[c]!++;
  const present = counts.filter((c) => c > 0).length;
  const w = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) w[i] = y.length / (present * counts[y[i]!]!);
  return w;
}

/** Every candidate twice, unweighted first (so a tie keeps the unweighted fit), then balanced. */
export function withBothClassWeights(candidates: readonly Candidate[]): Candidate[] {
  return candidates.flatMap((c) => [
    { ...c, classWeight: 'none' as const },
    { ...c, classWeight: 'balanced' as const },
  ]);
}
