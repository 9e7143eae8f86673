/** Columns of a reference file with no model (drift of two files) and id-like columns (spm init, drift). */
import { describe, expect, it } from 'vitest';
import { findIdColumns, looksLikeIdName } from '../../src/data/id-columns.js';
import { inferTable } from '../../src/data/infer.js';
import { referenceSchema, type ReferenceParams } from '../../src/data/reference-schema.js';
import { recordsToTable } from '../../src/data/to-table.js';
import { INGEST_INFERENCE } from '../../src/pipeline/stages/ingest-plan.js';
import { thrownSpmError } from '../helpers/errors.js';

const text = (header: string[], rows: string[][]) =>
  recordsToTable(header, rows, rows.map((_, i) => i + 2), header.map((name) => ({ name, type: 'categorical' as const }))).table;

// 30 rows: an id, a name (distinct text), a code 0..4, a score, a measurement of distinct decimals.
const rows = Array.from({ length: 30 }, (_, i) => [`S${100 + i}`, `student ${i}`, String(i % 5), String(40 + ((i * 7) % 50)), (i * 1.37).toFixed(2)]);
const header = ['StudentID', 'name', 'Medu', 'score', 'hours'];
const none: ReferenceParams = { types: {}, bounds: {}, id_columns: [], drop: [], target: null };

describe('id-like columns', () => {
  it('are all-distinct columns with an id-like name, or of text; distinct numbers are measurements', () => {
    const table = text(header, rows);
    expect(findIdColumns(table, inferTable(table))).toEqual([
      { name: 'StudentID', reason: 'an id-like name, and its 30 values are all different' },
      { name: 'name', reason: 'text whose 30 values are all different' },
    ]);
  });

  it('id-like names: Student_ID, student id, studentId, ID, uuid; not paid, Idea, grid', () => {
    for (const name of ['Student_ID', 'student id', 'studentId', 'StudentID', 'ID', 'id_number', 'uuid']) expect(looksLikeIdName(name), name).toBe(true);
    for (const name of ['paid', 'Idea', 'grid', 'valid', 'Medu']) expect(looksLikeIdName(name), name).toBe(false);
  });
});

describe('the reference schema', () => {
  it("infers types by ingest's rules, leaves ids out and says why", () => {
    const s = referenceSchema(text(header, rows), { ...none, id_columns: ['student_id'] }, INGEST_INFERENCE, 'old.csv');
    expect(s.columns.map((c) => [c.name, c.type, c.role])).toEqual([['Medu', 'numeric', 'feature'], ['score', 'numeric', 'feature'], ['hours', 'numeric', 'feature']]);
    expect(s.target).toBeNull();
    expect(s.skipped).toEqual([
      { name: 'StudentID', reason: 'an id: an id-like name, and its 30 values are all different' },
      { name: 'name', reason: 'an id: text whose 30 values are all different' },
    ]);
  });

  it('data.types, data.drop and the target of a params file apply; the target comes last', () => {
    const s = referenceSchema(text(header, rows), { ...none, types: { Medu: 'categorical' }, drop: ['hours'], target: 'score' }, INGEST_INFERENCE, 'old.csv');
    expect(s.columns.map((c) => [c.name, c.type, c.role])).toEqual([['Medu', 'categorical', 'feature'], ['score', 'numeric', 'target']]);
    expect(s.columns[0]!.categories).toEqual(['0', '1', '2', '3', '4']);
    expect(s.skipped).toContainEqual({ name: 'hours', reason: 'data.drop' });
  });

  it('a declared column that the reference lacks is refused with the nearest name', () => {
    const e = thrownSpmError(() => referenceSchema(text(header, rows), { ...none, types: { Mdu: 'categorical' } }, INGEST_INFERENCE, 'old.csv'));
    expect(e.code).toBe('PARAMS_INVALID');
    expect(e.message).toBe("data.types: column 'Mdu' is not in old.csv — did you mean 'Medu'?");
  });

  it('a reference of ids only is refused', () => {
    const e = thrownSpmError(() => referenceSchema(text(['StudentID'], rows.map((r) => [r[0]!])), none, INGEST_INFERENCE, 'old.csv'));
    expect(e.code).toBe('NO_FEATURES');
    expect(e.message).toBe('no column of old.csv is left to compare after ids and dropped columns');
  });
});
