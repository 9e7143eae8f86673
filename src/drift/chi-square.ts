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
import { countsTotal } from './counts-total.js';
import { chiSquareSf } from './gamma-q.js';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

export function chiSquareHomogeneity(countsA: ArrayLike<number>, countsB: ArrayLike<number>): ChiSquareResult {
  if (countsA.length !== countsB.length) {
    throw new Error(`chiSquareHomogeneity: category counts differ in length (${countsA.length}, ${countsB.length})`);
  }
  countsTotal(countsA, 'chiSquareHomogeneity: countsA');
  countsTotal(countsB, 'chiSquareHomogeneity: countsB');
  const a: number[] = [];
  const b: number[] = [];
  let totalA = 0;
  let totalB = 0;
  for (let j = 0; j < countsA.length; j++) {
    if (countsA[j] === 0 && countsB[j] === 0) continue;
    a.push(countsA[j]!);
    b.push(countsB[j]!);
    totalA += countsA[j]!;
    totalB += countsB[j]!;
  }
  if (totalA === 0 || totalB === 0) throw new Error(`chiSquareHomogeneity: sample ${totalA === 0 ? 'A' : 'B'} has no counts`);
  const dof = a.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = totalA + totalB;
  let statistic = 0;
  for (const [observed, rowTotal] of [
    [a, totalA],
    [b, totalB],
  ] as const) {
    for (let j = 0; j < observed.length; j++) {
      const expected = (rowTotal * (a[j]! + b[j]!)) / total;
      let o = observed[j]!;
      // Yates: move each observation towards its expectation by at most ½ (scipy gh-13875).
      if (dof === 1) o += Math.min(0.5, Math.abs(expected - o)) * Math.sign(expected - o);
      statistic += (o - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
