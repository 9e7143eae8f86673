/** The data profile written by ingest (profile.json): null rates, ranges, quantiles, category counts. */
import { quantileSorted } from '../features/quantile.js';
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
      const present = column.values.filter((v) => !Number.isNaN(v)).sort();
      const m = present.length;
      let sum = 0;
      for (const v of present) sum += v;
      const mean = m ? sum / m : null;
      let ss = 0;
      if (mean !== null) for (const v of present) ss += (v - mean) ** 2;
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
    const counts = new Float64Array(column.dictionary.length);
    let missing = 0;
    for (const code of column.codes) {
      if (code < 0) missing++;
      else counts[code]!++;
    }
    const categories = column.dictionary
      .map((value, i) => ({ value, count: counts[i]! }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return { name: column.name, type: 'categorical', role, count: n, null_rate: n ? missing / n : 0, categories };
  });
}
