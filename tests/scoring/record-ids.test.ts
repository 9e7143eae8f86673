/**
 * record-ids.ts: the ids of a chunk's records as the comma CSV text recorded predictions start
 * with. Records held as ASCII bytes (predict's parse worker) take the byte route, records held
 * as text (stdin, UTF-16, a line with a non-ASCII character) the text route: both must give the
 * same text, as the recorded predictions of one input must not depend on how it was read.
 */
import { describe, expect, it } from 'vitest';
import { RawRecords } from '../../src/data/raw-records.js';
import { idColumnIndexes, recordIds, type RecordIds } from '../../src/scoring/record-ids.js';

/** The records of `lines`, each held as bytes of one shared text (as the worker reads them), or as text. */
function records(lines: readonly string[], as: 'bytes' | 'text'): RawRecords {
  const joined = lines.join('\n');
  const text = as === 'bytes' ? Buffer.from(joined, 'latin1') : joined;
  const raw = new RawRecords();
  let start = 0;
  for (const line of lines) {
    raw.push(text, start, start + line.length);
    start += line.length + 1;
  }
  return raw;
}

/** Each record's id text, '' for a record that is not recorded. */
function texts(ids: RecordIds): string[] {
  return Array.from(ids.end, (end, i) => Buffer.from(ids.text.subarray(i ? ids.end[i - 1]! : 0, end)).toString('utf8'));
}

describe('recordIds', () => {
  const comma = [
    'S1,female,70', // plain
    ',male,60', // empty id: not recorded
    '"S,3",female,55', // quoted, holding a comma: stays quoted
    '"S""4",male,65', // quoted, holding a quote
    '  S5  ,female,50', // outer spaces: trimmed
    'S6,female,80\r', // CRLF line end (the id is not the last field, so untouched)
    '"",male,40', // a quoted empty id: not recorded
  ];
  const expected = ['S1', '', '"S,3"', '"S""4"', 'S5', 'S6', ''];

  it.each(['bytes', 'text'] as const)('comma records held as %s: each id as a CSV field, empty ids left out', (as) => {
    const ids = recordIds(records(comma, as), [0], ',');
    expect(texts(ids)).toEqual(expected);
    expect(ids.columns).toEqual([0]);
  });

  it.each(['bytes', 'text'] as const)('semicolon records held as %s: an id holding a comma is quoted for the comma CSV', (as) => {
    const ids = recordIds(records(['A,1;x;1', 'B2;y;2', '"C;3";z;3'], as), [0], ';');
    expect(texts(ids)).toEqual(['"A,1"', 'B2', 'C;3']);
  });

  it.each(['bytes', 'text'] as const)('several id columns (held as %s), in the order asked, joined by commas; one empty id leaves the record out', (as) => {
    const ids = recordIds(records(['7,x,K1,9', '8,y,,9', '9,z,"K,3"'], as), [2, 0], ',');
    expect(texts(ids)).toEqual(['K1,7', '', '"K,3",9']);
  });

  it('an id field past the end of a ragged record is empty: not recorded', () => {
    expect(texts(recordIds(records(['S1', 'S2,a'], 'bytes'), [1], ','))).toEqual(['', 'a']);
  });

  it('non-ASCII ids (records held as text) are written as UTF-8', () => {
    expect(texts(recordIds(records(['Zoë,1', 'Ünal,2'], 'text'), [0], ','))).toEqual(['Zoë', 'Ünal']);
  });

  it('the text is a buffer of its own, of the bytes used (not a view of a larger scratch buffer)', () => {
    const ids = recordIds(records(comma, 'bytes'), [0], ',');
    expect(ids.text.byteOffset).toBe(0);
    expect(ids.text.buffer.byteLength).toBe(ids.end.at(-1));
  });
});

describe('idColumnIndexes', () => {
  it('the indexes in the order of the names; none when the header lacks one of them', () => {
    expect(idColumnIndexes(['b', 'a'], ['a', 'x', 'b'])).toEqual([2, 0]);
    expect(idColumnIndexes(['b', 'c'], ['a', 'x', 'b'])).toEqual([]);
    expect(idColumnIndexes([], ['a'])).toEqual([]);
  });
});
