/**
 * Reading a file in two parts on two threads (src/data/csv-parts.ts) gives exactly what one
 * thread gives: every output of `spm ingest`, and every message. SPM_PARSE_THREADS=2 cuts even
 * these small files; =1 reads on one thread. Runs the built CLI (the worker is a bundled file).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prng } from '../helpers/prng.js';
import { createWorkspace, runCli } from '../helpers/workspace.js';

const OUTPUTS = ['train.csv', 'test.csv', 'schema.json', 'profile.json', 'rejects.csv', 'validation.json'];

interface Result {
  readonly code: number;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  /** How each file was read (SPM_DEBUG=parts), e.g. 'data.csv: read in two parts, cut at byte 123'. */
  readonly route: string[];
}

/** Runs `spm ingest --json` on the files with SPM_PARSE_THREADS=threads: exit code, stderr, and each output's text. */
async function ingest(files: Record<string, string | Buffer>, threads: '1' | '2'): Promise<Result> {
  const ws = createWorkspace();
  try {
    for (const [name, body] of Object.entries(files)) ws.write(name, body as string);
    const res = await runCli(['ingest', '--json'], { cwd: ws.dir, env: { SPM_PARSE_THREADS: threads, SPM_DEBUG: 'parts' } });
    const outputs: Record<string, string> = {};
    if (res.code === 0) {
      const dir = join(ws.dir, 'artifacts', 'ingest');
      const version = readdirSync(dir).find((d) => !d.startsWith('.'))!;
      for (const name of OUTPUTS) outputs[name] = readFileSync(join(dir, version, name), 'utf8');
    }
    const stderr = res.stderr.replaceAll(ws.dir, '<workspace>');
    const route = stderr.split('\n').filter((l) => l.startsWith('spm: debug: ')).map((l) => l.replace(/^spm: debug: <workspace>\//, ''));
    return { code: res.code, stderr: stderr.split('\n').filter((l) => !l.startsWith('spm: debug: ')).join('\n'), outputs, route };
  } finally {
    ws.cleanup();
  }
}

/** Ingests on one thread and on two; expects the same outcome, and returns the two-thread run. */
async function expectSameBothWays(files: Record<string, string | Buffer>): Promise<Result> {
  const one = await ingest(files, '1');
  const two = await ingest(files, '2');
  expect(one.route).toEqual([]);
  expect(two.code).toBe(one.code);
  expect(two.stderr).toBe(one.stderr);
  expect(two.outputs).toEqual(one.outputs);
  return two;
}

const PARAMS = 'data:\n  source: data.csv\n  target: score\n  id_columns: [id]\n  drop: [note]\n  bounds: { id: [0, 5000] }\n';

/**
 * 600 rows with something in both halves of every kind a part could get wrong: ids that are
 * mostly numbers but not all (the id column is numeric: its non-numbers and the ids outside
 * data.bounds are rejected; one id is padded with spaces), a dropped column with a padded
 * missing value, rows with too few fields, a
 * non-number score, a missing target, quoted fields with commas, quotes and line breaks,
 * non-ASCII text, blank lines, CRLF line ends and a BOM.
 */
function messy(seed: number, rows = 600): string {
  const rand = prng(seed);
  const groups = ['a', 'b', 'é', '"x,y"', '"say ""hi"""', '"two\nlines"', ' pad'];
  const lines = ['\ufeffid,group,hours,note,score'];
  for (let i = 0; i < rows; i++) {
    const id = i % 97 === 5 ? 'X1' : i % 89 === 3 ? 'NA' : i % 101 === 7 ? ' 77 ' : i % 103 === 9 ? '99999' : String(1000 + i);
    const group = groups[Math.floor(rand() * groups.length)]!;
    const hours = i % 53 === 7 ? 'lots' : (rand() * 20).toFixed(1);
    const note = rand() < 0.1 ? '"note, with comma"' : i % 11 === 0 ? ' NA' : `n${i % 7}`;
    const score = i % 61 === 9 ? '' : String(Math.floor(rand() * 100));
    if (i % 71 === 13) lines.push(`${id},${group},${hours}`); // too few fields
    else lines.push([id, group, hours, note, score].join(','));
    if (i % 83 === 20) lines.push('');
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('spm ingest on two threads', () => {
  it('gives the same outputs and messages as on one thread (ids, rejects, quotes, CRLF, BOM, blank lines)', async () => {
    const first = await expectSameBothWays({ 'data.csv': messy(3), 'params.yaml': PARAMS });
    expect(first.code).toBe(0);
    // Recorded from spm 0.2.0's ingest, which read the id and dropped columns as text columns
    // (summary columns came after): the same bytes; rejects, profile and validation recorded
    // again when a record over several lines with too few fields came to be read again line by
    // line (a row of 3 fields with "two\nlines" in it: two rejected lines, not one record).
    const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
    expect(Object.fromEntries(OUTPUTS.map((name) => [name, sha(first.outputs[name]!)]))).toEqual({
      'train.csv': '28c633179162e5b1187bdd01d4051d78308335f7c3aeee3182e7b2da8b9bc807',
      'test.csv': '352f76cf9e671a0c15c54973a084570fc26d2e0ecf28a8a48d8095b62ea54c2a',
      'schema.json': '9b1777151142468338131ce544f5bcd658fbabebcb1524127d9224e38de05629',
      'profile.json': '39e81f72245c4d03921c5f0c4fca6ffdcd5aa298295101f2c76f410c16ae07e3',
      'rejects.csv': '921ebb0cf7538761c76b224474b3f302d0e29d2522a336fe902b50c5815cc18e',
      'validation.json': 'a7536662f9d3249eabd8a93d6f47990eb43bdba4347daf4a32ede172f47de70b',
    });
    expect(first.route).toEqual([expect.stringMatching(/^data\.csv: read in two parts, cut at byte \d+$/)]);
    // The case is the one described: rejected rows with line numbers past the middle, and the
    // numeric id column's non-numbers counted once each, whichever part they were read in.
    const rejects = first.outputs['rejects.csv']!.trim().split('\n');
    expect(rejects.length).toBeGreaterThan(10);
    expect(Math.max(...rejects.slice(1).map((l) => Number(l.split(',')[1])))).toBeGreaterThan(450);
    const schema = JSON.parse(first.outputs['schema.json']!) as { columns: { name: string; type: string }[] };
    expect(schema.columns.find((c) => c.name === 'id')!.type).toBe('numeric');
    const validation = first.outputs['validation.json']!;
    expect(validation).toContain('X1');
    expect(validation.match(/"X1"/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('reads the file again on one thread when the cut falls inside a quoted field', async () => {
    // Every record but the header spans four lines, so most line breaks are inside quotes.
    const rows = Array.from({ length: 300 }, (_, i) => `${i},"first\nsecond\nthird\nfourth",${i % 10}`);
    const text = `id,note,score\n${rows.join('\n')}\n`;
    // The cut is the byte after the first LF from 55% of the file on: check that it is inside quotes.
    const from = Math.floor(Buffer.byteLength(text) * 0.55);
    const lf = text.indexOf('\n', from);
    expect((text.slice(0, lf).match(/"/g)?.length ?? 0) % 2, 'the cut is inside a quoted field').toBe(1);
    const res = await expectSameBothWays({ 'data.csv': text, 'params.yaml': 'data:\n  source: data.csv\n  target: score\n  id_columns: [id]\n' });
    expect(res.code).toBe(0);
    expect(res.route).toEqual([`data.csv: read again on one thread (the cut at byte ${lf + 1} is inside a record)`]);
    expect(res.outputs['train.csv']!.split('"first').length - 1 + res.outputs['test.csv']!.split('"first').length - 1).toBe(300);
  });

  it('says the same when the second part is not UTF-8 or has a NUL byte (the byte offset from the file\'s start)', async () => {
    // Past the first MiB (read before the parts, for the header) and past the cut.
    const good = messy(5, 120_000).replaceAll('é', 'e').replaceAll('"two\nlines"', 'two');
    const at = Math.floor(good.length * 0.8);
    expect(at).toBeGreaterThan(1 << 21); // 2 MiB
    for (const bad of [Buffer.from([0xff, 0xfe]), Buffer.from([0])]) {
      const bytes = Buffer.concat([Buffer.from(good.slice(0, at)), bad, Buffer.from(good.slice(at))]);
      const res = await expectSameBothWays({ 'data.csv': bytes, 'params.yaml': PARAMS });
      expect(res.code).toBe(1);
      // The worker reads from the cut on, and still names the byte in the file.
      const offset = Buffer.byteLength(good.slice(0, at));
      expect(res.route).toEqual([expect.stringContaining(`read again on one thread (the second part failed: ${'<workspace>'}/data.csv is not CSV text (binary data at byte ${offset}))`)]);
      expect(res.stderr).toContain(`data.csv is not CSV text (binary data at byte ${offset})`);
    }
  });

  it('reads again on one thread when a quote is never closed in the second part (the reason names the line in the file)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},a,${i % 9}`);
    // On the last line, with no line after it: the reason names the line, counted from the part's start.
    const text = `id,g,score\n${rows.join('\n')}\n${rows.slice(0, 5).join('\n')}\n99,"open,5`;
    const res = await expectSameBothWays({ 'data.csv': text, 'params.yaml': 'data:\n  source: data.csv\n  target: score\n  id_columns: [id]\n' });
    expect(res.code).toBe(0);
    expect(res.route).toEqual(['data.csv: read again on one thread (the second part has malformed quoting)']);
    expect(res.outputs['rejects.csv']).toContain('the quote opened on line 47 is never closed');
  });

  it('a stray quote in the second part costs its own line, and the parts are joined (the reason names no line)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},a,${i % 9}`);
    const text = `id,g,score\n${rows.join('\n')}\n99,"open,5\n${rows.slice(0, 5).join('\n')}\n`;
    const res = await expectSameBothWays({ 'data.csv': text, 'params.yaml': 'data:\n  source: data.csv\n  target: score\n  id_columns: [id]\n' });
    expect(res.code).toBe(0);
    expect(res.route.map((r) => r.replace(/cut at byte \d+/, 'cut'))).toEqual(['data.csv: read in two parts, cut']);
    expect(res.outputs['rejects.csv']).toBe('file,line,reason\ndata.csv,42,malformed quoting: a quote opened on this line is not closed on it (a stray quote?)\n');
  });

  it('reads again on one thread when the cut falls before the end of the header', async () => {
    const params = 'data:\n  source: data.csv\n  target: score\n';
    // 300 blank lines, then a small table: the cut is in the blank lines.
    const blank = await expectSameBothWays({ 'data.csv': `${'\n'.repeat(300)}id,score\n1,2\n${Array.from({ length: 12 }, (_, i) => `${i},${i}`).join('\n')}\n`, 'params.yaml': params });
    expect(blank.code).toBe(0);
    expect(blank.route).toEqual([expect.stringMatching(/^data\.csv: read again on one thread \(the first part failed: .*is empty/)]);
    // A header whose quoted name holds line breaks past the cut.
    // (Inside the name: a header name is read trimmed.)
    const header = `id,"sc${'\n'.repeat(200)}ore"\n${Array.from({ length: 12 }, (_, i) => `${i},${i}`).join('\n')}\n`;
    const quoted = await expectSameBothWays({ 'data.csv': header, 'params.yaml': `data:\n  source: data.csv\n  target: "sc${'\\n'.repeat(200)}ore"\n` });
    expect(quoted.route).toEqual([expect.stringMatching(/^data\.csv: read again on one thread \(the first part failed: bad header/)]);
  });

  it('cuts UTF-16 text at a line feed code unit, never at the bytes 0A 00 of two characters (LE and BE, with a BOM)', async () => {
    // U+0A41 U+0100 U+0A41 is the bytes 41 0A 00 01 41 0A in UTF-16 LE and 0A 41 01 00 0A 41 in BE:
    // the LF code unit's two bytes at an odd offset, in a seventh of the rows.
    const text = messy(5).replaceAll(',b,', ',\u0a41\u0100\u0a41b,');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [le, be]) {
      const res = await expectSameBothWays({ 'data.csv': bytes, 'params.yaml': PARAMS });
      expect(res.code).toBe(0);
      expect(res.route).toEqual([expect.stringMatching(/^data\.csv: read in two parts, cut at byte \d*[02468]$/)]);
      expect(res.outputs['train.csv']).toContain('\u0a41\u0100\u0a41b');
    }
  });

  it('joins several source files each read in parts', async () => {
    const res = await expectSameBothWays({ 'a.csv': messy(8), 'b.csv': messy(9), 'params.yaml': PARAMS.replace('source: data.csv', 'source: [a.csv, b.csv]') });
    expect(res.code).toBe(0);
    expect(res.route.map((r) => r.replace(/cut at byte \d+/, 'cut'))).toEqual(['a.csv: read in two parts, cut', 'b.csv: read in two parts, cut']);
  });
});
