/** Per-column counts (unseen categories, out-of-range numbers), summed over chunks or parts. */

/** Adds one chunk's per-column counts into running totals. */
export function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [column, count] of Object.entries(counts)) into[column] = (into[column] ?? 0) + count;
}

/** The counts that are not zero (the summary lists only columns that had some). */
export const nonZero = (counts: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.entries(counts).filter(([, c]) => c > 0));
