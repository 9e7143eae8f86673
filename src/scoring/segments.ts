/**
 * Segments as scoring uses them: the segments file evaluate stores (the k-means segmentation,
 * its recommendation table and the test split's counts) and the segment of each row of a table.
 */
import { assignSegment, type Segmentation } from '../analysis/segments.js';
import type { RecommendationRule } from '../analysis/recommend.js';
import { getColumn, type NumericColumn, type Table } from '../data/table.js';

export interface SegmentsFile extends Segmentation {
  readonly recommendations: readonly RecommendationRule[];
  /** The test split: rows per segment × prediction, with the action recommended. */
  readonly table: readonly { readonly segment: string; readonly prediction: string; readonly rows: number; readonly action: string }[];
}

/** The segment features' values, one array per feature (the columns must be numeric). */
export const segmentValues = (table: Table, features: readonly string[]): Float64Array[] => features.map((f) => (getColumn(table, f) as NumericColumn).values);

/** The segment of every row of a table (features read as columns). */
export function segmentRows(s: Segmentation, table: Table): Int32Array {
  const columns = segmentValues(table, s.features);
  const row = new Float64Array(s.features.length);
  return Int32Array.from({ length: table.rowCount }, (_, i) => {
    columns.forEach((c, j) => (row[j] = c[i]!));
    return assignSegment(s, row);
  });
}
