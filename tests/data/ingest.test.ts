/**
 * ingest at scale (issue "Data at scale"): every validation failure reported at once and
 * grouped, the 95% numeric rule, hard bounds (data.bounds), several source files in any column
 * order, and outputs byte-identical to the records route it replaced.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { setShowValues } from '../../src/util/privacy.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv-parse.js';
import { formatCsvRow } from '../../src/data/csv-write.js';
import { sortedPresent } from '../../src/data/profile.js';
import { readHeaders, readSources } from '../../src/data/source-files.js';
import { recordsToTable } from '../../src/data/to-table.js';
import { groupProblems, renderValidation, type Problem } from '../../src/data/validation-report.js';
import { SpmError } from '../../src/errors.js';
import { parseParamsText } from '../../src/pipeline/params.js';
import { checkParamColumns, decideSchema, findValueProblems } from '../../src/pipeline/stages/ingest-plan.js';
import { inferTable } from '../../src/data/infer.js';
import { createWorkspace, ROOT, runCli, SHARED_DATA, hasSharedData, type Workspace } from '../helpers/workspace.js';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** The one ingest version in a workspace: its files, by name. */
function ingestDir(ws: Workspace): string {
  const root = ws.path('artifacts/ingest');
  const ids = readdirSync(root).filter((d) => !d.startsWith('.'));
  expect(ids).toHaveLength(1);
  return join(root, ids[0]!);
}
const readOut = (ws: Workspace, name: string): string => readFileSync(join(ingestDir(ws), name), 'utf8');

/** The SpmError `fn` throws, as the fields a user sees. */
function failure(fn: () => unknown): { message: string; hint: string | undefined } {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpmError) return { message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error('expected an SpmError');
}

describe('the validation report (pure)', () => {
  const problems: Problem[] = [
    { kind: 'missing_target', column: 'y', file: 'b.csv', line: 4 },
    { kind: 'not_a_number', column: 'x', file: 'a.csv', line: 9, value: 'abc' },
    { kind: 'field_count', column: null, file: 'b.csv', line: 2 },
    { kind: 'not_a_number', column: 'x', file: 'a.csv', line: 3, value: 'n/a?' },
    { kind: 'not_a_number', column: 'x', file: 'a.csv', line: 5, value: 'abc' },
    { kind: 'field_count', column: null, file: 'a.csv', line: 7 },
    { kind: 'not_a_number', column: 'x', file: 'b.csv', line: 3, value: '--' },
    { kind: 'not_a_number', column: 'x', file: 'b.csv', line: 8, value: 'four' },
  ];

  it('groups per column and kind: counts, shares, 3 distinct samples or first lines, in a stable order', () => {
    expect(groupProblems(problems, 400, 7, ['y', 'x'])).toEqual({
      format: 'spm.validation',
      version: 1,
      rows: 400,
      rejected: 7,
      groups: [
        { column: null, kind: 'field_count', problem: 'wrong field count', count: 2, share: 0.005, first_lines: [{ file: 'a.csv', line: 7 }, { file: 'b.csv', line: 2 }] },
        { column: 'y', kind: 'missing_target', problem: 'missing target', count: 1, share: 0.0025, first_lines: [{ file: 'b.csv', line: 4 }] },
        {
          column: 'x',
          kind: 'not_a_number',
          problem: 'not a number',
          count: 5,
          share: 0.0125,
          samples: ['n/a?', 'abc', '--'],
          first_lines: [{ file: 'a.csv', line: 3 }, { file: 'a.csv', line: 5 }, { file: 'a.csv', line: 9 }],
        },
      ],
    });
  });

  it('renders one line per group, not per row; file names only when there are several files', () => {
    const report = groupProblems(problems, 400, 7, ['y', 'x']);
    expect(renderValidation(report, { severalFiles: true })).toBe(
      [
        'ingest: 7 of 400 rows rejected (each in rejects.csv; grouped in validation.json):',
        '  column  problem            rows  share  e.g.',
        '  (row)   wrong field count     2   0.5%  a.csv:7, b.csv:2',
        '  y       missing target        1   0.3%  b.csv:4',
        '  x       not a number          5   1.3%  a.csv:3, a.csv:5, a.csv:9',
      ].join('\n'),
    );
    // The sample values only under --verbose: by default no value from the data reaches stderr.
    setShowValues(true);
    try {
      expect(renderValidation(report, { severalFiles: true }).split('\n')[4]).toBe("  x       not a number          5   1.3%  'n/a?', 'abc', '--'");
    } finally {
      setShowValues(false);
    }
    const tiny = groupProblems([{ kind: 'field_count', column: null, file: 'a.csv', line: 2 }], 5000, 1, []);
    expect(renderValidation(tiny, { severalFiles: false }).split('\n')[2]).toBe('  (row)   wrong field count     1  <0.1%  line 2');
  });
});

describe('impossible values and the schema (pure)', () => {
  const params = (extra = ''): ReturnType<typeof parseParamsText>['params'] =>
    parseParamsText(`data:\n  source: d.csv\n  target: score\n  id_columns: []\n${extra}`, '/w/params.yaml', []).params;
  const text = (header: string[], rows: string[][]) =>
    recordsToTable(header, rows, rows.map((_, i) => i + 2), header.map((name) => ({ name, type: 'categorical' as const }))).table;

  it('lists every non-number of a numeric column and every value outside its bounds, with the reason a user reads', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [String(i), String(i % 3)]);
    rows[5] = ['abc', '1'];
    rows[7] = ['120', 'x'];
    rows[9] = ['-1', '2'];
    const table = text(['score', 'g'], rows);
    const summaries = inferTable(table, { numericShare: 0.95, minValues: 20 });
    expect(summaries.map((s) => s.type)).toEqual(['numeric', 'numeric']);
    expect(findValueProblems(table, summaries, { score: [0, 100] })).toEqual([
      { row: 5, column: 'score', kind: 'not_a_number', value: 'abc', reason: "column 'score': not a number" },
      { row: 7, column: 'score', kind: 'outside_bounds', value: '120', reason: "column 'score': outside its bounds [0, 100]" },
      { row: 9, column: 'score', kind: 'outside_bounds', value: '-1', reason: "column 'score': outside its bounds [0, 100]" },
      { row: 7, column: 'g', kind: 'not_a_number', value: 'x', reason: "column 'g': not a number" },
    ]);
  });

  it('freezes bounds into the schema of numeric columns only', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [String(i), i % 2 ? 'a' : 'b']);
    const summaries = inferTable(text(['score', 'g'], rows));
    const { schema } = decideSchema(summaries, rows.map((r) => r[0]!), params('  bounds: { score: [0, null] }\n').data, 'd.csv');
    expect(schema.columns[0]).toEqual({ name: 'score', type: 'numeric', role: 'target', nullRate: 0, min: 0, max: 29, bounds: [0, null] });
    expect(schema.columns[1]).not.toHaveProperty('bounds');
    expect(failure(() => decideSchema(summaries, ['1'], params('  bounds: { g: [0, 1] }\n').data, 'd.csv'))).toEqual({
      message: "data.bounds: column 'g' is not numeric in d.csv, so it cannot have bounds",
      hint: "remove 'g' from data.bounds (bounds apply to numeric columns)",
    });
  });

  it('a bounds column that is not in the header is named, with the nearest column', () => {
    expect(failure(() => checkParamColumns(params('  bounds: { scores: [0, 100] }\n').data, ['id', 'score'], 'd.csv'))).toEqual({
      message: "data.bounds: column 'scores' is not in d.csv — did you mean 'score'?",
      hint: 'the columns are: id, score',
    });
  });
});

describe('sortedPresent (the profile\'s sorted values)', () => {
  it('equals filter(not NaN) + sort on whole numbers, few floats and many floats (fast-check)', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(0.5, -2.25, NaN, 1e300), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (values) => {
        const input = Float64Array.from(values);
        const expected = input.filter((v) => !Number.isNaN(v)).sort();
        // -0 and +0 may trade places; as numbers (and in JSON) they are the same.
        expect([...sortedPresent(input)].map((v) => v + 0)).toEqual([...expected].map((v) => v + 0));
      }),
      { seed: 5, numRuns: 300 },
    );
    const many = Float64Array.from({ length: 10000 }, (_, i) => ((i * 7919) % 10007) / 3);
    expect([...sortedPresent(many)]).toEqual([...many].sort((a, b) => a - b));
  });
});

describe('readSources: the split files\' lines', () => {
  const cell = fc.constantFrom('1', 'x', '', 'NA', ' NA', 'NA ', ' ', ' a', 'b ', 'c d', '"q,uo""te"', '"line\nbreak"', '"plain"', '" pad"', '-3', 'é', '"ü,x"');
  const csv = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 15 });

  it('are what the records route wrote (as UTF-8 bytes, in any row order), formatCsvRow of the parsed fields, in the first file\'s column order (fast-check)', async () => {
    const ws = createWorkspace();
    try {
      await fc.assert(
        fc.asyncProperty(csv, csv, fc.boolean(), async (rowsA, rowsB, crlf) => {
          const a = ['p,q,r', ...rowsA.map((r) => r.join(','))].join('\n');
          const b = ['r,p,q', ...rowsB.map((r) => r.join(','))].join(crlf ? '\r\n' : '\n');
          ws.write('a.csv', a);
          ws.write('b.csv', b);
          const paths = [ws.path('a.csv'), ws.path('b.csv')];
          const source = await readSources(paths, await readHeaders(paths));
          const expected: string[] = [];
          for (const [text, order] of [[a, [0, 1, 2]], [b, [1, 2, 0]]] as const) {
            const parsed = parseCsv(text);
            parsed.rows.forEach((fields, i) => {
              if (fields.length === 3 && !parsed.malformed.has(i)) expected.push(formatCsvRow(order.map((k) => fields[k]!), { spreadsheetSafe: false }));
            });
          }
          const all = Int32Array.from({ length: source.table.rowCount }, (_, i) => i);
          expect(source.text.csv('head', all).toString('utf8')).toBe(['head', ...expected, ''].join('\n'));
          const reversed = all.slice().reverse(); // the splits take rows in any order
          expect(source.text.csv('', reversed).toString('utf8')).toBe(['', ...expected.reverse(), ''].join('\n'));
        }),
        { seed: 17, numRuns: 150 },
      );
    } finally {
      ws.cleanup();
    }
  });
});

describe('readSources on text that repeats', () => {
  it('gives the right lines when two 1 MiB reads are the same text (their records share one text)', async () => {
    // 32-byte rows (line break included) in 512-byte blocks after a 32-byte header: every 1 MiB
    // read after the first is the same string, and no row crosses a read.
    // A quoted field that needs no quotes: the split files hold it unquoted (formatCsvRow).
    const row = (i: number): string => `"ab",5,${String(i % 16).padStart(2, '0')},${'z'.repeat(21)}`;
    const block = Array.from({ length: 16 }, (_, i) => row(i)).join('\n');
    const header = `g,x,score,${'p'.repeat(21)}`; // 32 bytes with its line break, as the rows
    const ws = createWorkspace({ 'a.csv': `${header}\n${Array.from({ length: 6144 }, () => block).join('\n')}\n` });
    try {
      const paths = [ws.path('a.csv')];
      const source = await readSources(paths, await readHeaders(paths));
      const lines = source.text.csv('', Int32Array.from({ length: source.table.rowCount }, (_, i) => i)).toString('utf8').split('\n');
      const expected = formatCsvRow(parseCsv(`${header}\n${row(0)}\n`).rows[0]!, { spreadsheetSafe: false });
      expect(expected).toBe(`ab,5,00,${'z'.repeat(21)}`);
      expect(lines.filter((l, i) => i > 0 && i < lines.length - 1 && i % 16 === 1 && l !== expected)).toEqual([]);
      expect(lines.length).toBe(6144 * 16 + 2);
    } finally {
      ws.cleanup();
    }
  });
});

// ---- the command, on the built bin ----

describe('spm ingest: an id column\'s values as read', () => {
  it('a value that starts with a BOM keeps it, in a quoted row too (as in a feature column)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i},a,${i % 7}`);
    const ws = createWorkspace({
      'data.csv': `id,x,g,score\n${rows.join('\n')}\n\ufeffabc,\ufeffabc,"q",5\n`,
      'params.yaml': 'data:\n  source: data.csv\n  target: score\n  id_columns: [id]\n',
    });
    try {
      const res = await runCli(['ingest', '--verbose', '--json'], { cwd: ws.dir });
      expect(res.code, res.stderr).toBe(0);
      const validation = JSON.parse(readFileSync(join(ingestDir(ws), 'validation.json'), 'utf8')) as { groups: { column: string; samples: string[] }[] };
      const samples = Object.fromEntries(validation.groups.map((g) => [g.column, g.samples]));
      expect(samples).toEqual({ id: ['\ufeffabc'], x: ['\ufeffabc'] });
    } finally {
      ws.cleanup();
    }
  });
});

const HEADER = 'student_id,gender,hours,math_score';

/** 60 students; hours is numeric but for two typos; a few rows carry one problem or two. */
function messyCohort(): string {
  const rows = Array.from({ length: 60 }, (_, i) => `S${i + 1},${i % 2 ? 'male' : 'female'},${i % 9},${40 + (i % 50)}`);
  rows[3] = 'S4,male,abc,53'; // line 5: not a number
  rows[6] = 'S7,female,6,120'; // line 8: outside the bounds
  rows[8] = 'S9,female,8'; // line 10: a field short
  rows[10] = 'S11,male,x?,-5'; // line 12: not a number, and outside the bounds
  rows[12] = 'S13,"ma"le,1,62'; // line 14: text after a closing quote
  rows[14] = 'S15,male,5,'; // line 16: no target
  return `${HEADER}\n${rows.join('\n')}\n`;
}

const BOUNDED = 'data:\n  source: cohort.csv\n  target: math_score\n  bounds: { math_score: [0, 100] }\n';

describe('spm ingest: every problem at once', () => {
  let ws: Workspace;
  let run: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    ws = createWorkspace({ 'params.yaml': BOUNDED, 'cohort.csv': messyCohort() });
    run = await runCli(['ingest', '--json'], { cwd: ws.dir });
  });
  afterAll(() => ws.cleanup());

  it('succeeds with the rows left and says how many were rejected', () => {
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stage: 'ingest', rows: 60, train_rows: 43, test_rows: 11, rejected: 6, task: 'regression' });
  });

  it('prints one line per group on stderr, not one per row', () => {
    expect(run.stderr).toBe(
      [
        'warning: ingest: 6 of 60 rows rejected (each in rejects.csv; grouped in validation.json):',
        '  column      problem            rows  share  e.g.',
        '  (row)       malformed quoting     1   1.7%  line 14',
        '  (row)       wrong field count     1   1.7%  line 10',
        '  hours       not a number          2   3.3%  line 5, line 12',
        '  math_score  outside bounds        2   3.3%  line 8, line 12',
        '  math_score  missing target        1   1.7%  line 16',
        // hours (0..8) may be a code: a hint, not a problem (tests/data/declared-types.test.ts)
        'warning: ingest: possibly category codes, read as numbers: hours (9 values: 0, 1, 2, 3, 4, 5, 6, 7, 8)',
        '  if they are categories, declare them in params.yaml: data.types: { hours: categorical }',
        '',
      ].join('\n'),
    );
  });

  it('writes the groups to validation.json: counts, shares, samples, first lines', () => {
    const report = JSON.parse(readOut(ws, 'validation.json'));
    expect(report).toMatchObject({ format: 'spm.validation', version: 1, rows: 60, rejected: 6 });
    expect(report.groups.map((g: { column: string | null; kind: string; count: number; share: number }) => [g.column, g.kind, g.count, g.share])).toEqual([
      [null, 'malformed_quoting', 1, 0.016667],
      [null, 'field_count', 1, 0.016667],
      ['hours', 'not_a_number', 2, 0.033333],
      ['math_score', 'outside_bounds', 2, 0.033333],
      ['math_score', 'missing_target', 1, 0.016667],
    ]);
    expect(report.groups[3]).toMatchObject({ samples: ['120', '-5'], first_lines: [{ file: 'cohort.csv', line: 8 }, { file: 'cohort.csv', line: 12 }] });
  });

  it('keeps every rejected row in rejects.csv with its first problem', () => {
    expect(readOut(ws, 'rejects.csv')).toBe(
      [
        'file,line,reason',
        "cohort.csv,5,column 'hours': not a number",
        `cohort.csv,8,"column 'math_score': outside its bounds [0, 100]"`,
        'cohort.csv,10,"expected 4 fields, found 3"',
        "cohort.csv,12,column 'hours': not a number",
        'cohort.csv,14,malformed quoting: text after a closing quote',
        'cohort.csv,16,column math_score: missing target value',
        '',
      ].join('\n'),
    );
  });

  it('infers hours numeric (58 of 60 values are numbers) and freezes the bounds; ranges leave rejected rows out', () => {
    const schema = JSON.parse(readOut(ws, 'schema.json'));
    expect(schema.columns.find((c: { name: string }) => c.name === 'hours')).toEqual({ name: 'hours', type: 'numeric', role: 'feature', nullRate: 0, min: 0, max: 8 });
    expect(schema.columns.find((c: { name: string }) => c.name === 'math_score')).toMatchObject({ type: 'numeric', min: 40, max: 89, bounds: [0, 100] });
    // The id column keeps no values: schema.json would otherwise copy every student id.
    expect(schema.columns.find((c: { name: string }) => c.name === 'student_id')).toEqual({ name: 'student_id', type: 'categorical', role: 'id', nullRate: 0 });
    const train = readOut(ws, 'train.csv');
    expect(train.startsWith(`${HEADER}\n`)).toBe(true);
    for (const id of ['S4', 'S7', 'S9', 'S11', 'S13', 'S15']) expect(train).not.toMatch(new RegExp(`^${id},`, 'm'));
  });

  it('prints no rejection on stderr when no row is rejected (only the category-codes hint)', async () => {
    const clean = createWorkspace({ 'params.yaml': BOUNDED, 'cohort.csv': `${HEADER}\n${Array.from({ length: 30 }, (_, i) => `S${i},male,${i % 5},${50 + i}`).join('\n')}\n` });
    try {
      const res = await runCli(['ingest'], { cwd: clean.dir });
      expect(res.code).toBe(0);
      expect(res.stderr).toBe(
        'warning: ingest: possibly category codes, read as numbers: hours (5 values: 0, 1, 2, 3, 4)\n  if they are categories, declare them in params.yaml: data.types: { hours: categorical }\n',
      );
      expect(JSON.parse(readOut(clean, 'validation.json'))).toEqual({ format: 'spm.validation', version: 1, rows: 30, rejected: 0, groups: [] });
    } finally {
      clean.cleanup();
    }
  });
});

describe('spm ingest: data.bounds mistakes a user sees', () => {
  const cohort = `${HEADER}\n${Array.from({ length: 30 }, (_, i) => `S${i},male,${i % 5},${50 + i}`).join('\n')}\n`;

  it('an unknown column is exit 1 with the nearest name, before any row is read', async () => {
    const ws = createWorkspace({ 'params.yaml': 'data:\n  source: cohort.csv\n  target: math_score\n  bounds: { math_scor: [0, 100] }\n', 'cohort.csv': cohort });
    try {
      const res = await runCli(['ingest'], { cwd: ws.dir });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain("data.bounds: column 'math_scor' is not in cohort.csv — did you mean 'math_score'?");
      expect(res.stderr).toContain('the columns are: student_id, gender, hours, math_score');
    } finally {
      ws.cleanup();
    }
  });

  it('bounds on a text column are exit 1 naming it', async () => {
    const ws = createWorkspace({ 'params.yaml': 'data:\n  source: cohort.csv\n  target: math_score\n', 'cohort.csv': cohort });
    try {
      const res = await runCli(['ingest', '-S', 'data.bounds.gender=[0, 1]'], { cwd: ws.dir });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain("data.bounds: column 'gender' is not numeric in cohort.csv, so it cannot have bounds");
    } finally {
      ws.cleanup();
    }
  });
});

describe('spm ingest: several source files', () => {
  /** 40 rows; the first row of the second part has the other class, so dictionaries differ by file. */
  const rows = Array.from({ length: 40 }, (_, i) => ({
    id: `S${i + 1}`,
    group: i % 3 ? 'group A' : '"group B, late"',
    hours: String((i * 7) % 11),
    passed: i % 4 === 0 || i === 25 ? 'yes' : 'no',
  }));
  const cols = ['id', 'group', 'hours', 'passed'] as const;
  const other = ['passed', 'hours', 'id', 'group'] as const;
  const csv = (part: typeof rows, order: readonly string[], eol: string): string =>
    [order.join(','), ...part.map((r) => order.map((c) => r[c as keyof typeof r]).join(','))].join(eol) + eol;
  const params = (source: string): string => `data:\n  source: ${source}\n  target: passed\n  id_columns: [id]\n`;

  it('give the same splits, schema and profile as one file, whatever their column order and line ends', async () => {
    const one = createWorkspace({ 'params.yaml': params('all.csv'), 'all.csv': csv(rows, cols, '\n') });
    const two = createWorkspace({
      'params.yaml': params('[p1.csv, p2.csv]'),
      'p1.csv': csv(rows.slice(0, 25), cols, '\n'),
      'p2.csv': `\uFEFF${csv(rows.slice(25), other, '\r\n')}`,
    });
    try {
      const [a, b] = await Promise.all([runCli(['ingest'], { cwd: one.dir }), runCli(['ingest'], { cwd: two.dir })]);
      expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, '', 0, '']);
      for (const name of ['train.csv', 'test.csv', 'schema.json', 'profile.json', 'validation.json']) {
        expect(readOut(two, name), name).toBe(readOut(one, name));
      }
      expect(readOut(one, 'test.csv')).toContain('"group B, late"');
      expect(JSON.parse(readOut(one, 'schema.json')).classes).toEqual(['no', 'yes']);
    } finally {
      one.cleanup();
      two.cleanup();
    }
  });
});

// ---- outputs byte-identical to the records route (sha256 recorded from it, commit 39d7775;
// schema.json re-recorded when id columns stopped listing their values) ----

const RECORDED_OUTPUTS = ['train.csv', 'test.csv', 'schema.json', 'profile.json', 'rejects.csv'] as const;
const NO_REJECTS = '8f8c381836ad1e37bf4087d0f4d1f1d2864581b55bc61e3f5b49cbe48f809fac';

async function ingestHashesWith(files: Record<string, string>, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const ws = createWorkspace(files);
  try {
    const res = await runCli(['ingest'], { cwd: ws.dir, env });
    expect(res.code, res.stderr).toBe(0);
    return Object.fromEntries(RECORDED_OUTPUTS.map((name) => [name, sha256(readFileSync(join(ingestDir(ws), name)))]));
  } finally {
    ws.cleanup();
  }
}

/** The multi-file case recorded: quotes, a multi-line field, outer spaces, NA, CRLF + BOM, other column order, bad rows. */
function messyFiles(): Record<string, string> {
  const gs = ['a', 'b', 'c d', ' e', 'f,g', 'h"i', 'multi\nline'];
  const q = (s: string): string => (/[,"\n]/.test(s) || s.startsWith(' ') ? `"${s.replaceAll('"', '""')}"` : s);
  let seed = 7;
  const r = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const row = (i: number): Record<string, string> => ({ id: `S${i}`, g: gs[Math.floor(r() * gs.length)]!, x: (r() * 100).toFixed(1), y: String(Math.floor(r() * 50)), t: String(Math.floor(r() * 90)) });
  const fmt = (o: Record<string, string>, cols: string[]): string => cols.map((c) => q(o[c]!)).join(',');
  const colsA = ['id', 'g', 'x', 'y', 't'];
  const colsB = ['t', 'y', 'id', 'x', 'g'];
  let a = `${colsA.join(',')}\n`;
  for (let i = 0; i < 40; i++) {
    const o = row(i);
    if (i === 5) o.t = '';
    if (i === 9) o.x = 'NA';
    if (i === 11) o.y = '+3';
    if (i === 12) o.x = '56.0';
    a += `${fmt(o, colsA)}\n`;
    if (i === 7) a += 'S7b,a,1,2\n';
    if (i === 15) a += 'S15b,"a"x,1,2,3\n';
    if (i === 20) a += '\n';
  }
  let b = `\ufeff${colsB.join(',')}\r\n`;
  for (let i = 40; i < 80; i++) {
    const o = row(i);
    if (i === 44) o.t = 'NA';
    b += `${fmt(o, colsB)}\r\n`;
    if (i === 50) b += 'x,y\r\n';
  }
  let c = `${colsA.join(',')}\n`;
  for (let i = 80; i < 100; i++) c += fmt(row(i), colsA) + (i === 99 ? '' : '\n');
  return { 'a.csv': a, 'b.csv': b, 'c.csv': c, 'params.yaml': 'data:\n  source: [a.csv, b.csv, c.csv]\n  target: t\n  id_columns: [id]\n' };
}

// SPM_PARSE_THREADS=2 reads even these small files in two parts (csv-parts.ts): the bytes must not change.
describe.each(['1', '2'])('spm ingest: the same bytes as before the columnar route (SPM_PARSE_THREADS=%s)', (threads) => {
  const ingestHashes = (files: Record<string, string>): Promise<Record<string, string>> => ingestHashesWith(files, { SPM_PARSE_THREADS: threads });
  it('on the default data (data/students.csv, params.yaml)', async () => {
    const data = readFileSync(join(ROOT, 'data', 'students.csv'));
    // If the default data is regenerated, record these again from a known-good ingest.
    expect(sha256(data), 'data/students.csv changed').toBe('90757e590015aa6cbf20c5e7fdfbee6448824b94e2f567a9f4aedb80ee0b65b2');
    const hashes = await ingestHashes({ 'data/students.csv': data.toString('utf8'), 'params.yaml': readFileSync(join(ROOT, 'params.yaml'), 'utf8') });
    expect(hashes).toEqual({
      'train.csv': '007329624fc5d1513713fd1213e8a0db9a6798152f5212d5bb860f0e35803b4c',
      'test.csv': '0e28af02e07f25a0af85dc2bf7ed3e48fe18534f31185685f19815f2bc28d540',
      'schema.json': '9f749ca093c102e9640c7c202836b8fab677c7c6bf62735a8079776f37504b71',
      'profile.json': '20c9196c47a27f4cae119f3cc65822de6c4d7ffcbbdd2b10cb452d2310868620',
      'rejects.csv': NO_REJECTS,
    });
  });

  it('on three messy files with rejected rows, quoting, CRLF, a BOM and another column order', async () => {
    const files = messyFiles();
    expect(['a.csv', 'b.csv', 'c.csv'].map((f) => sha256(files[f]!))).toEqual([
      '4fa9ac23b3091a07dbd4ef64d321f610751d85c5ffbfa255401d18a9a8975665',
      '5910f3047b7867c570d8db507a60c41c9c559e91aff22686f469dbefb861bf01',
      'df3fc7fbae511b72e7579956c52413e94b1b6bbfdec1984ac339f1a661836430',
    ]);
    expect(await ingestHashes(files)).toEqual({
      'train.csv': '05f5c02d6c454def6e19ff79bb96f5c9501290ee5780f91971b2821bb38aed19',
      'test.csv': 'e0ab98261049d5627f9c6acb94d2c88c0b6ce64c660012a3e5beb7e54fcacf8c',
      'schema.json': '989a0044d92c08de4de7932ef6b5b902b3472f3cf19056025d0c278c365aba8f',
      'profile.json': '79030489e3c9a01e38598fc6de6efb2cf063a5b3ab59a9d7d4b51a50184464d4',
      'rejects.csv': '25e5d2823d0289e9555bdb1a3bd54365ca0a3f1c7ebd60090a3b3980aabf79a6',
    });
  });

  describe.skipIf(!hasSharedData)(hasSharedData ? 'on the real datasets' : 'on the real datasets (skipped: ../shared/data absent)', () => {
    it('students_data.csv (classification, missing values) and stud.csv (every field quoted)', async () => {
      const copy = (name: string): string => readFileSync(join(SHARED_DATA, name), 'utf8');
      expect(await ingestHashes({ 'students_data.csv': copy('students_data.csv'), 'params.yaml': 'data:\n  source: students_data.csv\n  target: Final_Result\n  id_columns: [Student_ID]\n' })).toEqual({
        'train.csv': 'df3f5bef6cb10b4aaf72e7199cc5596ed28e25bfae3d3832b37acd2411c24580',
        'test.csv': 'd2b291c5a0bae8663df9d57f74b3ebf4c92dbde9262e68dd3edf2d074985ffba',
        'schema.json': '673e1bcd89b0fe673a5abec45677ee36d0b3381d71f15fd3f98d2fc0cf1e52c1',
        'profile.json': '0fc6b1d6dc187b416e011921d5b15033d45c1f6c10486a9e0363457e64c60bb5',
        'rejects.csv': NO_REJECTS,
      });
      expect(await ingestHashes({ 'stud.csv': copy('stud.csv'), 'params.yaml': 'data:\n  source: stud.csv\n  target: math_score\n' })).toEqual({
        'train.csv': 'cac0afc8939b9213a305490b2081f628e817fe92efaf1b4cc96e14d8493af7de',
        'test.csv': '59ee39d41e08a96a5f1cae236431cbbbb8a61e50dba38b69abd75640c0f1f2db',
        'schema.json': '3e948fc9f2fa4ef09b3916e55f9cc36dded37971d84a4c25cf090516f27b937c',
        'profile.json': 'f589e105c3df5fd9baadd89e254b725302d06ae5ced8f107627ac66588cfa3bf',
        'rejects.csv': NO_REJECTS,
      });
    });
  });
});
