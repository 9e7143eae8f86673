/** The data profile written by ingest (profile.json): null rates, ranges, quantiles, category counts. */
import { sumOfSquaredDeviations } from '../stats/moments.js';
import { quantileSorted } from '../features/quantile.js';
import { countCodes } from './infer.js';
import type { Schema } from './schema.js';
import type { Table } from './table.js';

export interface NumericProfile {
  readonly name: string;
  readonly type: 'numeric';
  readonly role: string;
  readonly count: number;
  readonly null_rate: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly std: number | null;
  readonly quantiles: { readonly p05: number; readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number } | null;
}

export interface CategoricalProfile {
  readonly name: string;
  readonly type: 'categorical';
  readonly role: string;
  readonly count: number;
  readonly null_rate: number;
  readonly categories: readonly { readonly value: string; readonly count: number }[];
}

export type ColumnProfile = NumericProfile | CategoricalProfile;

export function profileTable(table: Table, schema: Schema): ColumnProfile[] {
  const n = table.rowCount;
  return table.columns.map((column): ColumnProfile => {
    const role = schema.columns.find((c) => c.name === column.name)?.role ?? 'feature';
    if (column.kind === 'numeric') {
      const present = sortedPresent(column.values);
      const m = present.length;
      const mean = m ? sumOf(present) / m : null;
      const ss = mean === null ? 0 : sumOfSquaredDeviations(present, mean);
      return {
        name: column.name,
        type: 'numeric',
        role,
        count: n,
        null_rate: n ? (n - m) / n : 0,
        min: m ? present[0]! : null,
        max: m ? present[m - 1]! : null,
        mean,
        // Sample standard deviation (n − 1), as pandas' describe() reports it.
        std: m > 1 ? Math.sqrt(ss / (m - 1)) : null,
        quantiles: m
          ? { p05: quantileSorted(present, 0.05), p25: quantileSorted(present, 0.25), p50: quantileSorted(present, 0.5), p75: quantileSorted(present, 0.75), p95: quantileSorted(present, 0.95) }
          : null,
      };
    }
    const { counts, nullCount: missing } = countCodes(column.codes, column.dictionary.length, undefined);
    const categories = column.dictionary
      .map((value, i) => ({ value, count: counts[i]! }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return { name: column.name, type: 'categorical', role, count: n, null_rate: n ? missing / n : 0, categories };
  });
}

// The loops below are functions of their own so that the JIT optimises them (a loop in a
// callback run once per column stays in the interpreter), and they add in ascending order.

function sumOf(sorted: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return sum;
}

/** Whole numbers spanning fewer values than this are counted in an array; others in a Map up to MAX_COUNTED distinct, else sorted. */
const MAX_SPAN = 1 << 16;
const MAX_COUNTED = 4096;

/**
 * The non-missing values, ascending (what `values.filter(v => !isNaN(v)).sort()` gives). A column
 * with few distinct values (scores, counts) is counted and laid out in O(n) instead of sorted.
 * The layout may put a -0 among the +0s; every figure computed from it is the same number.
 */
export function sortedPresent(values: Float64Array): Float64Array {
  const present = new Float64Array(values.length);
  let m = 0;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    present[m++] = v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && Math.floor(v) !== v) whole = false;
  }
  const out = present.subarray(0, m);
  if (m === 0) return out;
  if (whole && max - min < MAX_SPAN) {
    const counts = new Int32Array(max - min + 1);
    for (let i = 0; i < m; i++) counts[out[i]! - min]!++;
    let at = 0;
    counts.forEach((c, k) => {
      if (c > 0) out.fill(min + k, at, (at += c));
    });
    return out;
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const v = out[i]!;
    const c = counts.get(v);
    if (c !== undefined) counts.set(v, c + 1);
    else if (counts.size === MAX_COUNTED) return out.sort();
    else counts.set(v, 1);
  }
  let at = 0;
  for (const v of Float64Array.from(counts.keys()).sort()) {
    const c = counts.get(v)!;
    out.fill(v, at, (at += c));
  }
  return out;
}
