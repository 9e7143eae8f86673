/**
 * .xlsx and .parquet read as CSV (src/data/input-bytes.ts and its converters): the same rows
 * give the same CSV text, cells map to CSV text as Excel's / Arrow's CSV export would write
 * them, row numbers are the sheet's, and each file spm cannot read is refused with a message
 * that says what to do. Fixtures are made here with the libraries (tests/helpers/formats.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { readCsvAll } from '../../src/data/csv-source.js';
import { openInputBytes } from '../../src/data/input-bytes.js';
import { inputFormatOf } from '../../src/data/input-format.js';
import { cellCsvText, isDateFormat } from '../../src/data/xlsx-to-csv.js';
import { float32Text } from '../../src/data/parquet-to-csv.js';
import { dateText } from '../../src/data/cell-text.js';
import { createWorkspace, ROOT } from '../helpers/workspace.js';
import { rejectedSpmError, thrownSpmError } from '../helpers/errors.js';
import { csvToParquet, csvToXlsx, writeParquet, writeXlsx } from '../helpers/formats.js';

const ws = createWorkspace();
afterAll(() => ws.cleanup());

async function csvOf(path: string, sheet: string | number | null = null): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openInputBytes(path, { sheet })) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

/** The first 200 records of the embedded dataset: numbers and text, written canonically. */
const SAMPLE = readFileSync(`${ROOT}data/students.csv`, 'utf8').split('\n').slice(0, 201).join('\n') + '\n';

describe('the same rows as CSV, .xlsx and .parquet', () => {
  it('an .xlsx of a CSV reads back as that CSV, byte for byte', async () => {
    await csvToXlsx(ws.path('s.xlsx'), SAMPLE);
    expect(await csvOf(ws.path('s.xlsx'))).toBe(SAMPLE);
  });

  it('a .parquet of a CSV reads back as that CSV, byte for byte, across row groups', async () => {
    csvToParquet(ws.path('s.parquet'), SAMPLE, 64);
    expect(await csvOf(ws.path('s.parquet'))).toBe(SAMPLE);
  });

  it('quotes what CSV must quote (RFC 4180): commas, quotes, line breaks, outer spaces', async () => {
    const rows = [['name', 'note'], ['a,b', 'say "hi"'], ['two\nlines', ' padded ']];
    await writeXlsx(ws.path('q.xlsx'), [{ name: 'q', rows }]);
    const expected = 'name,note\n"a,b","say ""hi"""\n"two\nlines"," padded "\n';
    expect(await csvOf(ws.path('q.xlsx'))).toBe(expected);
    writeParquet(ws.path('q.parquet'), [{ name: 'name', data: ['a,b', 'two\nlines'] }, { name: 'note', data: ['say "hi"', ' padded '] }]);
    expect(await csvOf(ws.path('q.parquet'))).toBe(expected);
  });
});

describe('xlsx cells as CSV text', () => {
  // exceljs' streaming reader reads a formula's cached error (#DIV/0!) as NaN: the cell is empty, a missing value.
  it('numbers, text, booleans, dates, formulas (cached value, an error one as empty) and empty cells', async () => {
    const rows = [
      ['n', 'text', 'flag', 'day', 'formula', 'empty', 'last'],
      [1.5, 'x', true, new Date(Date.UTC(2024, 2, 1)), { formula: 'A2*2', result: 3 }, null, 'z'],
      [-2, 'y', false, new Date(Date.UTC(2024, 2, 1, 8, 30)), { formula: '1/0', result: { error: '#DIV/0!' } }, null, 'z'],
    ];
    await writeXlsx(ws.path('cells.xlsx'), [{ name: 'c', rows, formats: { 4: 'yyyy-mm-dd hh:mm' } }]);
    expect(await csvOf(ws.path('cells.xlsx'))).toBe(
      'n,text,flag,day,formula,empty,last\n1.5,x,TRUE,2024-03-01,3,,z\n-2,y,FALSE,2024-03-01T08:30:00,,,z\n',
    );
  });

  it("a formula's cached date is a date when its cell is formatted as one", () => {
    // 45352 is 2024-03-01 in Excel's 1900 date system.
    expect(cellCsvText({ value: { formula: 'TODAY()', result: 45352 }, numFmt: 'dd/mm/yyyy' })).toBe('2024-03-01');
    expect(cellCsvText({ value: { formula: 'A1+1', result: 45352 }, numFmt: '0.00' })).toBe('45352');
    expect(cellCsvText({ value: { richText: [{ text: 'ab' }, { text: 'c' }] } })).toBe('abc');
    expect(cellCsvText({ value: { error: '#N/A' } })).toBe('#N/A');
    expect(isDateFormat('"Day "0')).toBe(false);
    expect(isDateFormat('[Red]0.00')).toBe(false);
    expect(isDateFormat('mmm d, yyyy')).toBe(true);
  });

  it('dates: YYYY-MM-DD at midnight, else with the time', () => {
    expect(dateText(new Date(Date.UTC(2020, 0, 31)))).toBe('2020-01-31');
    expect(dateText(new Date(Date.UTC(2020, 0, 31, 23, 59, 58, 500)))).toBe('2020-01-31T23:59:58.500');
  });

  it("keeps the sheet's row numbers: empty rows are blank lines, so a reject names the sheet's row", async () => {
    await writeXlsx(ws.path('gaps.xlsx'), [{ name: 'g', rows: [null, ['a', 'b'], [1, 2], null, null, [3, 4, 5]] }]);
    const data = await readCsvAll(ws.path('gaps.xlsx'));
    expect(data.header).toEqual(['a', 'b']);
    expect(data.headerLine).toBe(2);
    expect([...data.lines]).toEqual([3, 6]);
    expect(data.rows[1]).toEqual(['3', '4', '5']); // too many fields: the CSV rule rejects it, at row 6
  });

  it('reads the sheet data.sheet names, by name or 1-based position', async () => {
    await writeXlsx(ws.path('two.xlsx'), [{ name: 'notes', rows: [['read me']] }, { name: 'Students', rows: [['a'], [1]] }]);
    expect(await csvOf(ws.path('two.xlsx'))).toBe('read me\n');
    expect(await csvOf(ws.path('two.xlsx'), 'Students')).toBe('a\n1\n');
    expect(await csvOf(ws.path('two.xlsx'), 2)).toBe('a\n1\n');
  });
});

describe('parquet values as CSV text', () => {
  it('integers, 64-bit integers, float32, booleans, timestamps and nulls', async () => {
    writeParquet(ws.path('types.parquet'), [
      { name: 'i', data: [1, null, -3], type: 'INT32' },
      { name: 'big', data: [1n, 2n, 9007199254740993n], type: 'INT64' },
      { name: 'f', data: [0.1, 2.5, null], type: 'FLOAT' },
      { name: 'b', data: [true, false, null], type: 'BOOLEAN' },
      { name: 't', data: [new Date(Date.UTC(2024, 2, 1)), new Date(Date.UTC(2024, 2, 1, 8, 30)), null], type: 'TIMESTAMP' },
      { name: 'd', data: [1.25, NaN, 3], type: 'DOUBLE' },
    ]);
    expect(await csvOf(ws.path('types.parquet'))).toBe(
      'i,big,f,b,t,d\n1,1,0.1,true,2024-03-01,1.25\n,2,2.5,false,2024-03-01T08:30:00,\n-3,9007199254740993,,,,3\n',
    );
  });

  it('reads gzip and brotli compressed files (snappy is the default above)', async () => {
    const columns = [{ name: 'a', data: [1, 2, 3], type: 'INT32' as const }, { name: 'b', data: ['x', 'y', null], type: 'STRING' as const }];
    writeParquet(ws.path('gzip.parquet'), columns, 1000, { name: 'GZIP', compress: (b) => gzipSync(b) });
    writeParquet(ws.path('brotli.parquet'), columns, 1000, { name: 'BROTLI', compress: (b) => brotliCompressSync(b) });
    expect(await csvOf(ws.path('gzip.parquet'))).toBe('a,b\n1,x\n2,y\n3,\n');
    expect(await csvOf(ws.path('brotli.parquet'))).toBe('a,b\n1,x\n2,y\n3,\n');
  });

  it('float32 values print as their shortest float32 text', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
    expect(float32Text(Math.fround(16777216))).toBe('16777216');
  });
});

describe('refusals, each with what to do', () => {
  it('a legacy .xls file', () => {
    const e = thrownSpmError(() => inputFormatOf('cohort.xls'));
    expect(e.code).toBe('INPUT_UNSUPPORTED');
    expect(e.message).toBe('cohort.xls is a legacy Excel 97-2003 workbook (.xls), which spm does not read');
    expect(e.hint).toContain('save it as .xlsx or CSV');
  });

  it('an .xls workbook renamed .xlsx (an OLE compound file)', async () => {
    writeFileSync(ws.path('old.xlsx'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from('Workbook', 'utf16le')]));
    const e = await rejectedSpmError(csvOf(ws.path('old.xlsx')));
    expect(e.code).toBe('INPUT_UNSUPPORTED');
    expect(e.message).toBe(`${ws.path('old.xlsx')} is a legacy Excel 97-2003 workbook (.xls format) named .xlsx`);
    expect(e.hint).toContain('save it as .xlsx or CSV');
  });

  it('a password-protected workbook (Office wraps it in a compound file holding EncryptionInfo)', async () => {
    // The directory entries an encrypted OOXML file has (MS-OFFCRYPTO 2.3.4.1): EncryptionInfo, EncryptedPackage.
    const entries = ['EncryptionInfo', 'EncryptedPackage'].map((n) => Buffer.from(n, 'utf16le'));
    writeFileSync(ws.path('locked.xlsx'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), ...entries]));
    const e = await rejectedSpmError(csvOf(ws.path('locked.xlsx')));
    expect(e.code).toBe('INPUT_UNSUPPORTED');
    expect(e.message).toBe(`${ws.path('locked.xlsx')} is a password-protected (encrypted) workbook: its cells cannot be read`);
    expect(e.hint).toContain('remove the password');
  });

  it('an .xlsx whose extension lies (CSV text)', async () => {
    writeFileSync(ws.path('fake.xlsx'), 'a,b\n1,2\n');
    const e = await rejectedSpmError(csvOf(ws.path('fake.xlsx')));
    expect(e.code).toBe('INPUT_CORRUPT');
    expect(e.message).toBe(`${ws.path('fake.xlsx')} is not an Excel workbook: an .xlsx file is a zip archive, and this one does not start like one`);
    expect(e.hint).toBe('if it is CSV text, rename it to .csv; otherwise save it again from Excel as .xlsx');
  });

  it('an empty sheet', async () => {
    await writeXlsx(ws.path('empty.xlsx'), [{ name: 'Blank', rows: [] }]);
    const e = await rejectedSpmError(csvOf(ws.path('empty.xlsx')));
    expect(e.code).toBe('CSV_EMPTY');
    expect(e.message).toBe(`sheet 'Blank' of ${ws.path('empty.xlsx')} is empty: expected a header row naming the columns, then the data`);
    expect(e.hint).toContain('data.sheet');
  });

  it('a data.sheet the workbook does not have, by name or number', async () => {
    await writeXlsx(ws.path('named.xlsx'), [{ name: 'A', rows: [['x'], [1]] }, { name: 'B', rows: [['y'], [2]] }]);
    const byName = await rejectedSpmError(csvOf(ws.path('named.xlsx'), 'Students'));
    expect(byName.code).toBe('PARAMS_INVALID');
    expect(byName.message).toBe(`${ws.path('named.xlsx')} has no sheet 'Students' (its sheets: A, B)`);
    expect(byName.hint).toBe('set data.sheet to one of: A, B (a name, or a 1-based position)');
    const byNumber = await rejectedSpmError(csvOf(ws.path('named.xlsx'), 3));
    expect(byNumber.message).toBe(`${ws.path('named.xlsx')} has no sheet number 3 (its sheets: A, B)`);
  });

  it('a Parquet file with nested columns (list, struct)', async () => {
    const writer = new ByteWriter();
    parquetWrite({
      writer,
      columnData: [
        { name: 'id', data: [1, 2] },
        { name: 'tags', data: [['a', 'b'], ['c']] },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
        { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
    });
    writeFileSync(ws.path('nested.parquet'), new Uint8Array(writer.getBuffer()));
    const e = await rejectedSpmError(csvOf(ws.path('nested.parquet')));
    expect(e.code).toBe('INPUT_UNSUPPORTED');
    expect(e.message).toBe(`${ws.path('nested.parquet')} has nested columns (list, struct or map), which have no place in a table of one value per cell: tags`);
    expect(e.hint).toContain('flatten them into plain columns, or drop them');
  });

  it('a .parquet whose extension lies, or that is cut short', async () => {
    writeFileSync(ws.path('fake.parquet'), 'student_id,score\nS1,12\n');
    const e = await rejectedSpmError(csvOf(ws.path('fake.parquet')));
    expect(e.code).toBe('INPUT_CORRUPT');
    expect(e.message).toBe(`${ws.path('fake.parquet')} is not a Parquet file: it does not start and end with the Parquet magic bytes (PAR1)`);
    expect(e.hint).toContain('if it is CSV text, rename it to .csv');
    csvToParquet(ws.path('whole.parquet'), SAMPLE);
    writeFileSync(ws.path('cut.parquet'), readFileSync(ws.path('whole.parquet')).subarray(0, 1000));
    expect((await rejectedSpmError(csvOf(ws.path('cut.parquet')))).code).toBe('INPUT_CORRUPT');
  });

  it('a missing file is the CSV message', async () => {
    const e = await rejectedSpmError(readCsvAll(ws.path('nope.parquet')));
    expect(e.message).toBe(`data file not found: ${ws.path('nope.parquet')}`);
  });
});
