/**
 * features.derive refused when params load (openWorkspace → pipeline/derive-source.ts), from the
 * data.source header and, for a file read whole, the column types ingest will infer, before any
 * stage runs: CSV, .xlsx and .parquet. A file that cannot be read is left to ingest; a type not
 * known at load (a large file, several files) is refused by transform with the same message.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/api/run.js';
import { openWorkspace } from '../../src/pipeline/workspace.js';
import { rejectedSpmError } from '../helpers/errors.js';
import { csvToParquet, csvToXlsx } from '../helpers/formats.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

/** 40 rows: id, a text column, two numeric ones and the target. */
const CSV = ['student_id,gender,Quiz1,Attendance,score', ...Array.from({ length: 40 }, (_, i) => `s${i},${i % 2 ? 'male' : 'female'},${i % 10},${50 + i},${(i * 7) % 100}`)].join('\n') + '\n';
const paramsFor = (source: string, derive: string): string =>
  `data:\n  source: ${source}\n  target: score\nfeatures:\n  derive:\n${derive}train:\n  models:\n    linear: {}\nevaluate:\n  gates: {}\n`;

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

const open = (w: Workspace) => openWorkspace({ params: w.path('params.yaml'), set: [] });

describe('features.derive against data.source at params load', () => {
  it('an unknown column: refused on opening the workspace, the caret under it, before anything is written', async () => {
    ws = createWorkspace({ 'data.csv': CSV, 'params.yaml': paramsFor('data.csv', '    ratio: "Quiz1 / max(Atendance, 1)"\n') });
    const e = await rejectedSpmError(open(ws));
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe("features.derive.ratio: unknown column 'Atendance' — did you mean 'Attendance'? (at character 13)\n    Quiz1 / max(Atendance, 1)\n                ^^^^^^^^^");
    expect(e.hint).toBe('expressions use feature columns (not the target, id or dropped columns): gender, Quiz1, Attendance');
    const run = await rejectedSpmError(runPipeline({ params: ws.path('params.yaml') }));
    expect(run.message).toBe(e.message);
    expect(existsSync(ws.path('artifacts'))).toBe(false);
  });

  it('a text column in arithmetic, and the target, are refused from a .xlsx and a .parquet source alike', async () => {
    ws = createWorkspace({});
    await csvToXlsx(ws.path('data.xlsx'), CSV);
    csvToParquet(ws.path('data.parquet'), CSV);
    for (const source of ['data.xlsx', 'data.parquet']) {
      ws.write('params.yaml', paramsFor(source, '    g: "Quiz1 * gender"\n'));
      const e = await rejectedSpmError(open(ws));
      expect(e.code).toBe('EXPRESSION_INVALID');
      expect(e.message).toBe("features.derive.g: column 'gender' is categorical; expressions compute on numeric columns (at character 9)\n    Quiz1 * gender\n            ^^^^^^");
      ws.write('params.yaml', paramsFor(source, '    t: "score + 1"\n'));
      expect((await rejectedSpmError(open(ws))).message.split('\n')[0]).toBe("features.derive.t: unknown column 'score' (at character 1)");
    }
  });

  it('a missing or unreadable data file is left to ingest, whose error names the file', async () => {
    ws = createWorkspace({ 'params.yaml': paramsFor('missing.csv', '    x: "Quiz9 * 2"\n'), 'binary.csv': '\u0000\u0001\u0002PK\u0003' });
    await expect(open(ws)).resolves.toBeDefined();
    expect((await rejectedSpmError(runPipeline({ params: ws.path('params.yaml') }))).code).toBe('DATA_NOT_FOUND');
    ws.write('params.yaml', paramsFor('binary.csv', '    x: "Quiz9 * 2"\n'));
    await expect(open(ws)).resolves.toBeDefined();
  });

  it('types as ingest infers them: a few typos leave a column numeric (its rows rejected at ingest), not refused', async () => {
    const typo = CSV.replace('s3,male,3,', 's3,male,three,');
    ws = createWorkspace({ 'data.csv': typo, 'params.yaml': paramsFor('data.csv', '    q: "Quiz1 * 2"\n') });
    await expect(open(ws)).resolves.toBeDefined();
    const result = await runPipeline({ params: ws.path('params.yaml'), until: 'transform' });
    expect(result.stages.map((s) => s.stage)).toEqual(['ingest', 'transform']);
  });

  it('types not known at load (more than 1 MiB, or several files): names checked here, the type at transform, same message', async () => {
    const rows = (from: number, n: number, quiz: (i: number) => string) =>
      Array.from({ length: n }, (_, k) => `s${from + k},${k % 2 ? 'male' : 'female'},${quiz(k)},${50 + (k % 50)},${(k * 7) % 100}`).join('\n');
    const HEAD = 'student_id,gender,Quiz1,Attendance,score\n';
    ws = createWorkspace({ 'big.csv': `${HEAD}${rows(0, 50000, (k) => (k % 2 ? 'high' : 'low'))}\n`, 'params.yaml': paramsFor('big.csv', '    q: "Quiz1 * 2"\n') });
    expect((await import('node:fs')).statSync(ws.path('big.csv')).size).toBeGreaterThan(1 << 20);
    await expect(open(ws)).resolves.toBeDefined();
    ws.write('params.yaml', paramsFor('big.csv', '    q: "Quiz * 2"\n'));
    expect((await rejectedSpmError(open(ws))).message.split('\n')[0]).toBe("features.derive.q: unknown column 'Quiz' — did you mean 'Quiz1'? (at character 1)");
    ws.write('a.csv', `${HEAD}${rows(0, 30, (k) => (k % 2 ? 'high' : 'low'))}\n`);
    ws.write('b.csv', `${HEAD}${rows(30, 30, (k) => (k % 2 ? 'high' : 'low'))}\n`);
    ws.write('params.yaml', paramsFor('[a.csv, b.csv]', '    q: "Quiz1 * 2"\n'));
    await expect(open(ws)).resolves.toBeDefined();
    const e = await rejectedSpmError(runPipeline({ params: ws.path('params.yaml') }));
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.message).toBe("features.derive.q: column 'Quiz1' is categorical; expressions compute on numeric columns (at character 1)\n    Quiz1 * 2\n    ^^^^^");
  });

  it('valid definitions open and run; version ids are those of the same params without the check', async () => {
    ws = createWorkspace({ 'data.csv': CSV, 'params.yaml': paramsFor('data.csv', '    total: "Quiz1 + Attendance"\n') });
    const result = await runPipeline({ params: ws.path('params.yaml'), until: 'transform' });
    expect(result.stages.map((s) => s.stage)).toEqual(['ingest', 'transform']);
  });
});
