// Own code: simple-statistics has no effect sizes.
/**
 * η², the share of the variance explained by the grouping, the effect size of one-way ANOVA
 * (Cohen, J., Statistical Power Analysis for the Behavioral Sciences, 2nd ed. (1988) §8.2;
 * Richardson, J.T.E., "Eta squared and partial eta squared as measures of effect size in
 * educational research", Educ. Res. Rev. 6 (2011) 135–147):
 *
 *   η² = SS_between / SS_total,  SS_total = SS_between + SS_within   (anova-sums.ts).
 *
 * Undefined cases: empty groups are dropped; fewer than 2 groups left gives `null`, as
 * oneWayAnova does. All values identical (SS_total = 0) gives 0: the grouping explains nothing.
 */
import { anovaSums } from './anova-sums.js';
import type { Groups } from './groups.js';

export function etaSquared(groups: Groups): number | null {
  const { groupCount, ssBetween, ssWithin } = anovaSums(groups);
  if (groupCount < 2) return null;
  const ssTotal = ssBetween + ssWithin;
  return ssTotal === 0 ? 0 : ssBetween / ssTotal;
}
