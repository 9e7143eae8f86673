import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from '../../src/data/csv-dictionary.js';
import { RawRecords } from '../../src/data/raw-records.js';
import { CsvParser, parseCsv } from '../../src/data/csv-parse.js';
import { CsvScanner } from '../../src/data/csv-scan.js';
import { readCsvAll, readCsvTable, readCsvTableAll } from '../../src/data/csv-source.js';
import { inferColumns } from '../../src/data/infer.js';
import { columnSpecsOf, type Schema } from '../../src/data/schema.js';
import { TableBuilder, recordsToTable, typeTextColumns, type ColumnSpec, type ToTableResult } from '../../src/data/to-table.js';
import type { Column, Table } from '../../src/data/table.js';
import { SpmError } from '../../src/errors.js';
import { setShowValues } from '../../src/util/privacy.js';

// These tests read the reasons with the values in them, as `--verbose` shows them (the
// default, value-free wording is checked at the end of the file).
beforeAll(() => setShowValues(true));
afterAll(() => setShowValues(false));

/** Plain arrays for readable comparisons. */
function columnsOf(table: Table): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of table.columns) {
    out[c.name] = c.kind === 'numeric' ? [...c.values] : { codes: [...c.codes], dictionary: c.dictionary };
  }
  return out;
}

const fromText = (text: string, columns: readonly ColumnSpec[], source = 'data.csv'): ToTableResult => {
  const p = parseCsv(text);
  return recordsToTable(p.header, p.rows, p.lines, columns, { source, malformed: p.malformed });
};

const SPECS: ColumnSpec[] = [
  { name: 'math_score', type: 'numeric' },
  { name: 'gender', type: 'categorical' },
];

describe('recordsToTable', () => {
  it('finds columns by header name: free order, extra columns ignored; categories in first-seen order', () => {
    const result = fromText('id,gender,extra,math_score\n1,male,x,72\n2,female,y,69.5\n3,male,z,90\n', SPECS);
    expect(result.table.rowCount).toBe(3);
    expect(result.table.columns.map((c: Column) => [c.name, c.kind])).toEqual([
      ['math_score', 'numeric'],
      ['gender', 'categorical'],
    ]);
    expect(columnsOf(result.table)).toEqual({
      math_score: [72, 69.5, 90],
      gender: { codes: [0, 1, 0], dictionary: ['male', 'female'] },
    });
    expect([...result.lines]).toEqual([2, 3, 4]);
    expect(result.rejects).toEqual([]);
    expect(result.unseen).toEqual({});
  });

  it('turns missing values into NaN and -1 without rejecting the row', () => {
    const result = fromText('math_score,gender\nNA,\n ,male\n5,None\n', SPECS);
    expect(columnsOf(result.table)).toEqual({
      math_score: [NaN, NaN, 5],
      gender: { codes: [-1, 0, -1], dictionary: ['male'] },
    });
    expect(result.rejects).toEqual([]);
  });

  it('rejects rows with the wrong field count, a non-number, or malformed quoting, with their lines', () => {
    const text = [
      'math_score,gender,id',
      '70,male,1',
      '71,female', // 3: too few fields
      '"7\n2",male,2', // 4-5: a quoted line break inside a number → not a number
      'abc,male,3', // 6
      '73,"fe"male,4', // 7: text after a closing quote
      '74,male,5,6', // 8: too many fields
      `${'9'.repeat(30)}x${'9'.repeat(30)},male,6`, // 9: long value cut short
      '75,male,7', // 10
      '76,"open,8', // 11: never closed on its line (the lines after it are read again)
      '',
    ].join('\n');
    const result = fromText(text, SPECS);
    expect(result.rejects).toEqual([
      { line: 3, row: 1, reason: 'expected 3 fields, found 2' },
      { line: 4, row: 2, reason: "column 'math_score': '7\n2' is not a number" },
      { line: 6, row: 3, reason: "column 'math_score': 'abc' is not a number" },
      { line: 7, row: 4, reason: 'malformed quoting: text after a closing quote' },
      { line: 8, row: 5, reason: 'expected 3 fields, found 4' },
      { line: 9, row: 6, reason: `column 'math_score': '${'9'.repeat(30)}x${'9'.repeat(6)}...' is not a number` },
      { line: 11, row: 8, reason: 'malformed quoting: a quote opened on this line is not closed on it (a stray quote?)' },
    ]);
    expect(result.table.rowCount).toBe(2);
    expect([...result.lines]).toEqual([2, 10]);
    expect(columnsOf(result.table)).toEqual({
      math_score: [70, 75],
      gender: { codes: [0, 0], dictionary: ['male'] },
    });
  });

  it('does not add categories from rejected rows', () => {
    const result = fromText('math_score,gender\nx,other\n1,male\n', SPECS);
    expect(columnsOf(result.table)).toEqual({ math_score: [1], gender: { codes: [0], dictionary: ['male'] } });
  });

  it('keeps a fixed dictionary, appends unseen values after it and counts them', () => {
    const columns: ColumnSpec[] = [
      { name: 'math_score', type: 'numeric' },
      { name: 'gender', type: 'categorical', dictionary: ['female', 'male'] },
      { name: 'lunch', type: 'categorical', dictionary: ['free/reduced', 'standard'] },
    ];
    const text = 'math_score,gender,lunch\n1,male,standard\n2,other,standard\n3,x,\n4,other,free/reduced\n';
    const result = fromText(text, columns);
    expect(columnsOf(result.table)).toEqual({
      math_score: [1, 2, 3, 4],
      gender: { codes: [1, 2, 3, 2], dictionary: ['female', 'male', 'other', 'x'] },
      lunch: { codes: [1, 1, -1, 0], dictionary: ['free/reduced', 'standard'] },
    });
    expect(result.unseen).toEqual({ gender: 3, lunch: 0 });
  });

  it('a required column missing from the header is a whole-file error naming it and the file', () => {
    const error = (() => {
      try {
        fromText('gender,score\nmale,1\n', SPECS, 'cohort.csv');
      } catch (e) {
        return e;
      }
      return undefined;
    })() as SpmError;
    expect(error).toBeInstanceOf(SpmError);
    expect(error.message).toBe("missing column 'math_score' in cohort.csv");
    expect(error.exitCode).toBe(1);
    expect(error.hint).toBe('the header has: gender, score');
    expect(() => fromText('x\n1\n', SPECS, 'cohort.csv')).toThrow("missing columns 'math_score', 'gender' in cohort.csv");
  });

  it('gives an empty table for no records', () => {
    const result = fromText('math_score,gender\n', SPECS);
    expect(result.table.rowCount).toBe(0);
    expect(columnsOf(result.table)).toEqual({ math_score: [], gender: { codes: [], dictionary: [] } });
  });
});

describe('bounds: an impossible value rejects its row', () => {
  const bounded: ColumnSpec[] = [
    { name: 'math_score', type: 'numeric', bounds: [0, 100] },
    { name: 'reading_score', type: 'numeric', bounds: [0, null] },
    { name: 'gender', type: 'categorical' },
  ];

  it('says which column, the value as written and the bounds; the ends are inside; missing values pass', () => {
    const text = 'math_score,reading_score,gender\n0,5,male\n100,1e6,female\n120,5,male\n-0.5,5,male\n50,-1,male\nNA,,male\n 101 ,5,male\n';
    const result = fromText(text, bounded);
    expect(result.rejects).toEqual([
      { line: 4, row: 2, reason: "column 'math_score': 120 is outside its bounds [0, 100]" },
      { line: 5, row: 3, reason: "column 'math_score': -0.5 is outside its bounds [0, 100]" },
      { line: 6, row: 4, reason: "column 'reading_score': -1 is outside its bounds [0, null]" },
      { line: 8, row: 6, reason: "column 'math_score': 101 is outside its bounds [0, 100]" },
    ]);
    expect(columnsOf(result.table)).toMatchObject({ math_score: [0, 100, NaN], reading_score: [5, 1e6, NaN] });
  });

  it('a row gets the reason of its first bad field, in file order', () => {
    const result = fromText('reading_score,math_score,gender\nabc,120,male\n-3,x,male\n', bounded);
    expect(result.rejects.map((r) => r.reason)).toEqual([
      "column 'reading_score': 'abc' is not a number",
      "column 'reading_score': -3 is outside its bounds [0, null]",
    ]);
  });

  it('the scanner route rejects exactly what the records route rejects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spm-bounds-'));
    try {
      const text = 'gender,math_score,reading_score\nmale,99,1\nfemale,101,2\n"male",100,-1\nx,1e3,3\n';
      writeFileSync(join(dir, 'b.csv'), text);
      const streamed = await readCsvTableAll(join(dir, 'b.csv'), bounded, { chunkBytes: 7 });
      const expected = fromText(text, bounded);
      expect(streamed.rejects).toEqual(expected.rejects);
      expect(columnsOf(streamed.table)).toEqual(columnsOf(expected.table));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('columnSpecsOf(schema)', () => {
  const schema: Schema = {
    format: 'spm.schema',
    version: 1,
    target: 'math_score',
    task: 'regression',
    columns: [
      { name: 'student_id', type: 'categorical', role: 'id', nullRate: 0, categories: ['S1', 'S2'] },
      { name: 'gender', type: 'categorical', role: 'feature', nullRate: 0, categories: ['female', 'male'] },
      { name: 'reading_score', type: 'numeric', role: 'feature', nullRate: 0, min: 1, max: 99, bounds: [0, 100] },
      { name: 'hours', type: 'numeric', role: 'dropped', nullRate: 0, min: 0, max: 9 },
      { name: 'math_score', type: 'numeric', role: 'target', nullRate: 0, min: 0, max: 100, bounds: [0, null] },
    ],
  };

  it('features and the target, with dictionaries and bounds; never ids or dropped columns', () => {
    expect(columnSpecsOf(schema)).toEqual([
      { name: 'gender', type: 'categorical', dictionary: ['female', 'male'] },
      { name: 'reading_score', type: 'numeric', bounds: [0, 100] },
      { name: 'math_score', type: 'numeric', bounds: [0, null] },
    ]);
    expect(columnSpecsOf(schema, { withTarget: false }).map((c) => c.name)).toEqual(['gender', 'reading_score']);
  });
});

describe('typeTextColumns (text columns → typed, the ingest route)', () => {
  it('equals recordsToTable with the same specs on the rows kept (fast-check)', () => {
    const cell = fc.constantFrom('1', '-2.5', ' 3 ', '1e3', 'NA', '', 'None');
    const word = fc.constantFrom('a', 'b', 'c d', 'NA', '');
    const rows = fc.array(fc.tuple(cell, word), { maxLength: 30 });
    fc.assert(
      fc.property(rows, fc.array(fc.boolean(), { maxLength: 30 }), (records, keepMask) => {
        const header = ['n', 'k'];
        const asRows = records.map(([n, k]) => [n, k]);
        const lines = asRows.map((_, i) => i + 2);
        const text = recordsToTable(header, asRows, lines, header.map((name) => ({ name, type: 'categorical' as const }))).table;
        const kept = Int32Array.from(asRows.map((_, i) => i).filter((i) => keepMask[i] ?? true));
        const dictionary = [...new Set(kept.length ? [...kept].map((i) => asRows[i]![1]!) : [])].filter((v) => !['NA', ''].includes(v)).sort();
        const specs: ColumnSpec[] = [
          { name: 'k', type: 'categorical', dictionary },
          { name: 'n', type: 'numeric' },
        ];
        const expected = recordsToTable(header, [...kept].map((i) => asRows[i]!), [...kept].map((i) => lines[i]!), specs).table;
        expect(columnsOf(typeTextColumns(text, specs, kept))).toEqual(columnsOf(expected));
      }),
      { seed: 21, numRuns: 200 },
    );
  });
});

describe('TableBuilder', () => {
  it('gives the same result over batches as in one go (fast-check)', () => {
    const cell = fc.constantFrom('1', '2.5', '-3', 'NA', '', 'a', 'b', 'c', 'x y');
    const record = fc.array(cell, { minLength: 2, maxLength: 4 });
    const columns: ColumnSpec[] = [
      { name: 'n', type: 'numeric' },
      { name: 'k', type: 'categorical' },
      { name: 'f', type: 'categorical', dictionary: ['a', 'b'] },
    ];
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 5 }), (rows, cuts) => {
        const header = ['n', 'k', 'f'];
        const lines = rows.map((_, i) => i + 2);
        const expected = recordsToTable(header, rows, lines, columns);
        const builder = new TableBuilder(header, columns);
        const points = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const p of [...points, rows.length]) {
          builder.add(rows.slice(from, p), lines.slice(from, p));
          from = p;
        }
        const got = builder.take();
        expect(columnsOf(got.table)).toEqual(columnsOf(expected.table));
        expect([...got.lines]).toEqual([...expected.lines]);
        expect(got.rejects).toEqual(expected.rejects);
        expect(got.unseen).toEqual(expected.unseen);
        expect(got.table.rowCount + got.rejects.length).toBe(rows.length);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('streams parser batches: scored + rejected = input rows, rejects in input order', () => {
    const lines = ['n,k'];
    for (let i = 0; i < 5000; i++) lines.push(i % 7 === 0 ? `bad${i},k${i % 3}` : i % 11 === 0 ? `${i}` : `${i},"k\n${i % 3}"`);
    const text = lines.join('\r\n');
    const parser = new CsvParser();
    const columns: ColumnSpec[] = [
      { name: 'n', type: 'numeric' },
      { name: 'k', type: 'categorical' },
    ];
    let builder: TableBuilder | undefined;
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 4096) pieces.push(text.slice(i, i + 4096));
    for (const batch of [...pieces.map((p) => parser.push(p)), parser.end()]) {
      let start = 0;
      if (builder === undefined && batch.rows.length > 0) {
        builder = new TableBuilder(batch.rows[0]!, columns);
        start = 1;
      }
      builder?.add(batch.rows.slice(start), batch.lines.slice(start));
    }
    const result = builder!.take();
    expect(result.table.rowCount + result.rejects.length).toBe(5000);
    expect(result.rejects.length).toBe(715 + 390); // multiples of 7; multiples of 11 that are not of 7
    // Records 0 and 7 take one line, 1-6 and 8-10 two (a quoted line break): record 7 starts on 15, 11 on 22.
    expect(result.rejects.slice(0, 3)).toEqual([
      { line: 2, row: 0, reason: "column 'n': 'bad0' is not a number" },
      { line: 15, row: 7, reason: "column 'n': 'bad7' is not a number" },
      { line: 22, row: 11, reason: 'expected 2 fields, found 1' },
    ]);
    expect([...result.lines.slice(0, 3)]).toEqual([3, 5, 7]);
  });
});

const shared = new URL('../../../shared/data/', import.meta.url);

describe.skipIf(!existsSync(fileURLToPath(shared)))(existsSync(fileURLToPath(shared)) ? 'real data' : 'real data (skipped: ../shared/data absent)', () => {
  it('students_data.csv → table with the inferred types: 1000 rows, 30 NaN per gappy column', async () => {
    const data = await readCsvAll(fileURLToPath(new URL('students_data.csv', shared)));
    const columns = inferColumns(data.header, data.rows).map((s) => ({ name: s.name, type: s.type }));
    const result = recordsToTable(data.header, data.rows, data.lines, columns, { malformed: data.malformed });
    expect(result.table.rowCount).toBe(1000);
    expect(result.rejects).toEqual([]);
    // Reference: pandas.read_csv('students_data.csv').isna().sum() → 30 for Quiz2, Time_Spent, Attendance.
    const nanCount = (name: string): number => {
      const c = result.table.columns.find((col) => col.name === name)!;
      return c.kind === 'numeric' ? c.values.filter(Number.isNaN).length : -1;
    };
    expect(['Quiz2', 'Time_Spent', 'Attendance', 'Quiz1'].map(nanCount)).toEqual([30, 30, 30, 0]);
    expect(result.lines[0]).toBe(2);
    expect(result.lines[999]).toBe(1001);
  });
});

// --- the fast path: the scanner feeding TableBuilder directly, and readCsvTable ---

/** Cell values as text (codes decoded, NaN → 'NaN'), so tables from different takes compare. */
function decoded(results: readonly ToTableResult[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { table } of results) {
    for (const c of table.columns) {
      const cells = (out[c.name] ??= []);
      for (let i = 0; i < table.rowCount; i++) {
        cells.push(c.kind === 'numeric' ? String(c.values[i]) : c.codes[i]! < 0 ? '<missing>' : c.dictionary[c.codes[i]!]!);
      }
    }
  }
  return out;
}

const NO_BYTES = new Uint8Array(0);
const anyCell = fc.constantFrom('1', '-2.5', ' 3 ', 'NA', '', 'x', 'a', 'b', 'é', '€\u{1F641}', '"q,uo""te"', '"line\nbreak"', '"ü\r\nx"', 'b"ad', '"open');
const csvWith = (header: string) =>
  fc
    .array(fc.array(anyCell, { minLength: 1, maxLength: 4 }), { maxLength: 30 })
    .map((rows) => [header, ...rows.map((r) => r.join(','))].join(rows.length % 2 ? '\r\n' : '\n'));
const csvText = csvWith('n,k,f');
const fastColumns: ColumnSpec[] = [
  { name: 'f', type: 'categorical', dictionary: ['a', 'b'] },
  { name: 'n', type: 'numeric' },
  { name: 'k', type: 'categorical' },
];

describe('TableBuilder fed by the scanner (no string per cell)', () => {
  it('gives exactly what recordsToTable gives on parsed records, for any chunking (fast-check)', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 5 }), (text, cuts) => {
        const expected = fromText(text, fastColumns);
        const builder = new TableBuilder(['n', 'k', 'f'], fastColumns, { keepRaw: true });
        let header = true;
        const scanner = new CsvScanner(
          {
            field: () => undefined,
            endRecord: () => {
              if (header) scanner.sink = builder;
              header = false;
            },
            fieldsSoFar: () => 3,
            discardRecord: () => undefined,
          },
          { keepRaw: true },
        );
        // Cut anywhere in the UTF-8 bytes, inside a character too.
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const p of [...points, bytes.length]) {
          scanner.push(bytes.subarray(from, p));
          from = p;
        }
        scanner.end();
        const got = builder.take();
        expect(columnsOf(got.table)).toEqual(columnsOf(expected.table));
        expect([...got.lines]).toEqual([...expected.lines]);
        expect(got.rejects).toEqual(expected.rejects);
        expect(got.unseen).toEqual(expected.unseen);
        expect(got.raw!.toArray()).toEqual(parseCsv(text).rows.map((_, i) => whole(text).raw[i + 1]));
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('taking a table after every chunk (even inside a record) loses nothing (fast-check)', () => {
    const header = fc.constantFrom('n,k,f', 'f,n,k', 'k,f,n');
    fc.assert(
      fc.property(header.chain((h) => csvWith(h)), fc.integer({ min: 1, max: 40 }), (text, size) => {
        const expected = fromText(text, fastColumns);
        const builder = new TableBuilder(text.split(/\r?\n/)[0]!.split(','), fastColumns);
        let header = true;
        const scanner = new CsvScanner({
          field: () => undefined,
          endRecord: () => {
            if (header) scanner.sink = builder;
            header = false;
          },
          fieldsSoFar: () => 3,
          discardRecord: () => undefined,
        });
        const takes: ToTableResult[] = [];
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += size) {
          scanner.push(bytes.subarray(i, i + size));
          takes.push(builder.take());
        }
        scanner.end();
        takes.push(builder.take());
        expect(decoded(takes)).toEqual(decoded([expected]));
        expect(takes.flatMap((t) => [...t.lines])).toEqual([...expected.lines]);
        expect(takes.flatMap((t) => t.rejects.map((r) => [r.line, r.reason]))).toEqual(expected.rejects.map((r) => [r.line, r.reason]));
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('take() per batch: the same cells, lines and rejects; unseen values of a fixed dictionary are per batch', () => {
    const builder = new TableBuilder(['n', 'k', 'f'], fastColumns);
    const snapshot = (r: ToTableResult) => r.table.columns.map((c) => (c.kind === 'categorical' ? [...c.dictionary] : null));
    builder.add([['1', 'x', 'a'], ['2', 'y', 'zz'], ['oops', 'w', 'a']], [2, 3, 4]);
    const first = builder.take();
    const firstDictionaries = snapshot(first);
    builder.add([['3', 'x', 'zz'], ['4', 'v', 'qq'], ['5']], [5, 6, 7]);
    const second = builder.take();
    expect(decoded([first, second])).toEqual({
      f: ['a', 'zz', 'zz', 'qq'], // 'zz' is unseen again in the second batch: codes for unseen values are per batch
      n: ['1', '2', '3', '4'],
      k: ['x', 'y', 'x', 'v'],
    });
    expect(first.rejects).toEqual([{ line: 4, row: 2, reason: "column 'n': 'oops' is not a number" }]);
    expect(second.rejects).toEqual([{ line: 7, row: 2, reason: 'expected 3 fields, found 1' }]);
    expect([first.unseen, second.unseen]).toEqual([{ f: 1 }, { f: 2 }]);
    expect([firstDictionaries, snapshot(second)]).toEqual([
      [['a', 'b', 'zz'], null, ['x', 'y']],
      [['a', 'b', 'zz', 'qq'], null, ['x', 'y', 'v']],
    ]);
    // First-seen dictionaries are shared and only appended to, so earlier codes stay valid.
    expect(first.table.columns[2]).toMatchObject({ dictionary: ['x', 'y', 'v'] });
    expect(first.table.columns[0]).toMatchObject({ dictionary: ['a', 'b', 'zz'] });
    expect(builder.take().table.rowCount).toBe(0);
  });

  it('a take inside a record keeps the cells read so far, re-adding a value unseen by a fixed dictionary', () => {
    const builder = new TableBuilder(['f', 'n', 'k'], fastColumns);
    const feed = (...cells: string[]) => cells.forEach((c) => builder.field(Buffer.from(c), 0, Buffer.byteLength(c)));
    feed('zz', '1', 'x');
    builder.endRecord(2, undefined, NO_BYTES, 0, 0);
    feed('oops', 'bad', 'y'); // rejected: its cells stay behind in the buffers
    builder.endRecord(3, undefined, NO_BYTES, 0, 0);
    feed('zz', '2');
    const first = builder.take();
    feed('w');
    builder.endRecord(4, undefined, NO_BYTES, 0, 0);
    const second = builder.take();
    expect(decoded([first])).toEqual({ f: ['zz'], n: ['1'], k: ['x'] });
    expect(decoded([second])).toEqual({ f: ['zz'], n: ['2'], k: ['w'] });
    expect([first.unseen, second.unseen]).toEqual([{ f: 1 }, { f: 1 }]);
    expect([...second.lines]).toEqual([4]);

    // A take before the fixed column is read: the rejected record's unseen code left in the old
    // buffers must not come back.
    const other = new TableBuilder(['n', 'f', 'k'], fastColumns);
    const feedOther = (...cells: string[]) => cells.forEach((c) => other.field(Buffer.from(c), 0, Buffer.byteLength(c)));
    feedOther('1', 'zz', 'x');
    other.endRecord(2, undefined, NO_BYTES, 0, 0);
    feedOther('bad', 'zz', 'y');
    other.endRecord(3, undefined, NO_BYTES, 0, 0);
    feedOther('2');
    other.take();
    feedOther('a', 'w');
    other.endRecord(4, undefined, NO_BYTES, 0, 0);
    const last = other.take();
    expect(decoded([last])).toEqual({ f: ['a'], n: ['2'], k: ['w'] });
    expect(last.table.columns[0]).toMatchObject({ dictionary: ['a', 'b'] });
  });
});

function whole(text: string) {
  const parser = new CsvParser({ keepRaw: true });
  const a = parser.push(text);
  const b = parser.end();
  return { raw: [...(a.raw ?? []), ...(b.raw ?? [])] };
}

describe('TextIndex', () => {
  it('finds values by a range of text, keeps codes in insertion order, grows and truncates', () => {
    const index = new TextIndex(['a', 'b', 'a']);
    expect(index.values).toEqual(['a', 'b', 'a']);
    expect(index.find('xaybz', 1, 2)).toBe(0); // a repeated value keeps its first code
    expect(index.find('xaybz', 3, 4)).toBe(1);
    expect(index.find('xaybz', 0, 1)).toBe(-1);
    for (let i = 0; i < 1000; i++) expect(index.add(`v${i}`)).toBe(i + 3);
    for (let i = 0; i < 1000; i++) expect(index.find(`..v${i}..`, 2, 4 + String(i).length - 1)).toBe(i + 3);
    expect(index.find('', 0, 0)).toBe(-1);
    index.truncate(3);
    expect(index.values).toEqual(['a', 'b', 'a']);
    expect(index.find('v5', 0, 2)).toBe(-1);
    expect(index.add('v5')).toBe(3);
  });

  it('tells apart values that share the sampled characters, before and after switching to full hashing', () => {
    // Same length, same first, middle and last characters: one sampled hash for all of them.
    const alike = (i: number): string => `a${String(i).padStart(3, '0')}m${String(199 - i).padStart(3, '0')}z`; // 'a000m199z'
    const values = Array.from({ length: 200 }, (_, i) => alike(i));
    expect(new Set(values).size).toBe(200);
    const index = new TextIndex(values.slice(0, 10)); // small: sampled hashing
    for (let i = 0; i < 10; i++) expect(index.find(`,${values[i]!},`, 1, 1 + values[i]!.length)).toBe(i);
    expect(index.find('a999m999z', 0, 9)).toBe(-1);
    for (let i = 10; i < 200; i++) expect(index.add(values[i]!)).toBe(i); // past 64 values: full hashing
    for (let i = 0; i < 200; i++) expect(index.find(values[i]!, 0, values[i]!.length)).toBe(i);
    index.truncate(10); // back to sampled hashing
    for (let i = 0; i < 10; i++) expect(index.find(values[i]!, 0, values[i]!.length)).toBe(i);
    expect(index.find(values[50]!, 0, values[50]!.length)).toBe(-1);
    expect(index.add(values[50]!)).toBe(10);
    expect(index.find(values[50]!, 0, values[50]!.length)).toBe(10);
  });
});

describe('readCsvTable / readCsvTableAll', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-table-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lines = ['id,n,k,f'];
  for (let i = 0; i < 3000; i++) {
    const f = ['a', 'b', 'new'][i % 3]!;
    lines.push(i % 101 === 5 ? `${i},x${i},k,a` : i % 97 === 3 ? `${i},1` : `${i},${i / 4},"k ${i % 5}",${f}`);
  }
  const text = `\uFEFF${lines.join('\r\n')}\r\n`;
  const path = join(dir, 'cohort.csv');
  writeFileSync(path, text);

  it('streams the same rows as parseCsv + recordsToTable, with raw text, for any chunk size', async () => {
    const expected = fromText(text, fastColumns);
    for (const chunkBytes of [7, 4096, 1 << 20]) {
      const source = await readCsvTable(path, fastColumns, { chunkBytes, keepRaw: true });
      expect([source.name, source.header, source.headerLine]).toEqual([path, ['id', 'n', 'k', 'f'], 1]);
      const batches: ToTableResult[] = [];
      for await (const batch of source.batches) batches.push(batch);
      expect(decoded(batches)).toEqual(decoded([expected]));
      expect(batches.flatMap((b) => [...b.lines])).toEqual([...expected.lines]);
      expect(batches.flatMap((b) => b.rejects.map((r) => [r.line, r.reason, b.raw!.at(r.row)]))).toEqual(
        expected.rejects.map((r) => [r.line, r.reason, lines[r.line - 1]]),
      );
      expect(batches.reduce((sum, b) => sum + b.unseen.f!, 0)).toBe(expected.unseen.f);
      expect(batches.reduce((sum, b) => sum + b.table.rowCount + b.rejects.length, 0)).toBe(3000);
    }
  });

  it('readCsvTableAll gives one table equal to recordsToTable', async () => {
    const all = await readCsvTableAll(path, fastColumns, { chunkBytes: 1000 });
    const expected = fromText(text, fastColumns);
    expect(columnsOf(all.table)).toEqual(columnsOf(expected.table));
    expect(all.rejects).toEqual(expected.rejects);
    expect(all.rejects.length).toBe(30 + 31); // i % 101 === 5: 30 rows; i % 97 === 3: 31 rows
    expect(all.header).toEqual(['id', 'n', 'k', 'f']);
  });

  it('a missing column is a whole-file error naming the file; header problems come first', async () => {
    await expect(readCsvTable(path, [{ name: 'score', type: 'numeric' }])).rejects.toThrow(`missing column 'score' in ${path}`);
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'a,a\n1,2\n');
    await expect(readCsvTableAll(dup, [{ name: 'score', type: 'numeric' }])).rejects.toThrow(
      `duplicate column 'a' in header of ${dup} (columns 1 and 2)`,
    );
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(readCsvTable(empty, fastColumns)).rejects.toThrow(`${empty} is empty: expected a CSV header line`);
  });

  it('a header-only file gives no batches', async () => {
    const headerOnly = join(dir, 'header.csv');
    writeFileSync(headerOnly, 'id,n,k,f');
    const source = await readCsvTable(headerOnly, fastColumns);
    const batches: ToTableResult[] = [];
    for await (const batch of source.batches) batches.push(batch);
    expect(batches).toEqual([]);
    expect((await readCsvTableAll(headerOnly, fastColumns)).table.rowCount).toBe(0);
  });
});

describe('RawRecords', () => {
  it('keeps records as ranges of their texts, and grows from any start, even from empty parts', () => {
    const built = new RawRecords();
    for (let i = 0; i < 600; i++) built.push(`r${i},x\nnext`, 0, `r${i},x`.length);
    expect(built.length).toBe(600);
    expect(built.at(599)).toBe('r599,x');
    const empty = new RawRecords(new RawRecords().parts());
    empty.push('a,b\n', 0, 3);
    empty.push('a,b\nc,d', 4, 7);
    expect(empty.toArray()).toEqual(['a,b', 'c,d']);
  });
});

describe('reasons without --verbose (util/privacy.ts)', () => {
  it('name the line, the column and the problem, never the value', () => {
    setShowValues(false);
    try {
      const specs: ColumnSpec[] = [
        { name: 'math_score', type: 'numeric', bounds: [0, 100] },
        { name: 'student_id', type: 'categorical' },
      ];
      const result = fromText('math_score,student_id\nS-SECRET-1,S-SECRET-2\n120,S-SECRET-3\n', specs);
      expect(result.rejects).toEqual([
        { line: 2, row: 0, reason: "column 'math_score': not a number" },
        { line: 3, row: 1, reason: "column 'math_score': outside its bounds [0, 100]" },
      ]);
      expect(JSON.stringify(result.rejects)).not.toMatch(/SECRET|120/);
    } finally {
      setShowValues(true);
    }
  });
});
