/**
 * commaRecords (csv-comma-records.ts): records of any dialect as the comma lines spm writes.
 * The reference is the long way, record by record: parse the record in its dialect
 * (recordFields) and write its fields as CSV (formatCsvRow). Whatever a text holds (quotes,
 * commas, padded fields, decimal commas, non-ASCII letters, records cut at a text's edges), as a
 * string or as ASCII bytes, every line must be that one; commaLine, the one-record route, too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commaLine, commaRecords, isCommaDialect } from '../../src/data/csv-comma-records.js';
import type { DecimalMark } from '../../src/data/csv-dialect.js';
import { recordFields } from '../../src/data/csv-parse.js';
import { formatCsvRow } from '../../src/data/csv-write.js';
import { RawRecords } from '../../src/data/raw-records.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Records laid out as a reader lays them in a chunk: joined by line breaks, with blank lines and text before and after. */
function chunkOf(records: readonly string[], breaks: readonly string[], before: string, after: string): { text: string; ranges: [number, number][] } {
  let text = before;
  const ranges: [number, number][] = [];
  records.forEach((record, i) => {
    ranges.push([text.length, text.length + record.length]);
    text += record + (i < records.length - 1 || after !== '' ? breaks[i % breaks.length]! : '');
  });
  return { text: text + after, ranges };
}

/** The record parsed in its dialect and written again; a record of the comma dialect is its own line. */
const longWay = (text: string, delimiter: string, decimal: DecimalMark): string =>
  delimiter === ',' && decimal === '.' ? text : formatCsvRow(recordFields(text, delimiter, decimal), { spreadsheetSafe: false });

function expectLikeCommaLine(raw: RawRecords, delimiter: string, decimal: DecimalMark): void {
  const out = commaRecords(raw, { delimiter, decimal });
  expect(out.length).toBe(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const expected = longWay(raw.at(r), delimiter, decimal);
    expect(out.at(r), `record ${r}: ${JSON.stringify(raw.at(r))}`).toBe(expected);
    expect(commaLine(raw.at(r), delimiter, decimal)).toBe(expected);
  }
}

describe('commaRecords', () => {
  it('gives the comma dialect its own records back (nothing to write again)', () => {
    const raw = new RawRecords();
    raw.push('a,b\n1,2\n', 4, 7);
    expect(commaRecords(raw, { delimiter: ',', decimal: '.' })).toBe(raw);
    expect(isCommaDialect({ delimiter: ',', decimal: '.' })).toBe(true);
    expect(isCommaDialect({ delimiter: ',', decimal: ',' })).toBe(false);
  });

  it('replaces the delimiters of a plain text at once, keeping every range; a text with a comma, quote or padded field goes record by record', () => {
    const plain = 'x\na;b;1.5\nc;d;2\ny';
    const raw = new RawRecords();
    raw.push(plain, 2, 9);
    raw.push(plain, 10, 15);
    const out = commaRecords(raw, { delimiter: ';', decimal: '.' });
    expect(out.toArray()).toEqual(['a,b,1.5', 'c,d,2']);
    expect(out.texts).toHaveLength(1); // one text for both records: no string per record
    for (const [text, lines] of [
      ['x\nSmith, J;3\ny', ['"Smith, J",3']],
      ['x\n"a;b";c\ny', ['a;b,c']],
      ['x\na ;b\ny', ['"a ",b']],
      ['x\na; b\ny', ['a," b"']],
    ] as const) {
      const r = new RawRecords();
      r.push(text, 2, text.length - 2);
      expect(commaRecords(r, { delimiter: ';', decimal: '.' }).toArray(), text).toEqual(lines);
    }
  });

  it('writes a record at a text\'s very start or end on its own (a chunk may be cut inside a padded field)', () => {
    for (const records of [[' a;b', 'c;d', 'e;f '], ['a;b', 'c;d', 'e;f']]) {
      const { text, ranges } = chunkOf(records, ['\n'], '', '');
      const asText = new RawRecords();
      const asBytes = new RawRecords();
      const bytes = ascii(text);
      for (const [start, end] of ranges) {
        asText.push(text, start, end);
        asBytes.push(bytes, start, end);
      }
      expect(commaRecords(asText, { delimiter: ';', decimal: '.' }).toArray()).toEqual(records.map((r) => longWay(r, ';', '.')));
      expectLikeCommaLine(asText, ';', '.');
      expectLikeCommaLine(asBytes, ';', '.');
    }
  });

  it('leaves the bytes it was given as they were (predict reports rejected records as read)', () => {
    const bytes = ascii('x\na;b\nc;d\ny');
    const raw = new RawRecords();
    raw.push(bytes, 2, 5);
    raw.push(bytes, 6, 9);
    expect(commaRecords(raw, { delimiter: ';', decimal: '.' }).toArray()).toEqual(['a,b', 'c,d']);
    expect(raw.toArray()).toEqual(['a;b', 'c;d']);
  });

  it('equals the record parsed and written again, texts as strings and as bytes, any dialect, texts as strings and as bytes, any dialect (fast-check)', () => {
    const cell = fc.array(fc.constantFrom('a', 'b', '1', '2', '.', ',', ' ', '"', ';', '\t', '|', 'é', '-', '='), { maxLength: 6 }).map((cs) => cs.join(''));
    const records = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.constantFrom(';', '\t', '|', ','),
        fc.constantFrom<DecimalMark>('.', ','),
        records,
        fc.constantFrom('', 'x\n', ' \n'),
        fc.array(fc.constantFrom('\n', '\r\n', '\n\n'), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', 'tail', ' '),
        (delimiter, decimal, cells, before, breaks, after) => {
          const { text, ranges } = chunkOf(cells.map((r) => r.join(delimiter)), breaks, before, after);
          const asText = new RawRecords();
          for (const [s, e] of ranges) asText.push(text, s, e);
          expectLikeCommaLine(asText, delimiter, decimal);
          if (!/[^\x00-\x7f]/.test(text)) {
            const asBytes = new RawRecords();
            const bytes = ascii(text);
            for (const [s, e] of ranges) asBytes.push(bytes, s, e);
            expectLikeCommaLine(asBytes, delimiter, decimal);
          }
        },
      ),
      { seed: 17, numRuns: 3000 },
    );
  });
});
