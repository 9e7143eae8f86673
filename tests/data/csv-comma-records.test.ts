/**
 * commaRecords (csv-comma-records.ts): records of any dialect as the comma lines spm writes.
 * The reference is commaLine, record by record (csv-parse.ts, tested on its own in
 * csv-dialect.test.ts): whatever a text holds (quotes, commas, padded fields, decimal commas,
 * non-ASCII letters, records cut at a text's edges), as a string or as ASCII bytes, every line
 * must be the one commaLine writes for that record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commaRecords, isCommaDialect } from '../../src/data/csv-comma-records.js';
import { commaLine } from '../../src/data/csv-parse.js';
import type { DecimalMark } from '../../src/data/csv-dialect.js';
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

function expectLikeCommaLine(raw: RawRecords, delimiter: string, decimal: DecimalMark): void {
  const out = commaRecords(raw, { delimiter, decimal });
  expect(out.length).toBe(raw.length);
  for (let r = 0; r < raw.length; r++) expect(out.at(r), `record ${r}: ${JSON.stringify(raw.at(r))}`).toBe(commaLine(raw.at(r), delimiter, decimal));
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
    for (const text of [' a;b\nc;d\ne;f ', 'a;b\nc;d\ne;f']) {
      const raw = new RawRecords();
      raw.push(text, 0, 4);
      raw.push(text, 5, 8);
      raw.push(text, 9, text.length);
      expectLikeCommaLine(raw, ';', '.');
      const bytes = new RawRecords();
      bytes.push(ascii(text), 0, 4);
      bytes.push(ascii(text), 5, 8);
      bytes.push(ascii(text), 9, text.length);
      expectLikeCommaLine(bytes, ';', '.');
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

  it('equals commaLine on every record, texts as strings and as bytes, any dialect (fast-check)', () => {
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
