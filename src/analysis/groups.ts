/**
 * Grouped samples as the k-sample tests take them (one-way ANOVA, Kruskal–Wallis, η²): one
 * array of values per level of a categorical column.
 *
 * Empty groups are dropped before any test. scipy returns NaN for the whole test as soon as one
 * group is empty (f_oneway, kruskal), which would make a category level with no numeric values
 * (all missing, say) hide the comparison of all the others; a level without data carries no
 * information about the differences between levels, so leaving it out changes nothing else.
 */

export type Groups = readonly ArrayLike<number>[];

/** The groups with at least one value, in their order, and their total size. */
export function nonEmptyGroups(groups: Groups): { readonly groups: ArrayLike<number>[]; readonly total: number } {
  const kept: ArrayLike<number>[] = [];
  let total = 0;
  for (const g of groups) {
    if (g.length === 0) continue;
    kept.push(g);
    total += g.length;
  }
  return { groups: kept, total };
}

/** All groups concatenated, in order, into one Float64Array (for ranking the pooled sample). */
export function pooled(groups: readonly ArrayLike<number>[], total: number): Float64Array {
  const out = new Float64Array(total);
  let at = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) out[at++] = g[i]!;
  }
  return out;
}
