// Own code: simple-statistics has no contingency tables.
/**
 * An r × c table of counts made ready for the chi-square test of independence and Cramér's V:
 * checked (rectangular; every count finite and ≥ 0: counts-total.ts, the check of every count statistic),
 * and with the rows and columns whose total is 0 dropped.
 *
 * Why drop them: such a row or column has expected frequency 0 in every cell, on which
 * scipy.stats.chi2_contingency raises ("expected frequencies has a zero element"); a category
 * that never occurs says nothing about association, and dropping it leaves X², its degrees of
 * freedom and the p-value what they are for the categories that do occur (src/drift's test of
 * homogeneity, the 2 × k case, inherits the choice). A table whose counts are all 0 is no table: `null`.
 */
import { countsTotal } from './counts-total.js';

export interface ContingencyTable {
  readonly rows: number;
  readonly cols: number;
  /** Row-major counts, rows × cols, without empty rows or columns. */
  readonly counts: Float64Array;
  readonly rowTotals: Float64Array;
  readonly colTotals: Float64Array;
  readonly total: number;
}

/** Throws on a ragged table or a negative, infinite or NaN count: those are the caller's bugs, not data. */
export function contingencyTable(table: readonly ArrayLike<number>[], label: string): ContingencyTable | null {
  const width = table.length === 0 ? 0 : table[0]!.length;
  const rowTotals: number[] = [];
  const colTotals = new Float64Array(width);
  table.forEach((row, i) => {
    if (row.length !== width) throw new Error(`${label}: row ${i} has ${row.length} counts, row 0 has ${width}`);
    rowTotals.push(countsTotal(row, `${label}: table[${i}]`));
    for (let j = 0; j < width; j++) colTotals[j]! += row[j]!;
  });
  const keptRows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const keptCols = Array.from(colTotals).flatMap((t, j) => (t > 0 ? [j] : []));
  if (keptRows.length === 0) return null;
  const counts = new Float64Array(keptRows.length * keptCols.length);
  keptRows.forEach((i, r) => keptCols.forEach((j, c) => (counts[r * keptCols.length + c] = table[i]![j]!)));
  return {
    rows: keptRows.length,
    cols: keptCols.length,
    counts,
    rowTotals: Float64Array.from(keptRows, (i) => rowTotals[i]!),
    colTotals: Float64Array.from(keptCols, (j) => colTotals[j]!),
    total: rowTotals.reduce((s, t) => s + t, 0),
  };
}
