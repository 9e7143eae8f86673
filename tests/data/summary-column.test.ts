/**
 * Summary columns (ingest's id and dropped columns, read without a dictionary) answer exactly as
 * the same column read as text: inferTable's summary and findValueProblems' problems, on random
 * columns of numbers, texts, missing tokens and padded values (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferTable, type ColumnSummary } from '../../src/data/infer.js';
import { summarizeColumn, summaryProblems } from '../../src/data/summary-column.js';
import { recordsToTable } from '../../src/data/to-table.js';
import { findValueProblems, INGEST_INFERENCE } from '../../src/pipeline/stages/ingest-plan.js';

const cell = fc.oneof(
  fc.integer({ min: -50, max: 5000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toPrecision(6)),
  fc.constantFrom('', 'NA', ' NA', 'N/A', 'null', 'NaN', 'None', 'x1', 'S0001', ' 12 ', '1e3', '+.5', '-', '.', 'Infinity', 'é', 'ab cd', ' pad'),
);

/** The column read both ways: as text (a categorical column) and as a summary column. */
function bothWays(values: string[]) {
  const rows = values.map((v) => [v]);
  const lines = values.map((_, i) => i + 2);
  const text = recordsToTable(['c'], rows, lines, [{ name: 'c', type: 'categorical' }]);
  const summary = recordsToTable(['c'], rows, lines, [{ name: 'c', type: 'categorical', summaryOnly: true }]);
  expect(summary.table.columns).toEqual([]);
  return { text, column: summary.summaries[0]!, textAt: (row: number) => values[row]! };
}

/** inferTable's summary with the categories left out (the schema keeps none for these columns). */
const withoutCategories = (s: ColumnSummary): ColumnSummary => (s.type === 'categorical' ? { ...s, categories: [] } : s);

describe('summary columns', () => {
  it('summarise as inferTable does, first pass and second (rows skipped, types given) (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 0, maxLength: 60 }), fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (values, skips) => {
        const { text, column, textAt } = bothWays(values);
        const first = inferTable(text.table, INGEST_INFERENCE)[0]!;
        expect(summarizeColumn(column, INGEST_INFERENCE, textAt)).toEqual(withoutCategories(first));
        const skip = Uint8Array.from(values, (_, i) => (skips[i] ? 1 : 0));
        const second = inferTable(text.table, { skip, types: [first.type] })[0]!;
        expect(summarizeColumn(column, { skip }, textAt, first.type)).toEqual(withoutCategories(second));
      }),
      { seed: 23, numRuns: 400 },
    );
  });

  it('find the impossible values findValueProblems finds, with and without bounds (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 20, maxLength: 80 }), fc.integer({ min: -10, max: 100 }), fc.integer({ min: 0, max: 4000 }), (values, low, span) => {
        const { text, column, textAt } = bothWays(values);
        const summary = inferTable(text.table, INGEST_INFERENCE)[0]!;
        for (const bounds of [{}, { c: [low, low + span] as [number, number] }, { c: [null, low + span] as [null, number] }]) {
          const expected = findValueProblems(text.table, [summary], bounds);
          expect(summaryProblems(column, withoutCategories(summary), bounds.c, textAt)).toEqual(expected);
        }
      }),
      { seed: 29, numRuns: 300 },
    );
  });

  it('a mostly numeric column: numeric, its non-numbers counted by value', () => {
    const values = [...Array.from({ length: 40 }, (_, i) => String(i)), 'x', 'x', 'NA'];
    const { column, textAt } = bothWays(values);
    expect(summarizeColumn(column, INGEST_INFERENCE, textAt)).toEqual({ name: 'c', type: 'numeric', count: 43, nullCount: 1, min: 0, max: 39, nonNumeric: [{ value: 'x', count: 2 }] });
  });
});

describe('summary columns read in chunks', () => {
  it('carry a record cut by a chunk boundary over, as one read does', async () => {
    const { createWorkspace } = await import('../helpers/workspace.js');
    const { readCsvTable, readCsvTableAll } = await import('../../src/data/csv-source.js');
    const { concatSummaries } = await import('../../src/data/table.js');
    const ids = ['1', 'S2', ' 3 ', 'NA', '', '4e1', 'x', '12345678', '9'];
    const text = `id,v\n${Array.from({ length: 300 }, (_, i) => `${ids[i % ids.length]},${i}`).join('\n')}\n`;
    const ws = createWorkspace({ 'a.csv': text });
    try {
      const specs = [{ name: 'id', type: 'categorical' as const, summaryOnly: true }, { name: 'v', type: 'numeric' as const }];
      const whole = await readCsvTableAll(ws.path('a.csv'), specs);
      const source = await readCsvTable(ws.path('a.csv'), specs, { chunkBytes: 7 }); // boundaries inside fields
      const parts = [];
      for await (const batch of source.batches) parts.push(batch.summaries);
      expect(parts.length).toBeGreaterThan(100);
      const joined = concatSummaries(parts)[0]!;
      expect(Array.from(joined.flags)).toEqual(Array.from(whole.summaries[0]!.flags));
      expect(Array.from(joined.values)).toEqual(Array.from(whole.summaries[0]!.values));
      expect(whole.summaries[0]!.flags.length).toBe(300);
    } finally {
      ws.cleanup();
    }
  });
});
