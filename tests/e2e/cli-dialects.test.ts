/**
 * Any file a school exports (issue 17, items 1, 2 and 4), through the built CLI: the same rows
 * written in every dialect and encoding spm reads give the same schema, the same split files and
 * byte-identical predictions; a stray quote costs only its own line; each refusal shows its message.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../helpers/prng.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const HEADER = ['student_id', 'gender', 'city', 'hours', 'absences', 'score'];
const CITIES = ['Zoë', 'São Paulo', 'Köln', 'Paris', 'Ærø'];

/** 200 rows; hours has decimals (so a decimal comma shows), city has non-ASCII text every encoding here can hold. */
function rows(): string[][] {
  const rand = prng(11);
  return Array.from({ length: 200 }, (_, i) => {
    const hours = Math.round(rand() * 200) / 10;
    const absences = Math.floor(rand() * 10);
    const gender = rand() < 0.5 ? 'female' : 'male';
    const city = CITIES[Math.floor(rand() * CITIES.length)]!;
    const score = Math.round(40 + 2 * hours - absences + (gender === 'female' ? 3 : 0) + (city === 'Köln' ? 4 : 0) + rand() * 5);
    return [`S${1000 + i}`, gender, city, hours.toFixed(1), String(absences), String(score)];
  });
}

const text = (d: string, decimalComma = false): string =>
  [HEADER, ...rows().map((r) => (decimalComma ? r.map((v, c) => (c === 3 ? v.replace('.', ',') : v)) : r))].map((r) => r.join(d)).join('\r\n') + '\r\n';

const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

/** The same rows in each dialect and encoding (Excel's "Unicode text" is UTF-16 LE with a BOM, tab-separated). */
const VARIANTS: Record<string, Buffer> = {
  'comma.csv': Buffer.from(text(',')),
  'semicolon.csv': Buffer.from(text(';')),
  'tab.tsv': Buffer.from(text('\t')),
  'pipe.txt': Buffer.from(text('|')),
  'decimal-comma.csv': Buffer.from(text(';', true)),
  'bom.csv': Buffer.from(`\ufeff${text(',')}`),
  'utf16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text('\t'), 'utf16le')]),
  'utf16be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text('\t'))]),
  'windows-1252.csv': Buffer.from(text(';', true), 'latin1'), // é, ö, ã, Æ: the same bytes in Latin-1 and Windows-1252
};

const PARAMS = (source: string, extra = ''): string =>
  `data:\n  source: ${source}\n  target: score\n  id_columns: [student_id]\n${extra}train:\n  models: [linear]\nevaluate:\n  gates: {}\n`;

const ingestDir = (ws: Workspace): string => {
  const dir = ws.path('artifacts/ingest');
  return join(dir, readdirSync(dir).find((d) => !d.startsWith('.'))!);
};

describe('the same rows in every dialect and encoding', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = createWorkspace({ 'params.yaml': PARAMS('comma.csv') });
    for (const [name, bytes] of Object.entries(VARIANTS)) writeFileSync(ws.path(name), bytes);
    const run = await runCli(['run', '-q'], { cwd: ws.dir });
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('give the same schema and split files at ingest, and say what was read in one line', async () => {
    const reference = Object.fromEntries(['schema.json', 'train.csv', 'test.csv'].map((f) => [f, readFileSync(join(ingestDir(ws), f), 'utf8')]));
    expect(JSON.parse(reference['schema.json']!).columns.find((c: { name: string }) => c.name === 'hours').type).toBe('numeric');
    const expected: Record<string, string> = {
      'comma.csv': 'delimiter comma, decimal point, encoding utf-8',
      'semicolon.csv': 'delimiter semicolon, decimal point, encoding utf-8',
      'tab.tsv': 'delimiter tab, decimal point, encoding utf-8',
      'pipe.txt': 'delimiter pipe, decimal point, encoding utf-8',
      'decimal-comma.csv': 'delimiter semicolon, decimal comma, encoding utf-8',
      'bom.csv': 'delimiter comma, decimal point, encoding utf-8 (BOM)',
      'utf16le.txt': 'delimiter tab, decimal point, encoding utf-16le (BOM)',
      'utf16be.txt': 'delimiter tab, decimal point, encoding utf-16be (BOM)',
      'windows-1252.csv': 'delimiter semicolon, decimal comma, encoding windows-1252',
    };
    for (const name of Object.keys(VARIANTS)) {
      const own = createWorkspace({ 'params.yaml': PARAMS(name) });
      try {
        writeFileSync(own.path(name), VARIANTS[name]!);
        const res = await runCli(['ingest'], { cwd: own.dir });
        expect(res.code, `${name}: ${res.stderr}`).toBe(0);
        expect(res.stdout, name).toContain(`read as: ${expected[name]}`);
        const byte = VARIANTS[name]!.findIndex((b) => b > 127); // the first é, ö, ã or Æ: on line 2
        // Every dialect gives the same inference, so the same category-codes hint (absences: 0–9).
        const codes = 'warning: ingest: possibly category codes, read as numbers: absences (10 values: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)\n  if they are categories, declare them in params.yaml: data.types: { absences: categorical }\n';
        expect(res.stderr, name).toContain(codes);
        const rest = res.stderr.replace(codes, '');
        if (name === 'windows-1252.csv') expect(rest).toBe(`warning: ${own.path(name)} is not UTF-8 (byte ${byte}, line 2): read as Windows-1252; set data.csv.encoding if it is another encoding\n`);
        else expect(rest, name).toBe('');
        for (const [file, content] of Object.entries(reference)) expect(readFileSync(join(ingestDir(own), file), 'utf8'), `${name}: ${file}`).toBe(content);
        const sources = JSON.parse(readFileSync(join(ingestDir(own), 'sources.json'), 'utf8'));
        expect(sources.files[0]).toMatchObject({ file: name });
      } finally {
        own.cleanup();
      }
    }
  }, 180_000);

  it('give byte-identical predictions with a model trained on the comma file (output: comma, point, UTF-8)', async () => {
    const outputs: Record<string, string> = {};
    for (const name of Object.keys(VARIANTS)) {
      const res = await runCli(['predict', '-i', name, '-o', `${name}.out.csv`, '--json'], { cwd: ws.dir });
      expect(res.code, `${name}: ${res.stderr}`).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ rows: 200, scored: 200, rejected: 0 });
      outputs[name] = readFileSync(ws.path(`${name}.out.csv`), 'utf8');
    }
    // The whole output, not only the prediction column: each record is written again as comma CSV.
    for (const name of Object.keys(VARIANTS)) expect(outputs[name], name).toBe(outputs['comma.csv']);
    expect(outputs['comma.csv']).toContain('Köln');
  }, 120_000);

  it('predict names a dialect other than comma, point and UTF-8 in one line', async () => {
    const res = await runCli(['predict', '-i', 'decimal-comma.csv', '-o', 'dc.out.csv'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('read as: delimiter semicolon, decimal comma, encoding utf-8');
    const plain = await runCli(['predict', '-i', 'comma.csv', '-o', 'c.out.csv'], { cwd: ws.dir });
    expect(plain.stdout).not.toContain('read as');
  }, 60_000);

  it('drift of a Windows-1252 batch says so, naming the byte and its line (not silently)', async () => {
    const res = await runCli(['drift', '-i', 'windows-1252.csv'], { cwd: ws.dir });
    expect([0, 3], res.stderr).toContain(res.code);
    const byte = VARIANTS['windows-1252.csv']!.findIndex((b) => b > 127);
    expect(res.stderr).toContain(`warning: windows-1252.csv is not UTF-8 (byte ${byte}, line 2): read as Windows-1252; set data.csv.encoding if it is another encoding`);
  }, 60_000);

  it('data.csv overrides what would be sniffed', async () => {
    // Given as comma, the semicolon file is one column: the target is missing.
    const res = await runCli(['ingest', '-S', 'data.source=semicolon.csv', '-S', "data.csv.delimiter=','"], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("data.target: column 'score' is not in semicolon.csv");
    // Given as latin1, the bytes 0x80-0x9f are not Windows-1252's letters: ISO-8859-1 proper.
    writeFileSync(ws.path('euro.csv'), Buffer.concat([Buffer.from('student_id,gender,city,hours,absences,score\n'), Buffer.from(Array.from({ length: 12 }, (_, i) => `S${i},male,\x80${i},1.5,2,${50 + i}\n`).join(''), 'latin1')]));
    const win = await runCli(['ingest', '-S', 'data.source=euro.csv', '-S', 'data.csv.encoding=windows-1252', '--json'], { cwd: ws.dir });
    expect(win.code, win.stderr).toBe(0);
    expect(JSON.parse(win.stdout).read_as).toBe('delimiter comma, decimal point, encoding windows-1252');
  }, 60_000);
});

describe('a stray quote costs only its own line', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = createWorkspace({ 'params.yaml': PARAMS('big.csv').replace('score', 'math_score').replace('[linear]', '[linear]') });
    expect((await runCli(['synth', '-o', 'big.csv', '--rows', '100000'], { cwd: ws.dir })).code).toBe(0);
    const lines = readFileSync(ws.path('big.csv'), 'utf8').split('\n');
    lines[10] = lines[10]!.replace(',female,', ',"female,').replace(',male,', ',"male,'); // line 11: a quote opens a field and is never closed
    expect(lines[10]).toContain('"');
    writeFileSync(ws.path('big.csv'), lines.join('\n'));
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('ingest: 100,000 rows, 1 rejected at line 11 with the reason', async () => {
    const res = await runCli(['run', '--json'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    const rejects = readFileSync(join(ingestDir(ws), 'rejects.csv'), 'utf8');
    expect(rejects).toBe('file,line,reason\nbig.csv,11,malformed quoting: a quote opened on this line is not closed on it (a stray quote?)\n');
    const profile = JSON.parse(readFileSync(join(ingestDir(ws), 'profile.json'), 'utf8'));
    expect([profile.rows, profile.used_rows, profile.rejected]).toEqual([100_000, 99_999, 1]);
  }, 180_000);

  it('predict: 99,999 scored and 1 rejected at line 11, on the parse worker and on this thread', async () => {
    for (const input of [['-i', 'big.csv'], ['-i', '-']]) {
      const stdin = input[1] === '-' ? readFileSync(ws.path('big.csv'), 'utf8') : undefined;
      const res = await runCli(['predict', ...input, '-o', 'scored.csv', '--rejects', 'rejects.csv', '--json'], { cwd: ws.dir, ...(stdin === undefined ? {} : { input: stdin }) });
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ rows: 100_000, scored: 99_999, rejected: 1 });
      expect(readFileSync(ws.path('rejects.csv'), 'utf8').split('\n').slice(0, 2)).toEqual(['line,reason,record', expect.stringMatching(/^11,malformed quoting: a quote opened on this line is not closed on it \(a stray quote\?\),/)]);
    }
  }, 180_000);
});

describe('each refusal says what to do', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace({ 'params.yaml': PARAMS('data.csv') });
  });
  afterAll(() => ws.cleanup());

  const ingest = async (file: string | Buffer, args: string[] = []): Promise<{ code: number; stderr: string }> => {
    writeFileSync(ws.path('data.csv'), file);
    return runCli(['ingest', ...args], { cwd: ws.dir });
  };
  const body = Array.from({ length: 12 }, (_, i) => `S${i},male,Paris,1.5,2,${50 + i}`).join('\n');

  it('binary data: control bytes in text that is not UTF-8', async () => {
    const res = await ingest(Buffer.concat([Buffer.from(`${HEADER.join(',')}\n`), Buffer.from([0x53, 0xff, 0x01, 0x02, 0x0a])]));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`spm: error: ${ws.path('data.csv')} is not CSV text (binary data at byte 46)`); // the control byte
    expect(res.stderr).toContain('hint: spm reads CSV text in UTF-8, UTF-16 (with a BOM), Windows-1252 or Latin-1 (data.csv.encoding): export the data as CSV');
  });

  it('an unknown encoding name, a delimiter spm does not read, header: false', async () => {
    await ingest(`${HEADER.join(',')}\n${body}\n`);
    const encoding = await runCli(['ingest', '-S', 'data.csv.encoding=utf8x'], { cwd: ws.dir });
    expect(encoding.code).toBe(1);
    expect(encoding.stderr).toContain("data.csv.encoding: expected one of auto | utf-8 | utf-16le | utf-16be | windows-1252 | latin1, got 'utf8x'");
    const delimiter = await runCli(['ingest', '-S', "data.csv.delimiter=':'"], { cwd: ws.dir });
    expect(delimiter.code).toBe(1);
    expect(delimiter.stderr).toContain("data.csv.delimiter: expected auto, ',', ';', tab or '|', got ':'");
    const header = await runCli(['ingest', '-S', 'data.csv.header=false'], { cwd: ws.dir });
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('data.csv.header: false is not supported: spm finds columns by the names in the first line');
    expect(header.stderr).toContain('add a first line naming the columns');
  });

  it('a header whose delimiter cannot be told', async () => {
    const res = await ingest('a,b;c\n1,2,3;4;5\nx;y;z,w,v\n');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`spm: error: cannot tell the delimiter of ${ws.path('data.csv')}: ',' and ';' each split the header, and neither keeps its field count in the lines after it`);
    expect(res.stderr).toContain("hint: set data.csv.delimiter (',', ';', tab or '|') in the params file");
  });

  it('a first line of numbers: data, not a header (data.csv.header: true takes it)', async () => {
    const res = await ingest(`1,2,3,4\n${body}\n`);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`spm: error: the first line of ${ws.path('data.csv')} looks like data (1, 2, 3, 4), not column names`);
    const taken = await runCli(['ingest', '-S', 'data.csv.header=true'], { cwd: ws.dir });
    expect(taken.stderr).toContain("data.target: column 'score' is not in data.csv");
  });
});
