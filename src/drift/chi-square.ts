/**
 * Chi-square test of homogeneity for two samples of category counts: the 2 × k contingency
 * table [countsA, countsB] as scipy.stats.chi2_contingency([countsA, countsB], correction=True)
 * tests it (scipy 1.17):
 *
 *   E_ij = (row_i total · column_j total) / N,  X² = Σ (O_ij − E_ij)² / E_ij,  dof = k − 1,
 *
 * with Yates' continuity correction only when dof = 1 (each |O − E| reduced by min(½, |O − E|)),
 * and p = Pr(χ²_dof ≥ X²) (Pearson 1900; Yates, F., "Contingency tables involving small numbers
 * and the χ² test", Suppl. J. R. Stat. Soc. 1 (1934); Agresti, Categorical Data Analysis, 3rd ed.
 * §3.2). This compares the two samples with each other, not the batch against the reference
 * proportions taken as exact.
 *
 * Differences from scipy, on purpose: a category with zero count in both samples is dropped
 * first (scipy raises on the zero expected frequency it produces; such a category carries no
 * information); with a single category left the result is statistic 0, p-value 1, dof 0 (what
 * scipy returns for a one-column table). A sample with no counts at all is an error, as in scipy.
 */
import { chiSquareIndependence, type ChiSquareResult } from '../stats/chi-square-independence.js';
import { countsTotal } from '../stats/counts-total.js';

export type { ChiSquareResult };

export function chiSquareHomogeneity(countsA: ArrayLike<number>, countsB: ArrayLike<number>): ChiSquareResult {
  if (countsA.length !== countsB.length) {
    throw new Error(`chiSquareHomogeneity: category counts differ in length (${countsA.length}, ${countsB.length})`);
  }
  const totalA = countsTotal(countsA, 'chiSquareHomogeneity: countsA');
  const totalB = countsTotal(countsB, 'chiSquareHomogeneity: countsB');
  if (totalA === 0 || totalB === 0) throw new Error(`chiSquareHomogeneity: sample ${totalA === 0 ? 'A' : 'B'} has no counts`);
  // The 2 × k case of the r × c test (both rows have counts, so it is never null).
  return chiSquareIndependence([countsA, countsB])!;
}
