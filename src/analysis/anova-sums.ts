// Own code: simple-statistics has no analysis of variance.
/**
 * The one-way analysis-of-variance decomposition shared by the F test (one-way-anova.ts) and
 * η² (eta-squared.ts): SS_total = SS_between + SS_within with
 *
 *   SS_between = Σ_g n_g (x̄_g − x̄)²,  SS_within = Σ_g Σ_i (x_gi − x̄_g)²
 *
 * (Fisher, R.A., Statistical Methods for Research Workers (1925), ch. VII; Montgomery, Design
 * and Analysis of Experiments, 8th ed., §3.3), each computed from deviations rather than as
 * Σx² − (Σx)²/n, which cancels catastrophically when the means are large against the spread.
 * Empty groups are dropped first (groups.ts).
 */
import { nonEmptyGroups, pooled, type Groups } from './groups.js';
import { mean, sumOfSquaredDeviations } from '../stats/moments.js';

export interface AnovaSums {
  /** Non-empty groups. */
  readonly groupCount: number;
  /** Values in them. */
  readonly total: number;
  readonly ssBetween: number;
  /** Exactly 0 when every group is constant (moments.ts returns a constant's mean exactly). */
  readonly ssWithin: number;
}

export function anovaSums(groups: Groups): AnovaSums {
  const kept = nonEmptyGroups(groups);
  // Centre everything on the grand mean first, as scipy.stats.f_oneway does (see moments.ts).
  const offset = mean(pooled(kept.groups, kept.total));
  const means = kept.groups.map((g) => mean(g, offset));
  let weighted = 0;
  let ssWithin = 0;
  for (let g = 0; g < kept.groups.length; g++) {
    weighted += kept.groups[g]!.length * means[g]!;
    ssWithin += sumOfSquaredDeviations(kept.groups[g]!, means[g]!, offset);
  }
  // Groups with equal means have that mean as the grand mean, exactly, so SS_between is 0 then.
  const grand = means.every((m) => m === means[0]) ? means[0]! : weighted / kept.total;
  let ssBetween = 0;
  for (let g = 0; g < kept.groups.length; g++) ssBetween += kept.groups[g]!.length * (means[g]! - grand) ** 2;
  return { groupCount: kept.groups.length, total: kept.total, ssBetween, ssWithin };
}
