/** End-to-end `spm predict`: every row scored or rejected with its line, files and pipes. */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv-parse.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';


describe('spm predict', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('scores every row of the training file and keeps the input columns in order', async () => {
    const res = await runCli(['predict', '-i', 'data/students.csv', '-o', 'out.csv', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc).toMatchObject({ rows: 300, scored: 300, rejected: 0, rejects: null, output: 'out.csv' });
    const input = parseCsv(readFileSync(ws.path('data/students.csv'), 'utf8'));
    const out = parseCsv(readFileSync(ws.path('out.csv'), 'utf8'));
    expect(out.header).toEqual([...input.header, 'prediction']);
    expect(out.rows).toHaveLength(300);
    for (let i = 0; i < 300; i++) {
      expect(out.rows[i]!.slice(0, -1)).toEqual(input.rows[i]);
      expect(Number.isFinite(Number(out.rows[i]!.at(-1)))).toBe(true);
    }
  });

  it('sends a ragged row and a non-numeric score to the rejects file with line numbers', async () => {
    const lines = readFileSync(ws.path('data/students.csv'), 'utf8').trim().split('\n').slice(0, 6);
    lines[2] = 'S9,female,group B'; // line 3: too few fields
    lines[4] = lines[4]!.replace(/,(\d+)$/, ',abc'); // line 5: writing_score is not a number
    ws.write('bad.csv', `${lines.join('\n')}\n`);
    const res = await runCli(['predict', '-i', 'bad.csv', '-o', 'scored.csv', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc).toMatchObject({ rows: 5, scored: 3, rejected: 2, rejects: 'scored.rejects.csv' });
    expect(doc.scored + doc.rejected).toBe(doc.rows);
    const rejects = parseCsv(readFileSync(ws.path('scored.rejects.csv'), 'utf8'));
    expect(rejects.header).toEqual(['line', 'reason', 'record']);
    expect(rejects.rows.map((r) => [r[0], r[1]])).toEqual([
      ['3', 'expected 9 fields, found 3'],
      ['5', "column 'writing_score': not a number"],
    ]);
    expect(rejects.rows[0]![2]).toBe('S9,female,group B');
  });

  it('keeps values from the data out of its messages unless --verbose (ids and scores are personal)', async () => {
    const lines = readFileSync(ws.path('data/students.csv'), 'utf8').trim().split('\n').slice(0, 3);
    lines[2] = lines[2]!.replace(/^[^,]+/, 'ID-PRIVATE-77').replace(/,(\d+)$/, ',high-marks');
    ws.write('private.csv', `${lines.join('\n')}\n`);
    const quiet = await runCli(['predict', '-i', 'private.csv'], { cwd: ws.dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toContain("line 3: column 'writing_score': not a number");
    expect(quiet.stderr).not.toMatch(/ID-PRIVATE|high-marks/);
    const json = await runCli(['predict', '-i', 'private.csv', '-o', 'p.csv', '--json'], { cwd: ws.dir });
    expect(json.stdout + json.stderr).not.toMatch(/ID-PRIVATE|high-marks/);
    const verbose = await runCli(['predict', '-i', 'private.csv', '--verbose'], { cwd: ws.dir });
    expect(verbose.stderr).toContain("line 3: column 'writing_score': 'high-marks' is not a number");
  });

  it('pipes stdin to stdout with the summary and rejects on stderr', async () => {
    const text = readFileSync(ws.path('data/students.csv'), 'utf8').split('\n').slice(0, 4).join('\n') + '\nS1,only,three\n';
    const res = await runCli(['predict', '--explain'], { cwd: ws.dir, input: text });
    expect(res.code).toBe(0);
    const out = parseCsv(res.stdout);
    expect(out.header.slice(-2)).toEqual(['prediction', 'top_factors']);
    expect(out.rows).toHaveLength(3);
    expect(out.rows[0]!.at(-1)).toMatch(/^[a-z_]+=[^;]+ \([+-]\d+\.\d\)(; [a-z_]+=[^;]+ \([+-]\d+\.\d\)){2}$/);
    expect(res.stderr).toContain('scored 3 of 4 rows');
    expect(res.stderr).toContain('line 5: expected 9 fields, found 3');
  });

  it('a file large enough for the parse worker scores the same bytes as one thread (stdin)', async () => {
    // 80,000 rows ≈ 5 MB, above the 4 MB from which files are parsed on a worker thread.
    expect((await runCli(['synth', '-o', 'big.csv', '--rows', '80000', '--seed', '3'], { cwd: ws.dir })).code).toBe(0);
    const { statSync } = await import('node:fs');
    expect(statSync(ws.path('big.csv')).size).toBeGreaterThan(4 << 20);
    // The worker reads the file in chunks of its own size; stdin comes in the pipe's. Lines off the
    // scanner's fast path (a field automaton per category column), spread through the file: a
    // ragged row, a quoted field, a CRLF line end, a category outside ASCII, a cell a spreadsheet
    // would run as a formula, a blank line and a non-number. Rejects must match too.
    const lines = readFileSync(ws.path('big.csv'), 'utf8').split('\n');
    const edit = (i: number, f: (line: string) => string): void => void (lines[i] = f(lines[i]!));
    edit(40_000, () => 'S40000,male,group C');
    edit(10_000, (l) => l.replace(',group ', ',"group ').replace(/^([^"]*"[^,]*)/, '$1"'));
    edit(20_000, (l) => `${l}\r`);
    edit(30_000, (l) => l.replace(/,(male|female),/, ',fémale,'));
    edit(50_000, (l) => l.replace(/^[^,]+/, '=HYPERLINK("x")'.replaceAll('"', '')));
    edit(60_000, () => '');
    edit(70_000, (l) => l.replace(/,(\d+)$/, ',lots'));
    ws.write('big.csv', lines.join('\n'));
    for (const explain of [[], ['--explain']]) {
      const viaWorker = await runCli(['predict', '-i', 'big.csv', '-o', 'w.csv', ...explain, '--json'], { cwd: ws.dir });
      expect(viaWorker.code).toBe(0);
      expect(JSON.parse(viaWorker.stdout)).toMatchObject({ rows: 79_999, scored: 79_997, rejected: 2, unseen_categories: { gender: 1 } });
      const viaStdin = await runCli(['predict', '-i', '-', '-o', 's.csv', ...explain], { cwd: ws.dir, input: lines.join('\n') });
      expect(viaStdin.code).toBe(0);
      const scored = readFileSync(ws.path('w.csv'), 'utf8');
      expect(scored).toBe(readFileSync(ws.path('s.csv'), 'utf8'));
      expect(scored).toContain(`\n"'=HYPERLINK(x)",`);
      expect(readFileSync(ws.path('w.rejects.csv'), 'utf8')).toBe(readFileSync(ws.path('s.rejects.csv'), 'utf8'));
    }
  });

  it('a large input with no model to score it: the error, and no parse worker left running', async () => {
    // predict starts a large input's parse worker before it loads the model; it must stop it on failure.
    const { createWorkspace, SMALL_PARAMS } = await import('../helpers/workspace.js');
    const fresh = createWorkspace({ 'params.yaml': SMALL_PARAMS });
    try {
      expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '300'], { cwd: fresh.dir })).code).toBe(0);
      expect((await runCli(['synth', '-o', 'big.csv', '--rows', '80000'], { cwd: fresh.dir })).code).toBe(0);
      const started = Date.now();
      const res = await runCli(['predict', '-i', 'big.csv', '-o', 'out.csv'], { cwd: fresh.dir });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('no train version for the current params yet');
      expect(Date.now() - started).toBeLessThan(20_000); // exits: a worker still running would keep the process alive
      expect(existsSync(fresh.path('out.csv'))).toBe(false);
    } finally {
      fresh.cleanup();
    }
  });

  it('a missing required column is a whole-file error naming it', async () => {
    ws.write('nocol.csv', 'student_id,gender\nS1,male\n');
    const res = await runCli(['predict', '-i', 'nocol.csv', '-o', 'x.csv'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/missing columns 'race_ethnicity', .*'writing_score' in nocol\.csv/);
    expect(existsSync(ws.path('x.csv'))).toBe(false);
  });

  it('an empty input is a whole-file error', async () => {
    ws.write('empty.csv', '');
    const res = await runCli(['predict', '-i', 'empty.csv', '-o', 'x.csv'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('empty.csv is empty');
  });

  it('--json with -o - is a usage error (stdout carries the CSV)', async () => {
    const res = await runCli(['predict', '-i', 'data/students.csv', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--json needs -o FILE');
  });
});
