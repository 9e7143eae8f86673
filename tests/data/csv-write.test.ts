import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../../src/data/csv-parse.js';
import { formatCsvField, formatCsvRow, formatNumber, isFormulaLike } from '../../src/data/csv-write.js';

describe('formatCsvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['in side', 'in side'],
    ['日本', '日本'],
  ])('%j → %s', (text, expected) => {
    expect(formatCsvField(text)).toBe(expected);
  });

  it.each([
    ['=SUM(A1)', `"'=SUM(A1)"`],
    ['+1 bad', `"'+1 bad"`],
    ['-x', `"'-x"`],
    ['-', `"'-"`],
    ['@me', `"'@me"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['=1+"2"', `"'=1+""2"""`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['-Infinity', `"'-Infinity"`],
  ])('spreadsheet-safe: %j is written as text %s', (text, expected) => {
    expect(isFormulaLike(text)).toBe(true);
    expect(formatCsvField(text)).toBe(expected);
  });

  it.each(['-3.5', '+2', '-1e5', '-0', '+.5'])('a number such as %j stays as it is', (text) => {
    expect(isFormulaLike(text)).toBe(false);
    expect(formatCsvField(text)).toBe(text);
  });

  it('can leave formula-like text alone', () => {
    expect(formatCsvField('=SUM(A1)', { spreadsheetSafe: false })).toBe('=SUM(A1)');
    expect(formatCsvField('-x,y', { spreadsheetSafe: false })).toBe('"-x,y"');
  });
});

describe('formatCsvRow', () => {
  it('joins the formatted fields', () => {
    expect(formatCsvRow(['1', 'a,b', '', '=1', '-2'])).toBe(`1,"a,b",,"'=1",-2`);
    expect(formatCsvRow([])).toBe('');
  });

  it('writes a lone empty field as "" so that the record is not a blank line', () => {
    expect(formatCsvRow([''])).toBe('""');
    expect(parseCsv(`h\n${formatCsvRow([''])}\n`).rows).toEqual([['']]);
  });

  const anyField = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.array(fc.constantFrom('a', ' ', ',', '"', '\n', '\r\n', '\r', '=', '-', '+', '@', '\t', '1', '.', '日'), { maxLength: 6 }).map((p) => p.join('')),
  );

  it('round trip: parseCsv(formatCsvRow(fields)) gives the fields back (fast-check)', () => {
    fc.assert(
      // Rows of the header's width: a record over several lines of another width is read again line by line.
      fc.property(fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(anyField, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 5 })), (rows) => {
        const text = [rows[0]!.map((_, i) => `h${i}`).join(','), ...rows.map((r) => formatCsvRow(r, { spreadsheetSafe: false }))].join('\n');
        expect(parseCsv(text).rows).toEqual(rows);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('round trip with spreadsheet safety: formula-like fields come back with a leading quote', () => {
    fc.assert(
      fc.property(fc.array(anyField, { minLength: 1, maxLength: 6 }), (fields) => {
        const parsed = parseCsv(`${fields.map((_, i) => `h${i}`).join(',')}\n${formatCsvRow(fields)}\r\n`);
        expect(parsed.rows).toEqual([fields.map((f) => (isFormulaLike(f) ? `'${f}` : f))]);
        expect(parsed.malformed.size).toBe(0);
      }),
      { seed: 6, numRuns: 300 },
    );
  });
});

describe('formatNumber', () => {
  it('writes the shortest round-trip form, NaN as empty', () => {
    expect([1.5, 0.1 + 0.2, -3, 1e21, 5e-7, NaN, -0].map(formatNumber)).toEqual([
      '1.5',
      '0.30000000000000004',
      '-3',
      '1e+21',
      '5e-7',
      '',
      '0',
    ]);
  });
});

