/**
 * The dialect of a file (csv-dialect.ts) and its encoding (csv-decode.ts): what is sniffed, what
 * is given, and every refusal with its message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTO_CSV, decimalCommaNumber, describeDialect, sniffDialect, type CsvParams } from '../../src/data/csv-dialect.js';
import { readCsvAll } from '../../src/data/csv-source.js';
import { commaLine } from '../../src/data/csv-comma-records.js';
import { rejectedSpmError, thrownSpmError } from '../helpers/errors.js';

const sniff = (text: string, given: Partial<CsvParams> = {}, complete = true) => sniffDialect(text, { ...AUTO_CSV, ...given }, 'f.csv', complete);

describe('sniffDialect', () => {
  it('finds the delimiter that keeps the header field count, quote-aware', () => {
    expect(sniff('a,b,c\n1,2,3\n4,5,6\n')).toEqual({ delimiter: ',', decimal: '.' });
    expect(sniff('a;b;c\n1;2;3\n')).toEqual({ delimiter: ';', decimal: '.' });
    expect(sniff('a\tb\n1\t2\n')).toEqual({ delimiter: '\t', decimal: '.' });
    expect(sniff('a|b\n1|2\n')).toEqual({ delimiter: '|', decimal: '.' });
    // Commas inside quoted fields do not count: the semicolon keeps 2 fields, the comma does not.
    expect(sniff('name;city\n"Smith, J";"Paris, FR"\n"Doe, A";Rome\n')).toEqual({ delimiter: ';', decimal: '.' });
    // Text with semicolons in a comma file: the comma wins by consistency.
    expect(sniff('a,b\nx;y,1\nz,2\n')).toEqual({ delimiter: ',', decimal: '.' });
    // One column: nothing splits the header: a comma.
    expect(sniff('score\n1\n2\n')).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('a cut last line of the block does not count (the block is not the whole file)', () => {
    expect(sniff('a;b;c\n1;2;3\n4;5', {}, false)).toEqual({ delimiter: ';', decimal: '.' });
  });

  it('a decimal comma where the delimiter is not a comma and the numbers say so', () => {
    expect(sniff('a;b\n1,5;2\n-0,25;3\n')).toEqual({ delimiter: ';', decimal: ',' });
    expect(sniff('a;b\n1,5;2.5\n')).toEqual({ delimiter: ';', decimal: '.' }); // a point too: not so
    expect(sniff('a;b\nx,y;2\n')).toEqual({ delimiter: ';', decimal: '.' }); // not numbers
    expect(sniff('a;b\n1,5;2\n', { decimal: '.' })).toEqual({ delimiter: ';', decimal: '.' }); // given
    expect(sniff('a,b\n1,5\n', { delimiter: ',' })).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('refuses a header two delimiters split when neither keeps its field count', () => {
    const error = thrownSpmError(() => sniff('a,b;c\n1,2,3;4;5\nx;y;z,w,v\n'));
    expect(error.code).toBe('CSV_BAD_HEADER');
    expect(error.message).toBe("cannot tell the delimiter of f.csv: ',' and ';' each split the header, and neither keeps its field count in the lines after it");
    expect(error.hint).toBe("set data.csv.delimiter (',', ';', tab or '|') in the params file");
  });

  it('decimalCommaNumber reads only whole numbers written with a decimal comma', () => {
    expect(decimalCommaNumber('x;3,5;y', 2, 5)).toBe('3.5');
    expect(decimalCommaNumber('-0,25', 0, 5)).toBe('-0.25');
    expect(decimalCommaNumber(',5', 0, 2)).toBe('.5');
    expect(decimalCommaNumber('1,5,6', 0, 5)).toBeUndefined();
    expect(decimalCommaNumber('a,b', 0, 3)).toBeUndefined();
    expect(decimalCommaNumber('3.5', 0, 3)).toBeUndefined();
  });

  it('commaLine writes a record of any dialect as the comma line spm writes (quoting only where needed)', () => {
    expect(commaLine('a;b;3', ';', '.')).toBe('a,b,3'); // the plain route
    expect(commaLine('Smith, J;3,5;x', ';', ',')).toBe('"Smith, J",3.5,x');
    expect(commaLine('"a;b";" pad";c', ';', '.')).toBe('a;b," pad",c');
    expect(commaLine('a\tb ', '\t', '.')).toBe('a,"b "');
    expect(commaLine('a,"b"', ',', '.')).toBe('a,"b"'); // comma, point: the text itself
  });

  it('describeDialect says it in one line', () => {
    expect(describeDialect({ delimiter: '\t', decimal: ',', encoding: 'utf-16le', bom: true, trimmed: [' age '] })).toBe(
      "delimiter tab, decimal comma, encoding utf-16le (BOM), header names trimmed: ' age '",
    );
  });
});

describe('reading files in any supported encoding and dialect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-dialect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (bytes: Buffer): string => {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, bytes);
    return path;
  };
  const TEXT = 'name;score\r\nZoë;1,5\r\n"Ærø; ""x""";2\r\n';

  it.each([
    ['UTF-8', Buffer.from(TEXT), 'utf-8', false],
    ['UTF-8 with a BOM', Buffer.from(`\ufeff${TEXT}`), 'utf-8', true],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le', true],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]), 'utf-16be', true],
    ['Windows-1252 (not UTF-8: read so, with a warning)', Buffer.from(TEXT, 'latin1'), 'windows-1252', false],
  ] as const)('%s: the same header, rows and decimal points', async (_, bytes, encoding, bom) => {
    for (const chunkBytes of [1, 7, 1 << 20]) {
      const source = await readCsvAll(file(bytes), { chunkBytes });
      expect(source.header).toEqual(['name', 'score']);
      expect(source.rows).toEqual([['Zoë', '1.5'], ['Ærø; "x"', '2']]);
      expect(source.lines).toEqual([2, 3]);
    }
    const { readCsvTable } = await import('../../src/data/csv-source.js');
    const table = await readCsvTable(file(bytes), []);
    for await (const _batch of table.batches);
    expect(table.dialect).toEqual({ delimiter: ';', decimal: ',', encoding, bom, trimmed: [] });
    expect(table.warnings).toEqual(encoding === 'windows-1252' ? [expect.stringMatching(/is not UTF-8 \(byte 14, line 2\): read as Windows-1252; set data.csv.encoding if it is another encoding$/)] : []);
  });

  it('UTF-16: characters beyond the BMP split across chunks are read whole; an unpaired surrogate is not text', async () => {
    const text = 'a,b\n😀,x\n1,2\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const chunkBytes of [1, 3, 5, 1 << 20]) expect((await readCsvAll(file(bytes), { chunkBytes })).rows).toEqual([['😀', 'x'], ['1', '2']]);
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le'), Buffer.from([0x3d, 0xd8]), Buffer.from(',x\n', 'utf16le')]);
    const path = file(lone);
    expect((await rejectedSpmError(readCsvAll(path))).message).toBe(`${path} is not CSV text (binary data at byte 10)`);
  });

  it('the Windows-1252 warning names the line of the first byte that is not UTF-8, from stdin too', async () => {
    const bytes = Buffer.from(`a,b\n${'1,2\n'.repeat(5000)}x,caf\xe9\n`, 'latin1');
    const { readCsvTable } = await import('../../src/data/csv-source.js');
    for (const path of [file(bytes), '-']) {
      const source = await readCsvTable(path, [], { chunkBytes: 1024, stdin: Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]) });
      for await (const _batch of source.batches);
      expect(source.warnings).toEqual([`${path === '-' ? 'stdin' : path} is not UTF-8 (byte ${bytes.indexOf(0xe9)}, line 5002): read as Windows-1252; set data.csv.encoding if it is another encoding`]);
    }
  });

  it('latin1 is ISO-8859-1 (0x80 is a control character), windows-1252 is WHATWG\'s (0x80 is €)', async () => {
    const bytes = Buffer.from('a,b\n\x80,1\n', 'latin1');
    const latin1 = await readCsvAll(file(bytes), { csv: { ...AUTO_CSV, encoding: 'latin1' } });
    const windows = await readCsvAll(file(bytes), { csv: { ...AUTO_CSV, encoding: 'windows-1252' } });
    expect([latin1.rows[0]![0], windows.rows[0]![0]]).toEqual(['\u0080', '€']);
  });

  it('header names are read trimmed (the dialect names those that were not)', async () => {
    const { readCsvTable } = await import('../../src/data/csv-source.js');
    const source = await readCsvTable(file(Buffer.from(' age ,score\n1,2\n')), [{ name: 'age', type: 'numeric' }]);
    expect(source.header).toEqual(['age', 'score']);
    expect(source.dialect.trimmed).toEqual([' age ']);
  });

  it('refuses binary data: NUL bytes, or control bytes in text that is not UTF-8', async () => {
    for (const [bytes, offset] of [
      [Buffer.from('a,b\n1,\x002\n', 'latin1'), 6],
      [Buffer.from('a,b\n1,\xff\x012\n', 'latin1'), 7],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n\0', 'utf16le')]), 10], // UTF-16 with a NUL character
    ] as const) {
      const path = file(bytes);
      const error = await rejectedSpmError(readCsvAll(path));
      expect(error.code).toBe('CSV_NOT_TEXT');
      expect(error.message).toBe(`${path} is not CSV text (binary data at byte ${offset})`);
      expect(error.hint).toBe('spm reads CSV text in UTF-8, UTF-16 (with a BOM), Windows-1252 or Latin-1 (data.csv.encoding): export the data as CSV');
    }
  });

  it('refuses text that is UTF-8 and then not (two encodings in one file), naming the byte', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\né,1\n'), Buffer.from('\xe9,2\n', 'latin1')]);
    const path = file(bytes);
    expect((await rejectedSpmError(readCsvAll(path, { chunkBytes: 4 }))).message).toBe(`${path} is not CSV text (binary data at byte ${bytes.lastIndexOf(0xe9)})`);
  });

  it('refuses a first line of numbers unless data.csv.header is true', async () => {
    const path = file(Buffer.from('1,2\n3,4\n'));
    const error = await rejectedSpmError(readCsvAll(path));
    expect(error.code).toBe('CSV_BAD_HEADER');
    expect(error.message).toBe(`the first line of ${path} looks like data (1, 2), not column names`);
    expect(error.hint).toBe('spm needs a first line naming the columns: add one (or set data.csv.header: true if these are the names)');
    expect((await readCsvAll(path, { csv: { ...AUTO_CSV, header: true } })).header).toEqual(['1', '2']);
  });
});
