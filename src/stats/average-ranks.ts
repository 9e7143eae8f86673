// Own code: simple-statistics ranks only inside sampleRankCorrelation (not exported) and gives no tie term Σ(t³ − t).
/**
 * Ranks 1…n with ties given the average of the ranks they span (scipy.stats.rankdata(x,
 * method='average')), and the tie term Σ (t³ − t) over the runs of t tied values, which the
 * rank tests' tie corrections need (Mann–Whitney's variance, Kruskal–Wallis' divisor
 * 1 − Σ(t³ − t)/(n³ − n): Hollander, Wolfe & Chicken, Nonparametric Statistical Methods, 3rd ed.
 * (2014) §4.1 and §6.1). One function serves Mann–Whitney, Kruskal–Wallis and Spearman.
 * Cost: one index sort, O(n log n).
 */

export interface AverageRanks {
  /** ranks[i] is the rank of values[i], 1-based, ties averaged. */
  readonly ranks: Float64Array;
  /** Σ (t³ − t) over the runs of tied values (0 without ties). */
  readonly tieTerm: number;
}

export function averageRanks(values: ArrayLike<number>): AverageRanks {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => values[i]! - values[j]!);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    const value = values[order[start]!]!;
    let end = start + 1;
    while (end < n && values[order[end]!] === value) end++;
    // Positions start … end − 1 hold one value: ranks start + 1 … end, averaged.
    const rank = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p]!] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}
