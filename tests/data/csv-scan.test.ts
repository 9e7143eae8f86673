/**
 * The one scanner (csv-scan.ts) over UTF-8 bytes, with the one table builder: against a tiny
 * reference parser written here (RFC 4180 on a JS string, obviously right for well-formed text),
 * and against itself across every encoding, delimiter and chunk size (malformed text too). The
 * byte-level helpers it uses (parseNumberBytes, TextIndex.findBytes, fieldAutomaton, decodeText)
 * against their text counterparts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_CSV, DELIMITERS, type CsvParams } from '../../src/data/csv-dialect.js';
import { decodeText } from '../../src/data/csv-decode.js';
import { fieldAutomaton, TextIndex } from '../../src/data/csv-dictionary.js';
import { readCsvTable } from '../../src/data/csv-source.js';
import { parseNumberBytes, parseNumberRange } from '../../src/data/infer.js';
import { recordsToTable, type ColumnSpec, type ToTableResult } from '../../src/data/to-table.js';
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

  it('reads UTF-8 bytes as parseNumberRange reads their text (no-break spaces trimmed, other characters not numbers)', () => {
    for (const text of ['\u00a07\u00a0', '\u20037', '٣', '1é', '\ufeff5', 'é']) {
      const b = Buffer.from(`#${text}#`);
      expect(Object.is(parseNumberBytes(b, 1, b.length - 1), parseNumberRange(text, 0, text.length)), text).toBe(true);
    }
  });
});

describe('TextIndex.findBytes and fieldAutomaton', () => {
  const value = fc.oneof(
    fc.constantFrom('a', 'ab', 'abc', 'group A', 'group B', '', 'b,c', 'é', 'e\u0301', '\u{1F641}', 'naïve', 'none', 'some high school', 'some college'),
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
          if (/[,\n\r"]/.test(field) || /[\ud800-\udfff]/.test(field.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) continue; // an unquoted field of valid text
          const line = Buffer.from(`${field},`);
          const length = line.length - 1;
          expect(index.findBytes(line, 0, length)).toBe(index.find(field, 0, field.length));
          // The automaton reads to the comma and knows the fixed values only (first code of a repeat).
          let state = 1;
          let i = 0;
          while ((state = automaton![(state << 8) | line[i]!]!) > 0) i++;
          expect(i).toBe(length);
          const first = fixed.indexOf(field);
          expect(state === 0 ? -1 : -state - 1).toBe(first);
        }
      }),
      { seed: 5, numRuns: 3000 },
    );
  });

  it('a value with characters past U+FFFF is read as its UTF-8 bytes, never mistaken for another (a large automaton)', () => {
    // Found by review: a filter by code points let the emoji through, and its UTF-16 units wrote
    // transitions of other states, so an ASCII field not in the dictionary got the emoji's code.
    const a = 'a'.repeat(215);
    const fixed = [a, `${a}=bcdeAZ`, '\u{1F641}'];
    const automaton = fieldAutomaton(fixed)!;
    const index = new TextIndex(fixed);
    for (const field of [a, `${a}=bcdeA`, `${a}=bcdeAZ`, `${a}=`, '\u{1F641}', '\u{1F642}']) {
      const line = Buffer.from(`${field},`);
      let state = 1;
      let i = 0;
      while ((state = automaton[(state << 8) | line[i]!]!) > 0) i++;
      expect(state === 0 ? -1 : -state - 1, field.slice(-8)).toBe(index.find(field, 0, field.length));
    }
  });

  it('findBytes works past the sampled hash (a long list of values hashes every byte)', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 2 ? `id${i}` : `íd${i}`));
    const index = new TextIndex(values);
    for (const v of ['íd0', 'id299', 'id300', 'id', 'íd298', 'id298']) expect(index.findBytes(Buffer.from(v), 0, Buffer.byteLength(v))).toBe(index.find(v, 0, v.length));
  });

  it('the automaton stops at a quote or CR as at the delimiter: the scanner reads such a field itself', () => {
    const automaton = fieldAutomaton(['a', 'b"c'])!;
    const stop = (text: string): [number, number] => {
      const b = Buffer.from(text);
      let state = 1;
      let i = 0;
      while ((state = automaton[(state << 8) | b[i]!]!) > 0) i++;
      return [i, state];
    };
    expect(stop('a,')).toEqual([1, -1]);
    expect(stop('a\r')).toEqual([1, -1]); // a CRLF or lone CR line end
    expect(stop('a"x,')).toEqual([1, 0]);
    expect(stop('b"c,')).toEqual([1, 0]); // left out: never an unquoted field
  });

  it('no automaton for a dictionary that needs too many states', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `value number ${i}`);
    expect(fieldAutomaton(values)).toBeUndefined();
  });
});


/** Every encoding spm reads, as the bytes a file in it holds (the text must be encodable). */
const ENCODE: Record<string, (text: string) => Buffer> = {
  'utf-8': (t) => Buffer.from(t),
  'utf-8 BOM': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
  'utf-16le': (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'utf-16be': (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
  latin1: (t) => Buffer.from(t, 'latin1'),
};

describe('decodeText', () => {
  async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
  }

  it('gives the text as UTF-8 bytes from every encoding and chunk size, each chunk whole characters (fast-check)', async () => {
    const char = fc.constantFrom('a', ',', ';', '\n', '\r', '"', 'é', 'ÿ', '€', '\u{1F641}', '\u00a0', '1');
    await fc.assert(
      fc.asyncProperty(fc.array(char, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 17 }), fc.constantFrom(...Object.keys(ENCODE)), async (chars, size, name) => {
        let text = `h${chars.join('')}`;
        if (name === 'latin1') text = text.replace(/[^\x00-\xff]/gu, '?');
        const encoding = name === 'latin1' ? 'latin1' : 'auto';
        const out: Buffer[] = [];
        for await (const chunk of decodeText(chunksOf(ENCODE[name]!(text), size), 'f.csv', 0, { encoding })) {
          expect(Buffer.from(chunk).toString('utf8')).not.toContain('\ufffd'); // no character cut in two
          out.push(Buffer.from(chunk));
        }
        expect(Buffer.concat(out).toString('utf8')).toBe(name === 'utf-8 BOM' ? `\ufeff${text}` : text); // a UTF-8 BOM is the scanner's to drop
      }),
      { seed: 3, numRuns: 600 },
    );
  });
});

/**
 * The reference: RFC 4180 read the obvious way, on a JS string, for well-formed text only —
 * records (blank lines skipped, counted), each with its first line and its source text.
 */
function reference(text: string, d: string): { rows: string[][]; lines: number[]; raw: string[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const raw: string[] = [];
  let i = text.startsWith('\ufeff') ? 1 : 0;
  let line = 1;
  const lineEnd = (): void => {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
  };
  while (i < text.length) {
    if (text[i] === '\n' || text[i] === '\r') {
      lineEnd();
      continue;
    }
    const start = i;
    const first = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (text[i] === '"' && text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (text[i] === '"') {
            i++;
            break;
          } else {
            if (text[i] === '\r' || (text[i] === '\n' && text[i - 1] !== '\r')) line++;
            value += text[i++];
          }
        }
      } else {
        while (i < text.length && text[i] !== d && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      }
      fields.push(value);
      if (text[i] === d) {
        i++;
        continue;
      }
      break;
    }
    rows.push(fields);
    lines.push(first);
    raw.push(text.slice(start, i));
    if (i < text.length) lineEnd();
  }
  return { rows, lines, raw };
}

describe('readCsvTable: the one scanner and table builder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const specs: ColumnSpec[] = [
    { name: 'n', type: 'numeric', bounds: [0, 100] },
    { name: 'k', type: 'categorical', dictionary: ['a', 'b', 'a', 'group A', 'é', '\u{1F641}'] },
    { name: 'f', type: 'categorical' },
    { name: 'm', type: 'numeric' },
  ];
  const cell = {
    n: fc.constantFrom('1', '55.5', '-3', '101', '', 'NA', 'x', ' 7', '1e2', '00', '"5"'),
    k: fc.constantFrom('a', 'b', 'group A', 'group B', 'é', '\u{1F641}', 'ü', '', 'c', 'NA', ' a', '"a"', '"b,c"', '"b;c"', '"é""x"'),
    f: fc.constantFrom('p', 'q', 'new', '', '"quoted\nbreak"', '"cr\r\nlf"', 'ü', '€', '"\u{1F641}\n"'),
    m: fc.constantFrom('0', '2.25', '', '-1', 'abc'),
  };
  const row = fc.tuple(fc.nat(999), cell.n, cell.k, cell.f, cell.m).map(([id, n, k, f, m]) => [String(id), k, n, f, m]);
  const header = ['id', 'k', 'n', 'f', 'm'];

  /** Everything the batches say, joined (chunk sizes batch differently). */
  const summary = (batches: ToTableResult[]): unknown => ({
    rows: batches.flatMap((b) =>
      Array.from({ length: b.table.rowCount }, (_, r) =>
        b.table.columns.map((c) => (c.kind === 'numeric' ? c.values[r] : c.codes[r]! < 0 ? c.codes[r] : c.codes[r]! < 6 && c.name === 'k' ? c.codes[r] : c.dictionary[c.codes[r]!])),
      ),
    ),
    lines: batches.flatMap((b) => [...b.lines]),
    rejects: batches.flatMap((b) => b.rejects.map((r) => [r.line, r.reason, b.raw?.at(r.row)])),
    unseen: batches.reduce((sum, b) => sum + b.unseen.k!, 0),
    raw: batches.flatMap((b) => b.raw?.toArray() ?? []),
  });

  async function read(path: string, chunkBytes: number, csv: CsvParams = AUTO_CSV): Promise<unknown> {
    try {
      const source = await readCsvTable(path, specs, { keepRaw: true, chunkBytes, csv });
      const batches: ToTableResult[] = [];
      for await (const batch of source.batches) batches.push(batch);
      return summary(batches);
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  /** A record of fields in delimiter d (fields quoted by the generator stay so; a field holding d is quoted). */
  const join_ = (fields: readonly string[], d: string): string => fields.map((f) => (!f.startsWith('"') && f.includes(d) ? `"${f}"` : f)).join(d);

  it('gives what the reference parser and recordsToTable give, for every delimiter, encoding, line end and chunk size (fast-check)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 9, arbitrary: row }, { weight: 1, arbitrary: fc.constant([] as string[]) }), { maxLength: 40 }),
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom(...Object.keys(ENCODE)),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 3, max: 200 }),
        fc.boolean(),
        async (rows, d, encoding, eol, chunkBytes, finalEol) => {
          const body = rows.map((r) => join_(r, d));
          const text = `${header.join(d)}${eol}${body.join(eol)}${finalEol ? eol : ''}`;
          const bytes = ENCODE[encoding]!(encoding === 'latin1' ? text.replace(/[^\x00-\xff]/gu, '?') : text);
          const path = join(dir, `r${n++}.csv`);
          writeFileSync(path, bytes);
          const csv: CsvParams = { ...AUTO_CSV, delimiter: d, decimal: '.', ...(encoding === 'latin1' ? { encoding: 'latin1' } : {}) };
          const got = await read(path, chunkBytes, csv);
          const ref = reference(encoding === 'latin1' ? text.replace(/[^\x00-\xff]/gu, '?') : text, d);
          const expected = recordsToTable(ref.rows[0]!, ref.rows.slice(1), ref.lines.slice(1), specs);
          const rawOf = ref.raw.slice(1);
          expect(got).toEqual({ ...(summary([{ ...expected, raw: undefined }]) as object), rejects: expected.rejects.map((r) => [r.line, r.reason, rawOf[r.row]]), raw: rawOf });
        },
      ),
      { seed: 17, numRuns: 300 },
    );
  });

  it('malformed text too: every encoding, chunk size and BOM gives what UTF-8 in one chunk gives (fast-check)', async () => {
    let n = 0;
    const odd = fc.constantFrom('', '1,a', '1,a,2,p,3,extra', '=1+1,a,5,p,1', ' , , , , ', 'x,a,1,p,1\r', '1,"open,5,p,1', '2,a"b,5,p,1', '3,"a"x,5,p,1', '4,é,5,"ü\n', '"');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 4, arbitrary: row.map((r) => r.join(',')) }, { weight: 2, arbitrary: odd }), { maxLength: 40 }), fc.constantFrom(...Object.keys(ENCODE)), fc.integer({ min: 3, max: 200 }), async (rows, encoding, chunkBytes) => {
        const text = `${header.join(',')}\n${rows.join('\n')}\n`.replace(encoding === 'latin1' ? /[^\x00-\xff]/gu : /$^/, '?');
        const one = join(dir, `m${n}.csv`);
        const other = join(dir, `m${n++}.${encoding}.csv`);
        writeFileSync(one, text);
        writeFileSync(other, ENCODE[encoding]!(text));
        const csv: CsvParams = { ...AUTO_CSV, delimiter: ',', decimal: '.', ...(encoding === 'latin1' ? { encoding: 'latin1' } : {}) };
        expect(await read(other, chunkBytes, csv)).toEqual(await read(one, 1 << 20, { ...AUTO_CSV, delimiter: ',', decimal: '.' }));
      }),
      { seed: 18, numRuns: 300 },
    );
  });

  it('a file that is not text gets its message at the byte of the problem, whatever the chunk size', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `${i},a,${i % 100},p,1`).join('\n');
    const utf8: CsvParams = { ...AUTO_CSV, encoding: 'utf-8' };
    const at = Buffer.byteLength(`${header.join(',')}\n${body}\n`);
    for (const bad of [Buffer.from([0]), Buffer.from([0xff]), Buffer.from([0xc3])]) {
      const path = join(dir, `bad${bad[0]}.csv`);
      writeFileSync(path, Buffer.concat([Buffer.from(`${header.join(',')}\n${body}\n`), bad, Buffer.from('\n1,a,1,p,1\n')]));
      for (const chunkBytes of [64, 4096]) {
        for (const csv of [utf8, AUTO_CSV]) {
          const got = (await read(path, chunkBytes, csv)) as { error?: string; raw?: string[] };
          // auto: a lone byte that is not UTF-8 (and not NUL) is windows-1252 text.
          if (csv === utf8 || bad[0] === 0) expect(got.error).toBe(`${path} is not CSV text (binary data at byte ${at})`);
          else expect(got.raw?.at(-2)).toBe(Buffer.from(bad).toString('latin1').replace('\xff', 'ÿ').replace('\xc3', 'Ã'));
        }
      }
    }
  });

  it('a field longer than MAX_FIELD_CHARS characters is cut there and flags its record, counting characters, not bytes', async () => {
    const chars = (1 << 20) + 10;
    for (const [name, unit] of [['ascii', 'x'], ['two-byte', 'é']] as const) {
      const path = join(dir, `long-${name}.csv`);
      writeFileSync(path, `${header.join(',')}\n1,a,5,p,1\n2,a,5,${unit.repeat(chars)},1\n3,b,6,q,2\n4,b,6,${'é'.repeat((1 << 20) - 1)},2\n`);
      const got = (await read(path, 1 << 16)) as { rejects: [number, string, string][]; lines: number[] };
      expect(got.rejects.map(([line, reason]) => [line, reason])).toEqual([[3, expect.stringContaining('a field longer than 1048576 characters')]]);
      expect(got.lines).toEqual([2, 4, 5]); // a field of 1048575 two-byte characters (over 1 MiB of bytes) is kept
    }
  });
});
