import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { CsvParser, MAX_FIELD_CHARS, mergeBatches, parseCsv, type CsvBatch } from '../../src/data/csv-parse.js';
import { readCsv, readCsvAll, readCsvText, type CsvSource } from '../../src/data/csv-source.js';
import { SpmError } from '../../src/errors.js';
import { AUTO_CSV, type CsvParams } from '../../src/data/csv-dialect.js';

/** Parses `text` fed as the given pieces; returns all records (header included). */
function parsePieces(pieces: readonly string[], keepRaw = false): CsvBatch {
  const parser = new CsvParser({ keepRaw });
  const batches = pieces.map((p) => parser.push(p));
  batches.push(parser.end());
  return mergeBatches(batches);
}

const whole = (text: string, keepRaw = false): CsvBatch => parsePieces([text], keepRaw);

/** Plain-object form for toEqual (Maps compare fine, but this reads better in failures). */
const view = (b: CsvBatch) => ({ rows: b.rows, lines: b.lines, malformed: [...b.malformed], raw: b.raw });

describe('parseCsv: RFC 4180 corpus', () => {
  it('splits the header from the records, with 1-based line numbers', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual({
      header: ['a', 'b'],
      headerLine: 1,
      rows: [['1', '2'], ['3', '4']],
      lines: [2, 3],
      malformed: new Map(),
    });
  });

  it('reads quoted fields with commas and "" escapes', () => {
    const parsed = parseCsv('a,b,c\n"x,y","say ""hi""",""""\n');
    expect(parsed.rows).toEqual([['x,y', 'say "hi"', '"']]);
  });

  it('keeps quoted LF line breaks and counts them in the next line numbers', () => {
    const parsed = parseCsv('a,b\n"1\n2",3\n4,5\n"x\n\ny",z\n6,7\n');
    expect(parsed.rows).toEqual([['1\n2', '3'], ['4', '5'], ['x\n\ny', 'z'], ['6', '7']]);
    expect(parsed.lines).toEqual([2, 4, 5, 8]);
  });

  it('keeps quoted CRLF and lone CR line breaks, each counted once', () => {
    const parsed = parseCsv('a,b\r\n"1\r\n2",3\r\n"p\rq",r\r\n4,5\r\n');
    expect(parsed.rows).toEqual([['1\r\n2', '3'], ['p\rq', 'r'], ['4', '5']]);
    expect(parsed.lines).toEqual([2, 4, 6]);
  });

  it('reads CRLF files, lone CR line ends and mixed line ends', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n').rows).toEqual([['1', '2'], ['3', '4']]);
    const cr = parseCsv('a,b\r1,2\r3,4\r');
    expect(cr.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(cr.lines).toEqual([2, 3]);
    const mixed = parseCsv('a,b\n1,2\r\n3,4\r5,6');
    expect(mixed.rows).toEqual([['1', '2'], ['3', '4'], ['5', '6']]);
    expect(mixed.lines).toEqual([2, 3, 4]);
  });

  it('drops a UTF-8 BOM at the start only', () => {
    expect(parseCsv('\uFEFFa,b\n1,2\n').header).toEqual(['a', 'b']);
    expect(parseCsv('a,\uFEFFb\n').header).toEqual(['a', '\uFEFFb']);
  });

  it('reads a last record without a final newline, including a trailing empty field', () => {
    expect(parseCsv('a,b\n1,2').rows).toEqual([['1', '2']]);
    expect(parseCsv('a,b\n1,').rows).toEqual([['1', '']]);
    expect(parseCsv('a,b\n1,"x"').rows).toEqual([['1', 'x']]);
  });

  it('skips blank lines but counts them', () => {
    const parsed = parseCsv('\n\r\na,b\n\n1,2\n\r\n\r3,4\n\n');
    expect(parsed.headerLine).toBe(3);
    expect(parsed.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(parsed.lines).toEqual([5, 8]);
  });

  it('keeps empty fields, and a quoted empty field is a record', () => {
    expect(parseCsv('a,b,c\n,,\n').rows).toEqual([['', '', '']]);
    expect(parseCsv('a\n""\n\nx\n').rows).toEqual([[''], ['x']]);
  });

  it('keeps spaces and unicode as they are', () => {
    const parsed = parseCsv('név,città\n" héllo, wörld ",日本 😀\n');
    expect(parsed.header).toEqual(['név', 'città']);
    expect(parsed.rows).toEqual([[' héllo, wörld ', '日本 😀']]);
  });

  it('gives an empty header for text with no records', () => {
    for (const text of ['', '\n\n', '\uFEFF', '\r\n']) {
      expect(parseCsv(text)).toEqual({ header: [], headerLine: 0, rows: [], lines: [], malformed: new Map() });
    }
  });
});

describe('parseCsv: malformed quoting is reported per record, never thrown', () => {
  it('flags a quote inside an unquoted field, keeping it literally', () => {
    const parsed = parseCsv('a,b\n1,x"y\n3,4\n');
    expect(parsed.rows).toEqual([['1', 'x"y'], ['3', '4']]);
    expect(parsed.lines).toEqual([2, 3]);
    expect(parsed.malformed).toEqual(new Map([[0, 'malformed quoting: a quote inside an unquoted field']]));
  });

  it('flags text after a closing quote', () => {
    const parsed = parseCsv('a,b\n1,2\n"x"y,2\n5,6\n');
    expect(parsed.rows).toEqual([['1', '2'], ['xy', '2'], ['5', '6']]);
    expect(parsed.malformed).toEqual(new Map([[1, 'malformed quoting: text after a closing quote']]));
  });

  it('flags an unterminated quote at EOF on the last record, naming the line it opened on', () => {
    const parsed = parseCsv('a,b\n1,2\n3,"open');
    expect(parsed.rows).toEqual([['1', '2'], ['3', 'open']]);
    expect(parsed.lines).toEqual([2, 3]);
    expect(parsed.malformed).toEqual(new Map([[1, 'malformed quoting: the quote opened on line 3 is never closed']]));
  });

  it('a quote never closed costs only its own line: the lines it swallowed are read again one by one', () => {
    const parsed = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(parsed.rows).toEqual([['1', '2'], ['3', 'open'], ['4', '5']]);
    expect(parsed.lines).toEqual([2, 3, 4]);
    expect(parsed.malformed).toEqual(new Map([[1, 'malformed quoting: a quote opened on this line is not closed on it (a stray quote?)']]));
  });

  it('a record over several lines with the wrong field count is read again line by line; a well-formed one is kept', () => {
    // Line 3's quote closes on line 4 ("x,"): 3 fields where the header has 2.
    const stray = parseCsv('a,b\n1,2\n"3,4\nx,"y\n5,6\n');
    expect(stray.rows).toEqual([['1', '2'], ['3,4'], ['x', 'y'], ['5', '6']]);
    expect(stray.lines).toEqual([2, 3, 4, 5]);
    const stray_ = 'malformed quoting: a quote opened on this line is not closed on it (a stray quote?)';
    expect(stray.malformed).toEqual(new Map([[1, stray_], [2, stray_]]));
    const fine = parseCsv('a,b\n"multi\nline",2\n3,4\n');
    expect(fine.rows).toEqual([['multi\nline', '2'], ['3', '4']]);
    expect(fine.lines).toEqual([2, 4]);
    expect(fine.malformed.size).toBe(0);
  });

  it('reports a malformed header separately', () => {
    const parsed = parseCsv('a"b,c\n1,2\n');
    expect(parsed.header).toEqual(['a"b', 'c']);
    expect(parsed.headerMalformed).toBe('malformed quoting: a quote inside an unquoted field');
    expect(parsed.malformed.size).toBe(0);
  });

  it('stops growing a field past MAX_FIELD_CHARS, flags it, and keeps counting lines', () => {
    const big = `a\n"${'x'.repeat(MAX_FIELD_CHARS)}${'y'.repeat(10)}"\n\nnext\n`;
    const pieces: string[] = [];
    for (let i = 0; i < big.length; i += 65536) pieces.push(big.slice(i, i + 65536));
    for (const b of [whole(big), parsePieces(pieces)]) {
      expect(b.rows[1]![0]!.length).toBe(MAX_FIELD_CHARS);
      expect(b.malformed.get(1)).toBe(
        `malformed quoting: a field longer than ${MAX_FIELD_CHARS} characters (a quote never closed?)`,
      );
      expect(b.rows[2]).toEqual(['next']);
      expect(b.lines).toEqual([1, 2, 4]);
    }
  });
});

const CORPUS = [
  'a,b\n1,2\n3,4\n',
  '\uFEFFa,b\r\n"1\r\n2",3\r\n\r\n4,5',
  'h1,h2\n"x ""q"" y","a,b"\n"multi\nline\r\nfield",\n,\n',
  'a,b\r1,2\r\r3,"4\r5"\r',
  '\n\nname,city\n"Zoë","São Paulo 😀"\n"",""\n',
  'a,b\n1,x"y\n"z"w,2\n3,"never closed\n4\n',
  'x\n""\n"a"\n,\n',
];

describe('CsvParser: chunk boundaries anywhere', () => {
  it.each(CORPUS.map((text, i) => [i, text] as const))('corpus %i: every two-piece split equals one-shot', (_, text) => {
    const expected = view(whole(text, true));
    for (let k = 0; k <= text.length; k++) {
      expect(view(parsePieces([text.slice(0, k), text.slice(k)], true))).toEqual(expected);
    }
  });

  it.each(CORPUS.map((text, i) => [i, text] as const))('corpus %i: one character at a time equals one-shot', (_, text) => {
    expect(view(parsePieces([...text.split('')], true))).toEqual(view(whole(text, true)));
  });

  it('returns each record as soon as it is complete', () => {
    const parser = new CsvParser();
    expect(parser.push('a,b\n1,').rows).toEqual([['a', 'b']]);
    expect(parser.push('2\r').rows).toEqual([['1', '2']]);
    const next = parser.push('\n3,4');
    expect(next.rows).toEqual([]);
    expect(parser.end()).toEqual({ rows: [['3', '4']], lines: [3], malformed: new Map() });
  });

  it('keeps each record\'s exact source text with keepRaw', () => {
    const b = whole('a,b\r\n"x\r\ny",2\r\n\r\n3,"4"', true);
    expect(b.raw).toEqual(['a,b', '"x\r\ny",2', '3,"4"']);
  });
});

// --- property-based differential test against papaparse ---

const plainField = fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,6}$/);
const trickyField = fc
  .array(fc.constantFrom('a', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '日', '😀', 'x,y', ''), { maxLength: 6 })
  .map((parts) => parts.join(''));
const field = fc.oneof(plainField, trickyField);

interface Generated {
  text: string;
  records: string[][];
  lines: number[];
}

const quote = (f: string): string => `"${f.replaceAll('"', '""')}"`;
const needsQuotes = (f: string): boolean => /[",\r\n]/.test(f);

/** Line breaks before `end` (CRLF, CR and LF each count once): the reference line numbering. */
function lineOf(text: string, end: number): number {
  return 1 + (text.slice(0, end).match(/\r\n|\r|\n/g)?.length ?? 0);
}

const generatedCsv = fc
  .record({
    width: fc.integer({ min: 1, max: 5 }),
    height: fc.integer({ min: 1, max: 8 }),
    newline: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    seed: fc.array(fc.tuple(field, fc.boolean(), fc.boolean()), { minLength: 40, maxLength: 40 }),
  })
  .map(({ width, height, newline, bom, finalNewline, seed }): Generated => {
    const records: string[][] = [];
    const starts: number[] = [];
    let text = bom ? '\uFEFF' : '';
    for (let r = 0; r < height; r++) {
      const cells: string[] = [];
      const written: string[] = [];
      for (let c = 0; c < width; c++) {
        const [raw, forceQuote] = seed[(r * width + c) % seed.length]!;
        // A one-column record with an empty field would be a blank line.
        const f = width === 1 && raw === '' ? 'v' : raw;
        cells.push(f);
        written.push(needsQuotes(f) || forceQuote ? quote(f) : f);
      }
      const blankBefore = seed[r % seed.length]![2] && r > 0;
      if (blankBefore) text += newline;
      starts.push(text.length);
      records.push(cells);
      text += written.join(',');
      if (r < height - 1 || finalNewline) text += newline;
    }
    return { text, records, lines: starts.map((s) => lineOf(text, s)) };
  });

describe('parseCsv vs papaparse (fast-check, fixed seed)', () => {
  it("agrees with Papa.parse(text, { skipEmptyLines: true, delimiter: ',' }) on generated well-formed CSV", () => {
    fc.assert(
      fc.property(generatedCsv, ({ text, records, lines }) => {
        const ours = whole(text);
        const papa = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true, delimiter: ',' });
        expect(papa.errors).toEqual([]);
        expect(ours.rows).toEqual(papa.data);
        expect(ours.rows).toEqual(records);
        expect(ours.lines).toEqual(lines);
        expect(ours.malformed.size).toBe(0);
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it('gives the same records for any chunking of generated CSV', () => {
    fc.assert(
      fc.property(generatedCsv, fc.array(fc.nat(), { maxLength: 6 }), ({ text }, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(text.slice(from, p));
          from = p;
        }
        pieces.push(text.slice(from));
        expect(view(parsePieces(pieces, true))).toEqual(view(whole(text, true)));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

// --- readCsv: the I/O edge (files, stdin, whole-file errors) ---

const dir = mkdtempSync(join(tmpdir(), 'spm-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `f${fileCount++}.csv`);
  writeFileSync(path, content);
  return path;
}

async function collect(source: CsvSource): Promise<CsvBatch> {
  const batches: CsvBatch[] = [];
  for await (const b of source.batches) batches.push(b);
  return mergeBatches(batches);
}

/** The SpmError `promise` rejects with, as the fields a user sees. */
async function userError(promise: Promise<unknown>): Promise<{ code: string; message: string; exitCode: number }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpmError);
  const e = error as SpmError;
  return { code: e.code, message: e.message, exitCode: e.exitCode };
}

describe('readCsv', () => {
  const text = '\uFEFF\nid,name,score\r\n1,"Zoë, the ""best""",90\r\n2,"two\r\nlines",\r\n\r\n3,日本 😀,70';

  it('streams the header, then the records with their lines, for any chunk size', async () => {
    const path = file(text);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      const source = await readCsv(path, { chunkBytes });
      expect(source.name).toBe(path);
      expect(source.header).toEqual(['id', 'name', 'score']);
      expect(source.headerLine).toBe(2);
      const all = await collect(source);
      expect(all.rows).toEqual([['1', 'Zoë, the "best"', '90'], ['2', 'two\r\nlines', ''], ['3', '日本 😀', '70']]);
      expect(all.lines).toEqual([3, 4, 7]);
    }
  });

  it('drops a BOM at the start of the file only: one later in the file is data, whatever the chunks', async () => {
    // ASCII chunks skip the UTF-8 decoder; a later chunk that starts with BOM bytes must still keep them.
    for (const text of ['\uFEFFa,b\n1,x\n2,\uFEFFy\n', 'a,b\n1,x\n2,\uFEFFy\n']) {
      const path = file(text);
      for (const chunkBytes of [1, 2, 3, 4, 10, 12, 15, 1 << 20]) {
        const source = await readCsv(path, { chunkBytes });
        expect(source.header).toEqual(['a', 'b']);
        expect((await collect(source)).rows).toEqual([['1', 'x'], ['2', '\uFEFFy']]);
      }
    }
  });

  it('reads stdin for "-"', async () => {
    const bytes = Buffer.from('a,b\n1,2\n');
    const source = await readCsv('-', { stdin: Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]) });
    expect(source.name).toBe('stdin');
    expect((await collect(source)).rows).toEqual([['1', '2']]);
  });

  it('readCsvAll collects everything; readCsvText does the same checks on text', async () => {
    const all = await readCsvAll(file('a,b\n1,2\n3,"x'), { keepRaw: true });
    expect(all).toEqual({
      name: all.name,
      header: ['a', 'b'],
      headerLine: 1,
      rows: [['1', '2'], ['3', 'x']],
      lines: [2, 3],
      malformed: new Map([[1, 'malformed quoting: the quote opened on line 3 is never closed']]),
      raw: ['1,2', '3,"x'],
    });
    expect((await readCsvAll(file('a,b\n'))).rows).toEqual([]);
    const inline = readCsvText('a,b\n\n1,2', 'request body');
    expect(inline.rows).toEqual([['1', '2']]);
    expect(inline.lines).toEqual([3]);
  });

  it('can be closed without reading the records', async () => {
    const source = await readCsv(file('a\n1\n2\n'), { chunkBytes: 2 });
    await source.close();
  });

  it('rejects a missing file, naming it and pointing at data.source / -i', async () => {
    const path = join(dir, 'nope.csv');
    expect(await userError(readCsv(path))).toEqual({
      code: 'DATA_NOT_FOUND',
      message: `data file not found: ${path}`,
      exitCode: 1,
    });
    const e = (await readCsv(path).catch((x: unknown) => x)) as SpmError;
    expect(e.hint).toBe('check data.source in the params file, or the -i path');
    expect((await userError(readCsv(dir))).message).toBe(`${dir} is a directory, not a CSV file`);
  });

  it('rejects empty input: no bytes, only a BOM, only blank lines', async () => {
    for (const content of ['', '\uFEFF', '\n\r\n\n']) {
      const path = file(content);
      expect(await userError(readCsv(path))).toEqual({
        code: 'CSV_EMPTY',
        message: `${path} is empty: expected a CSV header line`,
        exitCode: 1,
      });
    }
    expect((await userError(readCsv('-', { stdin: Readable.from([]) }))).message).toBe(
      'stdin is empty: expected a CSV header line',
    );
    expect(() => readCsvText('\n', 'request body')).toThrow('request body is empty: expected a CSV header line');
  });

  it('rejects binary input with the offset of the first bad byte', async () => {
    // encoding utf-8: strict; auto reads text that is not UTF-8 as windows-1252 (csv-dialect.test.ts), not these.
    const utf8 = { ...AUTO_CSV, encoding: 'utf-8' } as const;
    const cases: [Uint8Array, number, CsvParams][] = [
      [Buffer.from('a,b\n1,2\0\n'), 7, AUTO_CSV], // NUL
      [Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xff, 0x0a]), 6, utf8], // 0xFF is never UTF-8
      [Buffer.from([0x61, 0x0a, 0xc0, 0xaf, 0x0a]), 2, utf8], // overlong encoding of '/'
      [Buffer.from([0x61, 0x0a, 0xe2, 0x82, 0x41, 0x0a]), 2, utf8], // truncated sequence inside the text
      [Buffer.from([0x61, 0x0a, 0x31, 0xe2, 0x82]), 3, utf8], // truncated sequence at EOF
      [Buffer.from([0x61, 0x0a, 0x31, 0xff, 0x01, 0x0a]), 4, AUTO_CSV], // not UTF-8, and a control byte: binary
    ];
    for (const [bytes, offset, csv] of cases) {
      const path = file(bytes);
      for (const chunkBytes of [1, 3, 1 << 20]) {
        expect(await userError(readCsv(path, { chunkBytes, csv }).then(collect))).toEqual({
          code: 'CSV_NOT_TEXT',
          message: `${path} is not CSV text (binary data at byte ${offset})`,
          exitCode: 1,
        });
      }
    }
    expect(() => readCsvText('a,b\né,\0', 'request body')).toThrow('request body is not CSV text (binary data at byte 7)');
  });

  it('finds a bad byte far into a streamed file', async () => {
    const head = 'a,b\n' + '1,2\n'.repeat(100_000);
    const path = file(Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28])]));
    expect((await userError(readCsv(path, { chunkBytes: 4096, csv: { ...AUTO_CSV, encoding: 'utf-8' } }).then(collect))).message).toBe(
      `${path} is not CSV text (binary data at byte ${head.length})`,
    );
  });

  it('rejects duplicate and empty column names, and a malformed header', async () => {
    const dup = file('a,b,c,d,b\n1,2,3,4,5\n');
    expect(await userError(readCsv(dup))).toEqual({
      code: 'CSV_BAD_HEADER',
      message: `duplicate column 'b' in header of ${dup} (columns 2 and 5)`,
      exitCode: 1,
    });
    const empty = file('a, ,c\n');
    expect((await userError(readCsv(empty))).message).toBe(`empty column name in header of ${empty} (column 2)`);
    const bad = file('\na,"b\n1,2\n');
    expect((await userError(readCsv(bad))).message).toBe(
      `bad header in ${bad} (line 2): malformed quoting: the quote opened on line 2 is never closed`,
    );
  });
});
