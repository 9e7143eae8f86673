// Own code: simple-statistics' chiSquaredGoodnessOfFit tests fit to a distribution by tabled critical values; no p-value.
/**
 * Pearson's chi-square test of independence on an r × c contingency table:
 * scipy.stats.chi2_contingency(table, correction=True) (Pearson, K., Phil. Mag. 50 (1900)
 * 157–175; Agresti, Categorical Data Analysis, 3rd ed. (2013) §3.2):
 *
 *   E_ij = R_i C_j / N,  X² = Σ (O_ij − E_ij)²/E_ij,  dof = (r − 1)(c − 1),  p = Pr(χ²_dof ≥ X²),
 *
 * with Yates' continuity correction only when dof = 1 and `correction` is on: each |O − E| is
 * reduced by min(½, |O − E|) (Yates, F., Suppl. J. R. Stat. Soc. 1 (1934) 217–235; scipy caps
 * the correction so it never overshoots E). One function serves every table: src/drift's test
 * of homogeneity (chi-square.ts) is its 2 × k case, spm analyze's test of association the r × c.
 *
 * Undefined cases: rows and columns with no counts are dropped (contingency-table.ts); a table
 * with no counts at all gives `null` (skip the test); a single row or column left gives
 * X² = 0, dof = 0, p = 1 (scipy's answer for a one-row table).
 */
import { chiSquareSf } from './gamma-q.js';
import { contingencyTable, type ContingencyTable } from './contingency-table.js';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

export interface ChiSquareOptions {
  /** Yates' correction when dof = 1 (default true, as scipy). */
  readonly correction?: boolean;
}

/** X² of a checked table (Yates when asked and dof = 1). */
export function pearsonChiSquare(table: ContingencyTable, correction: boolean): number {
  const { rows, cols, counts, rowTotals, colTotals, total } = table;
  const yates = correction && (rows - 1) * (cols - 1) === 1;
  let statistic = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const expected = (rowTotals[i]! * colTotals[j]!) / total;
      let observed = counts[i * cols + j]!;
      // Yates, in scipy's arithmetic: move the observation towards its expectation by at most ½ (gh-13875).
      if (yates) observed += Math.min(0.5, Math.abs(expected - observed)) * Math.sign(expected - observed);
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return statistic;
}

export function chiSquareIndependence(table: readonly ArrayLike<number>[], options: ChiSquareOptions = {}): ChiSquareResult | null {
  const checked = contingencyTable(table, 'chiSquareIndependence');
  if (checked === null) return null;
  const dof = (checked.rows - 1) * (checked.cols - 1);
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const statistic = pearsonChiSquare(checked, options.correction ?? true);
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
