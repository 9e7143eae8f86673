/**
 * Lines read as bytes (csv-source.ts' lineBytes, predict's parse worker): simple ASCII lines go
 * from bytes straight to columns. Everything must equal what the text route gives: tables,
 * lines, rejects and their reasons, raw records, unseen counts, and whole-file errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_CSV, DELIMITERS, type CsvParams } from '../../src/data/csv-dialect.js';
import { decodeText, type SimpleAsciiChunk } from '../../src/data/csv-decode.js';
import { fieldAutomaton, TextIndex } from '../../src/data/csv-dictionary.js';
import { readCsvTable } from '../../src/data/csv-source.js';
import { parseNumberBytes, parseNumberRange } from '../../src/data/infer.js';
import type { ColumnSpec, ToTableResult } from '../../src/data/to-table.js';
import { setShowValues } from '../../src/util/privacy.js';

beforeAll(() => setShowValues(true)); // reasons with values: a wrong value in a reason shows
afterAll(() => setShowValues(false));

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('parseNumberBytes', () => {
  it('reads ASCII bytes exactly as parseNumberRange reads the same text (fast-check)', () => {
    const char = fc.constantFrom(...'0123456789012345678901234567890123456789.-+eE x,'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), fc.nat(4), (chars, pad) => {
        const text = `${'#'.repeat(pad)}${chars.join('')}#`;
        const a = parseNumberBytes(ascii(text), pad, text.length - 1);
        const b = parseNumberRange(text, pad, text.length - 1);
        return Object.is(a, b);
      }),
      { seed: 11, numRuns: 20000 },
    );
    for (const text of ['', '-', '.', '1e3', ' 7 ', '0.1', '-0', '+5', '1234567890123456', '1.2.3', '007']) {
      expect(Object.is(parseNumberBytes(ascii(text), 0, text.length), parseNumberRange(text, 0, text.length)), text).toBe(true);
    }
  });
});

describe('TextIndex.findBytes and fieldAutomaton', () => {
  const value = fc.oneof(
    fc.constantFrom('a', 'ab', 'abc', 'group A', 'group B', '', 'b,c', 'é', 'none', 'some high school', 'some college'),
    fc.string({ maxLength: 6 }),
  );

  it('give the code TextIndex.find gives the same text, for any dictionary (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), fc.array(value, { maxLength: 8 }), fc.array(value, { maxLength: 20 }), (fixed, added, fields) => {
        const index = new TextIndex(fixed);
        for (const v of added) if (index.find(v, 0, v.length) === -1) index.add(v);
        const automaton = fieldAutomaton(fixed);
        expect(automaton).toBeDefined();
        for (const field of fields) {
          if (!/^[\x00-\x7f]*$/.test(field) || field.includes(',') || field.includes('\n')) continue; // a field of a simple ASCII line
          const line = ascii(`${field},`);
          expect(index.findBytes(line, 0, field.length)).toBe(index.find(field, 0, field.length));
          // The automaton reads to the comma and knows the fixed values only (first code of a repeat).
          let state = 1;
          let i = 0;
          while ((state = automaton![(state << 8) | line[i]!]!) > 0) i++;
          expect(i).toBe(field.length);
          const first = fixed.indexOf(field);
          expect(state === 0 ? -1 : -state - 1).toBe(first);
        }
      }),
      { seed: 5, numRuns: 3000 },
    );
  });

  it('a value with characters past U+FFFF is left out, never mistaken for a byte (a large automaton)', () => {
    // Found by review: a filter by code points let the emoji through, and its UTF-16 units wrote
    // transitions of other states, so an ASCII field not in the dictionary got the emoji's code.
    const a = 'a'.repeat(215);
    const fixed = [a, `${a}=bcdeAZ`, '\u{1F641}'];
    const automaton = fieldAutomaton(fixed)!;
    const index = new TextIndex(fixed);
    for (const field of [a, `${a}=bcdeA`, `${a}=bcdeAZ`, `${a}=`]) {
      const line = ascii(`${field},`);
      let state = 1;
      let i = 0;
      while ((state = automaton[(state << 8) | line[i]!]!) > 0) i++;
      expect(state === 0 ? -1 : -state - 1, field.slice(-8)).toBe(index.find(field, 0, field.length));
    }
  });

  it('findBytes works past the sampled hash (a long list of values hashes every character)', () => {
    const values = Array.from({ length: 300 }, (_, i) => `id${i}`);
    const index = new TextIndex(values);
    for (const v of ['id0', 'id299', 'id300', 'id']) expect(index.findBytes(ascii(v), 0, v.length)).toBe(index.find(v, 0, v.length));
  });

  it('no automaton for a dictionary that needs too many states', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `value number ${i}`);
    expect(fieldAutomaton(values)).toBeUndefined();
  });
});

describe('decodeText with lines', () => {
  async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
  }
  const collect = async (bytes: Uint8Array, size: number, lines: boolean): Promise<(string | SimpleAsciiChunk)[]> => {
    const out: (string | SimpleAsciiChunk)[] = [];
    for await (const piece of decodeText(chunksOf(bytes, size), 'f.csv', 0, { lines })) out.push(piece);
    return out;
  };

  it('gives the same text, with only whole simple ASCII lines as bytes (fast-check)', async () => {
    const line = fc.oneof(fc.constantFrom('a,b,c', '', '1,2', 'x"y', 'é,1', 'r\r', '\r', '"q\nz"'), fc.string({ maxLength: 9 }));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), async (lines, size) => {
        const bytes = new TextEncoder().encode(lines.join('\n'));
        if (bytes.includes(0)) return;
        const text = (await collect(bytes, size, false)).join('');
        const pieces = await collect(bytes, size, true);
        expect(pieces.map((p) => (typeof p === 'string' ? p : p.head + Buffer.from(p.lines).toString('latin1') + p.tail)).join('')).toBe(text);
        for (const p of pieces) {
          if (typeof p === 'string') continue;
          expect(p.head.at(-1)).toBe('\n'); // the lines start a line
          expect(p.lines.at(-1)).toBe(10);
          expect(p.tail.includes('\n')).toBe(false);
          expect(p.lines.byteOffset === 0 && p.lines.byteLength === p.lines.buffer.byteLength).toBe(true); // its own buffer (transferable)
          expect(p.lines.some((b) => b > 127 || b === 34 || b === 13)).toBe(false);
        }
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});

describe('readCsvTable with lineBytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-lines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const specs: ColumnSpec[] = [
    { name: 'n', type: 'numeric', bounds: [0, 100] },
    { name: 'k', type: 'categorical', dictionary: ['a', 'b', 'a', 'group A', 'é'] },
    { name: 'f', type: 'categorical' },
    { name: 'm', type: 'numeric' },
  ];
  const cell = {
    n: fc.constantFrom('1', '55.5', '-3', '101', '', 'NA', 'x', ' 7', '1e2', '00'),
    k: fc.constantFrom('a', 'b', 'group A', 'group B', 'é', '', 'c', 'NA', ' a', '"a"', '"b,c"'),
    f: fc.constantFrom('p', 'q', 'new', '', '"quoted\nbreak"', 'ü'),
    m: fc.constantFrom('0', '2.25', '', '-1', 'abc'),
  };
  const row = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.nat(999), cell.n, cell.k, cell.f, cell.m).map(([id, n, k, f, m]) => `${id},${k},${n},${f},${m}`) },
    { weight: 1, arbitrary: fc.constantFrom('', '1,a', '1,a,2,p,3,extra', '=1+1,a,5,p,1', ' , , , , ', 'x,a,1,p,1\r') },
  );
  const header = 'id,k,n,f,m';

  /**
   * Everything the batches say, joined (the routes may batch differently): each kept row's cells
   * (categories as their values; codes of fixed values too), lines, rejects with their records,
   * unseen counts, and every record's raw text.
   */
  const summary = (batches: ToTableResult[]): unknown => ({
    rows: batches.flatMap((b) =>
      Array.from({ length: b.table.rowCount }, (_, r) =>
        b.table.columns.map((c) => (c.kind === 'numeric' ? c.values[r] : c.codes[r]! < 0 ? c.codes[r] : c.codes[r]! < 5 && c.name === 'k' ? c.codes[r] : c.dictionary[c.codes[r]!])),
      ),
    ),
    lines: batches.flatMap((b) => [...b.lines]),
    rejects: batches.flatMap((b) => b.rejects.map((r) => [r.line, r.reason, b.raw!.at(r.row)])),
    unseen: batches.reduce((sum, b) => sum + b.unseen.k!, 0),
    raw: batches.flatMap((b) => b.raw!.toArray()),
  });

  async function read(path: string, chunkBytes: number, lineBytes: boolean, csv: CsvParams = AUTO_CSV): Promise<unknown> {
    try {
      const source = await readCsvTable(path, specs, { keepRaw: true, chunkBytes, lineBytes, csv });
      const batches: ToTableResult[] = [];
      for await (const batch of source.batches) batches.push(batch);
      return summary(batches);
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  it('gives exactly what the text route gives, for any file and chunk size (fast-check)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), fc.integer({ min: 3, max: 200 }), fc.boolean(), async (rows, chunkBytes, bom) => {
        const path = join(dir, `f${n++}.csv`);
        writeFileSync(path, `${bom ? '\uFEFF' : ''}${header}\n${rows.join('\n')}\n`);
        expect(await read(path, chunkBytes, true)).toEqual(await read(path, chunkBytes, false));
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('gives exactly what the text route gives with any delimiter, given or sniffed (fast-check)', async () => {
    let n = 0;
    const cells = fc.tuple(fc.nat(999), cell.n, cell.k, cell.f, cell.m);
    await fc.assert(
      fc.asyncProperty(fc.array(cells, { maxLength: 40 }), fc.constantFrom(...DELIMITERS), fc.integer({ min: 3, max: 200 }), fc.boolean(), async (rows, d, chunkBytes, sniff) => {
        const path = join(dir, `d${n++}.csv`);
        writeFileSync(path, `${header.replaceAll(',', d)}\n${rows.map(([id, n, k, f, m]) => [id, k, n, f, m].join(d)).join('\n')}\n`);
        const csv: CsvParams = { ...AUTO_CSV, decimal: '.', delimiter: sniff ? 'auto' : d };
        const bytes = await read(path, chunkBytes, true, csv);
        expect(bytes).toEqual(await read(path, chunkBytes, false, csv));
        if (d !== ',') {
          // The same rows as a comma file read the same (its lines' texts aside).
          const comma = join(dir, `c${n}.csv`);
          writeFileSync(comma, `${header}\n${rows.map(([id, n, k, f, m]) => [id, k, n, f, m].join(',')).join('\n')}\n`);
          const strip = (r: unknown): unknown => (typeof r === 'object' && r !== null && 'rows' in r ? { ...r, raw: undefined, rejects: (r as { rejects: unknown[][] }).rejects.map((x) => x.slice(0, 2)) } : r);
          if (!rows.some((r) => r.some((c) => String(c).includes(',')))) expect(strip(bytes)).toEqual(strip(await read(comma, chunkBytes, true)));
        }
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  it('a file that is not text gets the same message, at the same byte', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `${i},a,${i % 100},p,1`).join('\n');
    const utf8: CsvParams = { ...AUTO_CSV, encoding: 'utf-8' };
    for (const bad of [Buffer.from([0]), Buffer.from([0xff]), Buffer.from([0xc3])]) {
      const path = join(dir, `bad${bad[0]}.csv`);
      writeFileSync(path, Buffer.concat([Buffer.from(`${header}\n${body}\n`), bad, Buffer.from('\n1,a,1,p,1\n')]));
      for (const chunkBytes of [64, 4096]) {
        for (const csv of [utf8, AUTO_CSV]) {
          const bytes = (await read(path, chunkBytes, true, csv)) as { error?: string };
          // auto: a lone byte that is not UTF-8 (and not NUL) is windows-1252 text.
          if (csv === utf8 || bad[0] === 0) expect(bytes.error).toMatch(/is not CSV text \(binary data at byte \d+\)/);
          else expect(bytes.error).toBeUndefined();
          expect(bytes).toEqual(await read(path, chunkBytes, false, csv));
        }
      }
    }
  });

  it('readLines reads only whole lines: bytes that do not end with an LF are left alone', async () => {
    const { TableBuilder } = await import('../../src/data/to-table.js');
    const builder = new TableBuilder(header.split(','), specs, { keepRaw: true });
    expect(builder.readLines(ascii('1,a,5,p,1\n2,b,6,q'), 2)).toEqual({ at: 0, lines: 0 });
    expect(builder.readLines(ascii(''), 2)).toEqual({ at: 0, lines: 0 });
    expect(builder.readLines(ascii('1,a,5,p,1\n\n2,b,6,q,2\n'), 2)).toEqual({ at: 21, lines: 3 });
    expect([...builder.take().lines]).toEqual([2, 4]);
  });

  it('a piece longer than a field may be goes to the scanner, which flags the field', async () => {
    const long = 'x'.repeat((1 << 20) + 10);
    const path = join(dir, 'long.csv');
    writeFileSync(path, `${header}\n1,a,5,p,1\n2,a,5,${long},1\n3,b,6,q,2\n`);
    const viaBytes = (await read(path, 4 << 20, true)) as { rejects: [number, string, string][] };
    expect(viaBytes).toEqual(await read(path, 4 << 20, false));
    expect(viaBytes.rejects.map(([line, reason]) => [line, reason])).toEqual([[3, expect.stringContaining('a field longer than 1048576 characters')]]);
  });
});
