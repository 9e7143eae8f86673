// Own code: simple-statistics has no effect sizes or contingency tables.
/**
 * Cramér's V, the effect size of the chi-square test of independence, without bias correction
 * (Cramér, H., Mathematical Methods of Statistics (1946) §21.9, p. 282):
 *
 *   V = √(X²/(N·(min(r, c) − 1))),
 *
 * X² the Pearson statistic WITHOUT Yates' correction, as scipy.stats.contingency.association(
 * table, method='cramer', correction=False) computes it.
 *
 * Undefined cases, as chiSquareIndependence: rows and columns with no counts are dropped
 * (contingency-table.ts; scipy would give NaN), a table with no counts gives `null`, and a single
 * row or column left gives 0 (nothing varies, so nothing is associated; scipy: NaN from 0/0).
 */
import { pearsonChiSquare } from '../stats/chi-square-independence.js';
import { contingencyTable } from '../stats/contingency-table.js';

export function cramersV(table: readonly ArrayLike<number>[]): number | null {
  const checked = contingencyTable(table, 'cramersV');
  if (checked === null) return null;
  const smaller = Math.min(checked.rows, checked.cols);
  if (smaller < 2) return 0;
  // X² ≤ N(min(r, c) − 1) in exact arithmetic; the clamp keeps rounding from giving V > 1.
  return Math.min(1, Math.sqrt(pearsonChiSquare(checked, false) / (checked.total * (smaller - 1))));
}
