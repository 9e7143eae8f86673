/**
 * Drift samples built chunk by chunk from typed tables, in memory that does not grow with the
 * rows when values repeat: a numeric column keeps its distinct values and their counts
 * (counted.ts; the statistics stay exact on them), a categorical column only counts per category, in the
 * schema's category order with categories the schema never had appended in order of first
 * appearance. Missing values are counted, not compared.
 */
import type { CategoryCount } from '../data/infer.js';
import type { ColumnSchema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { grow } from '../util/typed-arrays.js';
import { CountedBuilder } from './counted.js';
import type { Sample } from './feature-drift.js';

export type { CategoryCount };

interface NumericAcc {
  kind: 'numeric';
  readonly values: CountedBuilder;
  missing: number;
}

interface CategoricalAcc {
  kind: 'categorical';
  /** Known categories first (the schema's), then new ones. */
  readonly names: string[];
  readonly index: Map<string, number>;
  counts: Float64Array;
  missing: number;
  /** How many of `names` the schema knows. */
  readonly known: number;
}

/** A column drift follows: its name, type and (categorical) the schema's categories. */
export type TrackedColumn = Pick<ColumnSchema, 'name' | 'type' | 'categories'>;

export class SampleAccumulator {
  private readonly acc = new Map<string, NumericAcc | CategoricalAcc>();

  /** `categories`: per categorical column, the schema's categories (their codes in every table added). */
  constructor(columns: readonly TrackedColumn[]) {
    for (const c of columns) {
      if (c.type === 'numeric') this.acc.set(c.name, { kind: 'numeric', values: new CountedBuilder(), missing: 0 });
      else {
        const names = [...(c.categories ?? [])];
        this.acc.set(c.name, { kind: 'categorical', names, index: new Map(names.map((n, i) => [n, i])), counts: new Float64Array(names.length), missing: 0, known: names.length });
      }
    }
  }

  /** Adds the rows of `table` (columns matched by name; columns not tracked are ignored). */
  add(table: Table): void {
    for (const column of table.columns) {
      const a = this.acc.get(column.name);
      if (!a) continue;
      if (a.kind === 'numeric' && column.kind === 'numeric') {
        let missing = 0;
        for (const v of column.values) if (Number.isNaN(v)) missing++;
        a.missing += missing;
        a.values.add(missing === 0 ? column.values : column.values.filter((v) => !Number.isNaN(v)));
      } else if (a.kind === 'categorical' && column.kind === 'categorical') {
        // Codes → this accumulator's positions: the schema's categories keep their codes.
        const position = Int32Array.from(column.dictionary, (value, code) => (code < a.known && a.names[code] === value ? code : this.place(a, value)));
        // Once per table, not per new category: growing by one each time copied the counts
        // once per category (quadratic in a batch with thousands of new values).
        if (a.counts.length < a.names.length) a.counts = grow(a.counts, a.names.length);
        const counts = a.counts;
        for (const code of column.codes) {
          if (code < 0) a.missing++;
          else counts[position[code]!]! += 1;
        }
      } else {
        throw new Error(`SampleAccumulator: column ${column.name} is ${column.kind}, expected ${a.kind}`);
      }
    }
  }

  private place(a: CategoricalAcc, value: string): number {
    let at = a.index.get(value);
    if (at === undefined) {
      at = a.names.length;
      a.names.push(value);
      a.index.set(value, at);
    }
    return at;
  }

  sample(name: string): Sample {
    const a = this.acc.get(name);
    if (!a) throw new Error(`SampleAccumulator: no column ${name}`);
    if (a.kind === 'categorical') return { kind: 'categorical', counts: a.counts, missing: a.missing };
    return { kind: 'numeric', values: a.values.result(), missing: a.missing };
  }

  /** Categories of a column that the schema never had, with their counts (most frequent first). */
  newCategories(name: string): CategoryCount[] {
    const a = this.acc.get(name);
    if (!a || a.kind !== 'categorical') return [];
    return a.names
      .slice(a.known)
      .map((value, i) => ({ value, count: a.counts[a.known + i]! }))
      .filter((c) => c.count > 0)
      .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
  }

  /** The category names of a column, in the order of its counts. */
  categories(name: string): readonly string[] {
    const a = this.acc.get(name);
    return a?.kind === 'categorical' ? a.names : [];
  }
}
