import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categoricalToNumeric, compareText, inferColumns, inferTable, isMissing, parseNumber } from '../../src/data/infer.js';
import { readCsvAll, readCsvTableAll } from '../../src/data/csv-source.js';
import { parseCsv } from '../../src/data/csv-parse.js';
import { recordsToTable } from '../../src/data/to-table.js';
import type { Table } from '../../src/data/table.js';

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['+2', 2],
    ['007', 7],
    ['0.1', 0.1],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-2.5e+2', -250],
    [' 7 ', 7],
    ['\t3.5\t', 3.5],
    ['  -12.25', -12.25],
    ['123456789012345', 123456789012345],
    ['1234567890123456789', 1234567890123456789], // 19 digits: the Number() fallback
    ['0.30000000000000004', 0.30000000000000004],
    ['99.99999999999999', 99.99999999999999],
    ['1.0018857020627945', 1.0018857020627945],
  ])('%j → %d', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it('keeps the sign of -0', () => {
    expect(Object.is(parseNumber('-0'), -0)).toBe(true);
    expect(Object.is(parseNumber('-0.0'), -0)).toBe(true);
  });

  it.each([
    '', ' ', '\t', '.', '-', '+', 'e3', '1e', '1e+', '--1', '+-1', '1.2.3', '1,5', '1 000', '12abc', 'abc',
    '0x1F', '0b101', '0o7', '1_000', 'Infinity', '-Infinity', 'inf', 'NaN', 'nan', '1e400', '-1e400', '٣',
  ])('%j is not a number', (text) => {
    expect(parseNumber(text)).toBeNaN();
  });

  it('equals Number() on every decimal it accepts (fast-check)', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,20}$/), fc.boolean(), fc.stringMatching(/^\d{0,20}$/))
      .map(([sign, int, dot, frac]) => `${sign}${int}${dot ? '.' : ''}${dot ? frac : ''}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const expected = /\d/.test(text) ? Number(text) : NaN;
        expect(Object.is(parseNumber(text), expected)).toBe(true);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('round-trips every finite double written by String() (fast-check)', () => {
    fc.assert(
      // String(-0) is '0', so -0 is left out.
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)), (x) => {
        expect(Object.is(parseNumber(String(x)), x)).toBe(true);
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});

describe('isMissing', () => {
  it.each(['', '   ', 'NA', ' NA ', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '\tNone'])('%j is missing', (t) => {
    expect(isMissing(t)).toBe(true);
  });
  it.each(['0', 'na', 'n/a', 'none', 'Null', '-', 'x'])('%j is a value', (t) => {
    expect(isMissing(t)).toBe(false);
  });
});

describe('inferColumns', () => {
  it('numeric when every non-missing value is a number; min, max and null count', () => {
    const header = ['a', 'b'];
    const rows = [
      ['1', ' 2.5 '],
      ['NA', '1e3'],
      ['-3', ''],
      ['007', '.5'],
    ];
    expect(inferColumns(header, rows)).toEqual([
      { name: 'a', type: 'numeric', count: 4, nullCount: 1, min: -3, max: 7 },
      { name: 'b', type: 'numeric', count: 4, nullCount: 1, min: 0.5, max: 1000 },
    ]);
  });

  it('categorical as soon as one value is not a number, with sorted categories and counts', () => {
    const rows = [['1'], ['x'], ['NA'], ['1'], ['B'], ['b'], ['0x1F'], ['Infinity'], ['1,5']];
    expect(inferColumns(['c'], rows)).toEqual([
      {
        name: 'c',
        type: 'categorical',
        count: 9,
        nullCount: 1,
        categories: [
          { value: '0x1F', count: 1 },
          { value: '1', count: 2 },
          { value: '1,5', count: 1 },
          { value: 'B', count: 1 },
          { value: 'Infinity', count: 1 },
          { value: 'b', count: 1 },
          { value: 'x', count: 1 },
        ],
      },
    ]);
  });

  it('a column with no values at all is categorical with no categories', () => {
    expect(inferColumns(['e'], [[''], ['NA']])).toEqual([
      { name: 'e', type: 'categorical', count: 2, nullCount: 2, categories: [] },
    ]);
    expect(inferColumns(['e'], [])).toEqual([{ name: 'e', type: 'categorical', count: 0, nullCount: 0, categories: [] }]);
  });

  it('ignores rows with the wrong field count and rows marked malformed', () => {
    const rows = [['1', 'a'], ['x'], ['2', 'b', 'extra'], ['oops', 'c'], ['3', 'a']];
    expect(inferColumns(['n', 'k'], rows, new Map([[3, 'malformed quoting']]))).toEqual([
      { name: 'n', type: 'numeric', count: 2, nullCount: 0, min: 1, max: 3 },
      { name: 'k', type: 'categorical', count: 2, nullCount: 0, categories: [{ value: 'a', count: 2 }] },
    ]);
  });

  it('sorts in code-unit order, independent of locale', () => {
    expect(['b', 'B', 'é', 'e', '10', '9'].sort(compareText)).toEqual(['10', '9', 'B', 'b', 'e', 'é']);
  });
});

describe('inferTable: inference from distinct values (the fast ingest path)', () => {
  const cell = fc.constantFrom('1', '-2.5', ' 3 ', '1e3', 'NA', '', 'None', 'x', 'B', 'b', '0x1F', '"7"', '"a,b"', 'q"uote');
  const csv = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 25 }))
    .map(([width, rows]) => [Array.from({ length: width }, (_, i) => `c${i}`).join(','), ...rows.map((r) => r.join(','))].join('\n'));

  it('equals inferColumns on the records, and categoricalToNumeric equals recordsToTable (fast-check)', () => {
    fc.assert(
      fc.property(csv, (text) => {
        const parsed = parseCsv(text);
        const expected = inferColumns(parsed.header, parsed.rows, parsed.malformed);
        const asText = parsed.header.map((name) => ({ name, type: 'categorical' as const }));
        const { table } = recordsToTable(parsed.header, parsed.rows, parsed.lines, asText, { malformed: parsed.malformed });
        const summaries = inferTable(table);
        expect(summaries).toEqual(expected);
        const typed = recordsToTable(parsed.header, parsed.rows, parsed.lines, summaries.map((c) => ({ name: c.name, type: c.type })), {
          malformed: parsed.malformed,
        }).table;
        summaries.forEach((summary, i) => {
          const column = table.columns[i]!;
          if (summary.type === 'numeric' && column.kind === 'categorical') {
            expect(categoricalToNumeric(column)).toEqual(typed.columns[i]);
          }
        });
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

describe('inferTable with the ingest rule: mostly numbers is numeric', () => {
  const rule = { numericShare: 0.95, minValues: 20 };
  /** A one-column text table of `cells` (codes by first appearance; missing tokens → -1). */
  const textTable = (cells: readonly string[]): Table =>
    recordsToTable(['x'], cells.map((c) => [c]), cells.map((_, i) => i + 2), [{ name: 'x', type: 'categorical' }]).table;
  const numbers = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i % 50));

  it('19 numbers and one typo out of 20 values: numeric, the typo listed, the range of the numbers', () => {
    const [summary] = inferTable(textTable([...numbers(19), 'abc', 'NA']), rule);
    expect(summary).toEqual({ name: 'x', type: 'numeric', count: 21, nullCount: 1, min: 0, max: 18, nonNumeric: [{ value: 'abc', count: 1 }] });
  });

  it('exactly 95% numbers (95 of 100) is numeric; 94 of 100 stays categorical', () => {
    const typos = (k: number): string[] => Array.from({ length: k }, (_, i) => (i % 2 ? 'n/a?' : 'abc'));
    expect(inferTable(textTable([...numbers(95), ...typos(5)]), rule)[0]).toMatchObject({
      type: 'numeric',
      nonNumeric: [{ value: 'abc', count: 3 }, { value: 'n/a?', count: 2 }],
    });
    expect(inferTable(textTable([...numbers(94), ...typos(6)]), rule)[0]!.type).toBe('categorical');
  });

  it('fewer than 20 values: every value must be a number, as before', () => {
    expect(inferTable(textTable([...numbers(18), 'abc']), rule)[0]!.type).toBe('categorical');
    expect(inferTable(textTable([...numbers(19), 'abc']))[0]!.type).toBe('categorical'); // default options: all or nothing
  });

  it('skip leaves rows out; types keeps the first pass\'s decision', () => {
    const table = textTable(['1', 'x', '3', 'y']);
    const skip = Uint8Array.from([0, 1, 0, 0]);
    expect(inferTable(table, { skip, types: ['numeric'] })).toEqual([
      { name: 'x', type: 'numeric', count: 3, nullCount: 0, min: 1, max: 3, nonNumeric: [{ value: 'y', count: 1 }] },
    ]);
    expect(inferTable(table, { skip: Uint8Array.from([0, 1, 0, 1]) })).toEqual([{ name: 'x', type: 'numeric', count: 2, nullCount: 0, min: 1, max: 3 }]);
    expect(inferTable(table, { types: ['categorical'], skip })[0]).toMatchObject({ type: 'categorical', count: 3 });
  });
});

const shared = new URL('../../../shared/data/', import.meta.url);
const sharedDir = fileURLToPath(shared);

describe.skipIf(!existsSync(sharedDir))(existsSync(sharedDir) ? 'inferColumns on the real datasets' : 'inferColumns on the real datasets (skipped: ../shared/data absent)', () => {
  it('stud.csv: scores numeric, the rest categorical with pandas value_counts', async () => {
    const data = await readCsvAll(fileURLToPath(new URL('stud.csv', shared)));
    const summary = inferColumns(data.header, data.rows, data.malformed);
    // Reference: pandas.read_csv('stud.csv'): dtypes, .min(), .max(), value_counts().
    expect(summary.map((s) => [s.name, s.type, s.count, s.nullCount])).toEqual([
      ['gender', 'categorical', 1000, 0],
      ['race_ethnicity', 'categorical', 1000, 0],
      ['parental_level_of_education', 'categorical', 1000, 0],
      ['lunch', 'categorical', 1000, 0],
      ['test_preparation_course', 'categorical', 1000, 0],
      ['math_score', 'numeric', 1000, 0],
      ['reading_score', 'numeric', 1000, 0],
      ['writing_score', 'numeric', 1000, 0],
    ]);
    expect(summary[0]).toMatchObject({ categories: [{ value: 'female', count: 518 }, { value: 'male', count: 482 }] });
    expect(summary[2]).toMatchObject({
      categories: [
        { value: "associate's degree", count: 222 },
        { value: "bachelor's degree", count: 118 },
        { value: 'high school', count: 196 },
        { value: "master's degree", count: 59 },
        { value: 'some college', count: 226 },
        { value: 'some high school', count: 179 },
      ],
    });
    expect(summary.slice(5).map((s) => (s.type === 'numeric' ? [s.min, s.max] : null))).toEqual([
      [0, 100],
      [17, 100],
      [10, 100],
    ]);
  });

  it('students_data.csv: missing values counted, floats exact', async () => {
    const data = await readCsvAll(fileURLToPath(new URL('students_data.csv', shared)));
    const summary = inferColumns(data.header, data.rows);
    // Reference: Python csv.reader + float() per value; pandas.read_csv(...).isna().sum() for the nulls.
    expect(summary.map((s) => [s.name, s.type, s.nullCount])).toEqual([
      ['Student_ID', 'categorical', 0],
      ['Quiz1', 'numeric', 0],
      ['Quiz2', 'numeric', 30],
      ['Quiz3', 'numeric', 0],
      ['Time_Spent', 'numeric', 30],
      ['Assignments', 'numeric', 0],
      ['Attendance', 'numeric', 30],
      ['Final_Result', 'categorical', 0],
    ]);
    expect(summary[4]).toMatchObject({ min: 1.0018857020627945, max: 99 });
    expect(summary[6]).toMatchObject({ min: 0.003102603383624003, max: 100.9553280282943 });
    expect(summary[7]).toMatchObject({ categories: [{ value: 'Fail', count: 777 }, { value: 'Pass', count: 223 }] });
    expect(summary[0]!.type === 'categorical' && summary[0]!.categories.length).toBe(1000);
  });

  it('inferTable over readCsvTableAll agrees with inferColumns over readCsvAll on both files', async () => {
    for (const file of ['stud.csv', 'students_data.csv']) {
      const path = fileURLToPath(new URL(file, shared));
      const data = await readCsvAll(path);
      const asText = data.header.map((name) => ({ name, type: 'categorical' as const }));
      const { table } = await readCsvTableAll(path, asText);
      expect(inferTable(table)).toEqual(inferColumns(data.header, data.rows, data.malformed));
    }
  });
});
