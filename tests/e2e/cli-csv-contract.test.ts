/**
 * End-to-end: the schema contract of `spm predict` (issue "Data at scale"), through the real
 * bin/spm.js on a temporary workspace. Each case asserts what a user sees: the exit code, the
 * error message and hint, the --json summary, the rejects file's (line, reason) and the bytes
 * of the scored file. Output files are read with papaparse, not spm's own parser.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';


const HEADER = 'student_id,gender,race_ethnicity,parental_level_of_education,lunch,test_preparation_course,math_score,reading_score,writing_score';
const COLUMNS = HEADER.split(',');

interface PredictDoc {
  rows: number;
  scored: number;
  rejected: number;
  unseen_categories: Record<string, number>;
  out_of_range: Record<string, number>;
  output: string;
  rejects: string | null;
  model: string;
}

interface ErrorDoc {
  error: { code: string; message: string; hint?: string; exit_code: number };
}

/** A CSV text as records (RFC 4180, papaparse); blank lines are not records. */
const records = (text: string): string[][] => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

/** One data line with the Students Performance columns: a valid record, with some cells replaced. */
function record(overrides: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    student_id: 'S1',
    gender: 'female',
    race_ethnicity: 'group C',
    parental_level_of_education: 'high school',
    lunch: 'standard',
    test_preparation_course: 'none',
    math_score: '60',
    reading_score: '65',
    writing_score: '64',
  };
  return COLUMNS.map((c) => overrides[c] ?? base[c]).join(',');
}

describe('spm predict: the schema contract of its input', () => {
  let ws: Workspace;
  /** The training file's data lines (300 synthetic students, no quoting). */
  let lines: string[];

  const predict = (args: string[], input?: string): Promise<CliResult> =>
    runCli(['predict', ...args], { cwd: ws.dir, ...(input !== undefined ? { input } : {}) });

  /** `spm predict -i IN -o OUT --json`: the summary, after checking exit 0 and the row rule. */
  async function predictJson(input: string, output: string): Promise<PredictDoc> {
    const res = await predict(['-i', input, '-o', output, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as PredictDoc;
    expect(doc.scored + doc.rejected).toBe(doc.rows);
    return doc;
  }

  /** The rejects file as [line, reason] pairs (its header checked). */
  function rejectsOf(rel: string): string[][] {
    const rows = records(readFileSync(ws.path(rel), 'utf8'));
    expect(rows[0]).toEqual(['line', 'reason', 'record']);
    return rows.slice(1).map((r) => [r[0]!, r[1]!]);
  }

  /** A whole-file error: exit 1, the message and hint on stderr, no output file, the --json error document. */
  async function wholeFileError(input: string, code: string, message: string, hint: string): Promise<void> {
    const out = `${input}.out.csv`;
    const res = await predict(['-i', input, '-o', out]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`spm: error: ${message}\n  hint: ${hint}\n`);
    expect(existsSync(ws.path(out))).toBe(false);
    const json = await predict(['-i', input, '-o', out, '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as ErrorDoc).error).toEqual({ code, message, hint, exit_code: 1 });
    expect(existsSync(ws.path(out))).toBe(false);
  }

  beforeAll(async () => {
    ws = await trainedWorkspace();
    const text = readFileSync(ws.path('data/students.csv'), 'utf8');
    expect(text.startsWith(`${HEADER}\n`)).toBe(true);
    lines = text.trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(300);
  });
  afterAll(() => ws.cleanup());

  describe('text layout', () => {
    it('a UTF-8 BOM and CRLF line ends score exactly like the plain file', async () => {
      const body = [HEADER, ...lines.slice(0, 40)];
      ws.write('plain.csv', `${body.join('\n')}\n`);
      ws.write('bom-crlf.csv', `\uFEFF${body.join('\r\n')}\r\n`);
      const plain = await predictJson('plain.csv', 'plain.out.csv');
      const bom = await predictJson('bom-crlf.csv', 'bom-crlf.out.csv');
      expect(plain).toMatchObject({ rows: 40, scored: 40, rejected: 0 });
      expect(bom).toMatchObject({ rows: 40, scored: 40, rejected: 0 });
      const out = readFileSync(ws.path('bom-crlf.out.csv'), 'utf8');
      // Same bytes: the BOM is not part of the first column's name, no CR is left on the last cell.
      expect(out).toBe(readFileSync(ws.path('plain.out.csv'), 'utf8'));
      expect(out.startsWith(`${HEADER},prediction\n`)).toBe(true);
    });

    it('CRLF line ends: a rejected row keeps its line number, and its record has no CR', async () => {
      const body = [HEADER, lines[0]!, lines[1]!, 'S2,male,group B', lines[2]!];
      ws.write('crlf-bad.csv', `\uFEFF${body.join('\r\n')}\r\n`);
      const doc = await predictJson('crlf-bad.csv', 'crlf-bad.out.csv');
      expect(doc).toMatchObject({ rows: 4, scored: 3, rejected: 1, rejects: 'crlf-bad.out.rejects.csv' });
      const rows = records(readFileSync(ws.path('crlf-bad.out.rejects.csv'), 'utf8'));
      expect(rows.slice(1)).toEqual([['4', 'expected 9 fields, found 3', 'S2,male,group B']]);
    });

    it('quoted line breaks: records span lines, and later rejects carry their physical line numbers', async () => {
      const text = [
        HEADER, //                                                   line 1
        record({ student_id: '"S1\nX"' }), //                        lines 2-3: one record
        'S2,male,group B', //                                        line 4: ragged
        lines[0], //                                                 line 5
        record({ student_id: '"S3\nY\nZ"', gender: 'male' }), //     lines 6-8: one record
        'S4,male', //                                                line 9: ragged
        record({ student_id: 'S5', reading_score: 'abc' }), //       line 10: not a number
      ].join('\n');
      ws.write('multiline.csv', `${text}\n`);
      const doc = await predictJson('multiline.csv', 'multiline.out.csv');
      expect(doc).toMatchObject({ rows: 6, scored: 3, rejected: 3, rejects: 'multiline.out.rejects.csv' });
      expect(rejectsOf('multiline.out.rejects.csv')).toEqual([
        ['4', 'expected 9 fields, found 3'],
        ['9', 'expected 9 fields, found 2'],
        ['10', "column 'reading_score': not a number"],
      ]);
      const out = records(readFileSync(ws.path('multiline.out.csv'), 'utf8'));
      expect(out.map((r) => r[0])).toEqual(['student_id', 'S1\nX', lines[0]!.split(',')[0], 'S3\nY\nZ']);
    });

    it('line numbers and records stay exact across read chunks (a 2.5 MB file, and the same bytes through stdin)', async () => {
      // 40,000 records: a quoted id with CRLF and LF inside every 777th, a formula cell every
      // 613th, a ragged row every 1001st; the file is read in 1 MiB chunks, stdin in smaller ones.
      const text = [HEADER];
      const rejects: string[][] = [];
      const ids: string[] = [];
      let line = 1;
      for (let i = 0; i < 40_000; i++) {
        const cells = lines[i % lines.length]!.split(',');
        cells[0] = `S${i}`;
        if (i % 1001 === 500) {
          cells.length = 3;
          rejects.push([String(line + 1), 'expected 9 fields, found 3']);
        } else if (i % 777 === 3) {
          cells[0] = `"S${i}\r\nmore\nlines"`;
          ids.push(`S${i}\r\nmore\nlines`);
        } else {
          if (i % 613 === 7) cells[2] = '"=HYPERLINK(""x"")"';
          ids.push(`S${i}`);
        }
        text.push(cells.join(','));
        line += 1 + (cells[0]!.match(/\r\n|\n/g)?.length ?? 0);
      }
      const body = `${text.join('\n')}\n`;
      ws.write('chunks.csv', body);
      const doc = await predictJson('chunks.csv', 'chunks.out.csv');
      expect(doc).toMatchObject({ rows: 40_000, scored: 40_000 - rejects.length, rejected: rejects.length });
      expect(rejectsOf('chunks.out.rejects.csv')).toEqual(rejects);
      const outText = readFileSync(ws.path('chunks.out.csv'), 'utf8');
      const out = records(outText);
      expect(out.slice(1).map((r) => r[0])).toEqual(ids);
      expect(out.filter((r) => r[2] === `'=HYPERLINK("x")`)).toHaveLength(66);
      const piped = await predict(['-i', '-', '-o', '-'], body);
      expect(piped.code, piped.stderr).toBe(0);
      expect(piped.stdout).toBe(outText);
      expect(piped.stderr).toContain(`rejected ${rejects.length} row(s):\n  line ${rejects[0]![0]}: expected 9 fields, found 3\n`);
    });

    it('columns in another order plus an extra column: the same predictions, in the input’s own column order', async () => {
      const original = [HEADER, ...lines.slice(0, 50)];
      ws.write('ordered.csv', `${original.join('\n')}\n`);
      // Reversed, with an extra column in the middle that the model never saw.
      const order = COLUMNS.map((_, i) => COLUMNS.length - 1 - i);
      const shuffle = (cells: string[], extra: string): string[] => {
        const out = order.map((i) => cells[i]!);
        out.splice(4, 0, extra);
        return out;
      };
      const reordered = original.map((line, r) => shuffle(line.split(','), r === 0 ? 'note' : `n${r}`).join(','));
      ws.write('reordered.csv', `${reordered.join('\n')}\n`);
      await predictJson('ordered.csv', 'ordered.out.csv');
      const doc = await predictJson('reordered.csv', 'reordered.out.csv');
      expect(doc).toMatchObject({ rows: 50, scored: 50, rejected: 0, unseen_categories: {} });
      const a = records(readFileSync(ws.path('ordered.out.csv'), 'utf8'));
      const b = records(readFileSync(ws.path('reordered.out.csv'), 'utf8'));
      expect(b[0]).toEqual([...reordered[0]!.split(','), 'prediction']);
      for (let r = 1; r <= 50; r++) expect(b[r]!.slice(0, -1)).toEqual(reordered[r]!.split(','));
      expect(b.map((r) => r.at(-1))).toEqual(a.map((r) => r.at(-1)));
    });
  });

  describe('rows that cannot be scored are rejected with their line and reason, never lost', () => {
    const badFile = (): string =>
      [
        HEADER, //                                                               line 1
        lines[0], //                                                             line 2
        'S2,male,group B', //                                                    line 3: too few fields
        `${lines[1]},surplus`, //                                                line 4: too many fields
        record({ student_id: 'S4', writing_score: 'abc' }), //                   line 5: not a number
        record({ student_id: 'S5', reading_score: '' }), //                      line 6: missing, imputed: scored
        record({ student_id: 'S6', reading_score: '6"0' }), //                   line 7: a stray quote
        lines[2], //                                                             line 8
        record({ student_id: 'S8', writing_score: '"60' }), //                   line 9: quote never closed on its line...
        lines[3], //                                                             line 10: ...which costs only that line: scored
      ].join('\n') + '\n';
    const expected = [
      ['3', 'expected 9 fields, found 3'],
      ['4', 'expected 9 fields, found 10'],
      ['5', "column 'writing_score': not a number"],
      ['7', 'malformed quoting: a quote inside an unquoted field'],
      ['9', 'malformed quoting: a quote opened on this line is not closed on it (a stray quote?)'],
    ];

    it('file → file: each reject in the rejects file, scored + rejected = rows', async () => {
      ws.write('bad.csv', badFile());
      const doc = await predictJson('bad.csv', 'bad.out.csv');
      // 9 records: the record the unterminated quote made of lines 9-10 is read again line by line.
      expect(doc).toMatchObject({ rows: 9, scored: 4, rejected: 5, rejects: 'bad.out.rejects.csv', output: 'bad.out.csv' });
      expect(rejectsOf('bad.out.rejects.csv')).toEqual(expected);
      const rejects = records(readFileSync(ws.path('bad.out.rejects.csv'), 'utf8'));
      expect(rejects[1]![2]).toBe('S2,male,group B');
      expect(rejects[5]![2]).toBe(record({ student_id: 'S8', writing_score: '"60' }));
      const out = records(readFileSync(ws.path('bad.out.csv'), 'utf8'));
      expect(out.slice(1).map((r) => r[0])).toEqual([lines[0]!.split(',')[0], 'S5', lines[2]!.split(',')[0], lines[3]!.split(',')[0]]);
      expect(out[2]![7]).toBe(''); // the missing reading_score is echoed as it came
      expect(Number.isFinite(Number(out[2]!.at(-1)))).toBe(true);
    });

    it('the human summary (on stdout, which carries no data here) says both counts and where the rejects went', async () => {
      const res = await predict(['-i', 'bad.csv', '-o', 'bad2.csv']);
      expect(res.code).toBe(0);
      expect(res.stderr).toBe('');
      expect(res.stdout).toMatch(/^scored 4 of 9 rows with train\/[0-9a-f]+ → bad2\.csv\nrejected 5 row\(s\) → bad2\.rejects\.csv\n$/);
    });

    it('stdin → stdout: the rejects, with their lines, in the summary on stderr', async () => {
      const res = await predict(['-i', '-', '-o', '-'], badFile());
      expect(res.code).toBe(0);
      expect(records(res.stdout)).toHaveLength(5);
      expect(res.stderr).toContain('scored 4 of 9 rows');
      expect(res.stderr).toContain(`rejected 5 row(s):\n${expected.map(([line, reason]) => `  line ${line}: ${reason}\n`).join('')}`);
    });
  });

  describe('whole-file problems exit 1, naming the problem, and write nothing', () => {
    it('a missing required column', async () => {
      const keep = COLUMNS.map((c, i) => [c, i] as const).filter(([c]) => c !== 'lunch');
      const text = [HEADER, ...lines.slice(0, 3)].map((l) => keep.map(([, i]) => l.split(',')[i]).join(',')).join('\n');
      ws.write('nolunch.csv', `${text}\n`);
      await wholeFileError('nolunch.csv', 'MISSING_COLUMN', "missing column 'lunch' in nolunch.csv", `the header has: ${keep.map(([c]) => c).join(', ')}`);
    });

    it('a file that does not exist', async () => {
      await wholeFileError('nope.csv', 'DATA_NOT_FOUND', 'data file not found: nope.csv', 'check data.source in the params file, or the -i path');
    });

    it('an empty file (and empty stdin)', async () => {
      ws.write('empty.csv', '');
      await wholeFileError('empty.csv', 'CSV_EMPTY', 'empty.csv is empty: expected a CSV header line', 'the first line of a CSV file names its columns');
      const res = await predict(['-i', '-', '-o', '-'], '');
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain('spm: error: stdin is empty: expected a CSV header line');
    });

    it('a duplicate header name', async () => {
      ws.write('dup.csv', `${HEADER},gender\n${lines[0]},male\n`);
      await wholeFileError(
        'dup.csv',
        'CSV_BAD_HEADER',
        "duplicate column 'gender' in header of dup.csv (columns 2 and 10)",
        'rename one of the columns so that every name is unique',
      );
    });

    it('binary input is refused (gzip); Latin-1 text is read as Windows-1252 with a warning naming its line', async () => {
      const head = `${HEADER}\n${lines[0]}\n`;
      writeFileSync(ws.path('latin1.csv'), Buffer.concat([Buffer.from(head), Buffer.from(record({ parental_level_of_education: 'caf\xe9' }), 'latin1'), Buffer.from('\n')]));
      const offset = Buffer.byteLength(head) + Buffer.byteLength(record().split('high school')[0]!) + 3;
      const res = await predict(['-i', 'latin1.csv', '-o', 'latin1.out.csv']);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain(`warning: latin1.csv is not UTF-8 (byte ${offset}, line 3): read as Windows-1252; set data.csv.encoding if it is another encoding`);
      expect(readFileSync(ws.path('latin1.out.csv'), 'utf8')).toContain(record({ parental_level_of_education: 'café' })); // written as UTF-8
      const hint = 'spm reads CSV text in UTF-8, UTF-16 (with a BOM), Windows-1252 or Latin-1 (data.csv.encoding): export the data as CSV';
      // gzip: 1f 8b ...; 0x8b can never start a UTF-8 sequence, and the header holds NUL bytes.
      writeFileSync(ws.path('gz.csv'), gzipSync(head));
      await wholeFileError('gz.csv', 'CSV_NOT_TEXT', 'gz.csv is not CSV text (binary data at byte 1)', hint);
    });

    it('a header and no rows is not an error: nothing to score, exit 0, rows 0', async () => {
      ws.write('header-only.csv', `${HEADER}\n`);
      const doc = await predictJson('header-only.csv', 'header-only.out.csv');
      expect(doc).toMatchObject({ rows: 0, scored: 0, rejected: 0, rejects: null, unseen_categories: {}, out_of_range: {} });
      expect(readFileSync(ws.path('header-only.out.csv'), 'utf8')).toBe(`${HEADER},prediction\n`);
      expect(existsSync(ws.path('header-only.out.rejects.csv'))).toBe(false);
    });
  });

  describe('values outside what training saw are scored and counted', () => {
    it('unseen categories and out-of-range numbers', async () => {
      const text = [
        HEADER,
        lines[0],
        record({ student_id: 'U1', race_ethnicity: 'group Z' }),
        record({ student_id: 'U2', race_ethnicity: 'group Z', parental_level_of_education: 'doctorate' }),
        record({ student_id: 'R1', reading_score: '-5' }),
        record({ student_id: 'R2', writing_score: '130', reading_score: '250' }),
      ].join('\n');
      ws.write('unseen.csv', `${text}\n`);
      const doc = await predictJson('unseen.csv', 'unseen.out.csv');
      expect(doc).toMatchObject({
        rows: 5,
        scored: 5,
        rejected: 0,
        unseen_categories: { race_ethnicity: 2, parental_level_of_education: 1 },
        out_of_range: { reading_score: 2, writing_score: 1 },
      });
      expect(Object.keys(doc.unseen_categories).sort()).toEqual(['parental_level_of_education', 'race_ethnicity']);
      expect(Object.keys(doc.out_of_range).sort()).toEqual(['reading_score', 'writing_score']);
      const human = await predict(['-i', 'unseen.csv', '-o', 'unseen2.csv']);
      expect(human.code).toBe(0);
      expect(human.stdout).toContain('unseen categories (scored as unknown): race_ethnicity: 2, parental_level_of_education: 1\n');
      expect(human.stdout).toContain('outside the training range (scored): reading_score: 2, writing_score: 1\n');
    });
  });

  describe('numbers too large to score', () => {
    it('a value that overflows the prediction is never written as a prediction of Infinity', async () => {
      // 1e308 and -1.7e308 are valid doubles, so they parse; the linear score of either overflows.
      const text = [HEADER, lines[0], record({ student_id: 'H1', reading_score: '1e308' }), record({ student_id: 'H2', writing_score: '-1.7e308' })];
      ws.write('huge.csv', `${text.join('\n')}\n`);
      const doc = await predictJson('huge.csv', 'huge.out.csv');
      expect(doc.rows).toBe(3);
      const out = records(readFileSync(ws.path('huge.out.csv'), 'utf8')).slice(1);
      expect(out).toHaveLength(doc.scored);
      // Each row is scored with a finite number or rejected with its line (spm's choice which).
      for (const r of out) expect(Number.isFinite(Number(r.at(-1))), `${r[0]} scored as ${r.at(-1)}`).toBe(true);
      if (doc.rejected > 0) expect(rejectsOf(doc.rejects!).every(([line]) => line === '3' || line === '4')).toBe(true);
    });
  });

  describe('spreadsheet-safe output', () => {
    it('a formula-like text cell comes out as text; a negative number stays a number', async () => {
      const formula = record({ student_id: '-12', race_ethnicity: '"=HYPERLINK(""x"")"', reading_score: '-5' });
      const at = record({ student_id: 'S2', parental_level_of_education: '@SUM(1)', writing_score: '+7' });
      ws.write('formula.csv', `${HEADER}\n${formula}\n${at}\n`);
      const doc = await predictJson('formula.csv', 'formula.out.csv');
      expect(doc).toMatchObject({ rows: 2, scored: 2, rejected: 0 });
      const out = readFileSync(ws.path('formula.out.csv'), 'utf8').trimEnd().split('\n');
      expect(out[1]).toMatch(/^-12,female,"'=HYPERLINK\(""x""\)",high school,standard,none,60,-5,64,-?\d+(\.\d+)?$/);
      expect(out[2]).toMatch(/^S2,female,group C,"'@SUM\(1\)",standard,none,60,65,\+7,-?\d+(\.\d+)?$/);
      expect(records(out.join('\n'))[1]![2]).toBe(`'=HYPERLINK("x")`);
    });
  });

  describe('pipes', () => {
    it('stdin → stdout (-i - -o -) gives the same bytes as file → file', async () => {
      const text = `\uFEFF${[HEADER, ...lines, record({ race_ethnicity: '"=HYPERLINK(""x"")"' }), 'S9,male'].join('\r\n')}\r\n`;
      ws.write('pipe.csv', text);
      const file = await predict(['-i', 'pipe.csv', '-o', 'pipe.out.csv']);
      expect(file.code, file.stderr).toBe(0);
      const piped = await predict(['-i', '-', '-o', '-'], text);
      expect(piped.code, piped.stderr).toBe(0);
      expect(piped.stdout).toBe(readFileSync(ws.path('pipe.out.csv'), 'utf8'));
      expect(records(piped.stdout)).toHaveLength(302);
      expect(piped.stderr).toContain('scored 301 of 302 rows');
      expect(piped.stderr).toContain('  line 303: expected 9 fields, found 2\n');
    });

    it('spm synth -o - | spm predict: a 200,000-row stream, every row scored', async () => {
      const res = await pipe(['synth', '-o', '-', '--rows', '200000', '--seed', '3'], ['predict', '-i', '-', '-o', 'stream.out.csv', '--json'], ws.dir);
      expect(res.first.code, res.first.stderr).toBe(0);
      expect(res.second.code, res.second.stderr).toBe(0);
      const doc = JSON.parse(res.second.stdout) as PredictDoc;
      expect(doc).toMatchObject({ rows: 200000, scored: 200000, rejected: 0, rejects: null, output: 'stream.out.csv' });
      const out = readFileSync(ws.path('stream.out.csv'), 'utf8');
      expect(out.startsWith(`${HEADER},prediction\n`)).toBe(true);
      expect(out.split('\n').length - 2).toBe(200000); // header, then a final newline
    });
  });
});

/** `spm A | spm B`: the first command's stdout feeds the second's stdin (no shell). */
function pipe(first: string[], second: string[], cwd: string): Promise<{ first: CliResult; second: CliResult }> {
  const start = (args: string[]) => spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const collect = (child: ReturnType<typeof start>, keepStdout: boolean): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      if (keepStdout) child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  const a = start(first);
  const b = start(second);
  a.stdin.end();
  a.stdout.pipe(b.stdin);
  return Promise.all([collect(a, false), collect(b, true)]).then(([x, y]) => ({ first: x, second: y }));
}
