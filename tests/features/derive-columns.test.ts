/**
 * features.derive against the data's columns at params load (src/features/derive-columns.ts):
 * the header and the types known before ingest (declared, or inferred from a file read whole)
 * decide what transform would refuse. Each refusal shows the message a user sees.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivedColumns, derivedInputs, type DeriveRoles, type SourceColumns } from '../../src/features/derive-columns.js';
import { derivedList } from '../../src/features/derive.js';
import { thrownSpmError } from '../helpers/errors.js';

const HEADER = ['student_id', 'gender', 'lunch', 'Quiz1', 'Quiz2', 'Attendance', 'notes', 'Total'];
const ROLES: DeriveRoles = { target: 'Total', id_columns: ['student_id'], drop: ['notes'], types: {} };
/** Inferred from the whole file: gender and lunch are categorical, Quiz1 numeric; Quiz2 and Attendance not known. */
const SOURCE: SourceColumns = {
  header: HEADER,
  types: new Map([['gender', 'categorical'], ['lunch', 'categorical'], ['Quiz1', 'numeric']]),
};

const check = (derive: Record<string, string>, roles: DeriveRoles = ROLES, source: SourceColumns = SOURCE): void =>
  checkDerivedColumns(derivedList(derive), roles, source);
const refusal = (derive: Record<string, string>, roles?: DeriveRoles, source?: SourceColumns) => thrownSpmError(() => check(derive, roles, source));

describe('features.derive checked against the data source at params load', () => {
  it('accepts numeric feature columns, and columns of no known type yet (checked again at transform)', () => {
    expect(() => check({ total: 'Quiz1 + Quiz2', rate: 'Attendance / 100', both: 'if(Quiz1 > 5, Quiz2, 0)' })).not.toThrow();
  });

  it('an unknown column: the caret under it, the nearest feature column, and the columns an expression may use', () => {
    const e = refusal({ ratio: 'Quizz1 / max(Attendance, 1)' });
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe("features.derive.ratio: unknown column 'Quizz1' — did you mean 'Quiz1'? (at character 1)\n    Quizz1 / max(Attendance, 1)\n    ^^^^^^");
    expect(e.hint).toBe('expressions use feature columns (not the target, id or dropped columns): gender, lunch, Quiz1, Quiz2, Attendance');
  });

  it('the caret is at the column inside the expression, not at its start', () => {
    const e = refusal({ x: 'Quiz1 + 2 * Atendance' });
    expect(e.message).toBe("features.derive.x: unknown column 'Atendance' — did you mean 'Attendance'? (at character 13)\n    Quiz1 + 2 * Atendance\n                ^^^^^^^^^");
  });

  it('the target, an id column and a dropped column are no feature columns', () => {
    for (const [name, at] of [['Total', 'Total * 2'], ['student_id', 'student_id + 1'], ['notes', 'notes + 1']] as const) {
      const e = refusal({ x: at });
      expect(e.code).toBe('EXPRESSION_INVALID');
      expect(e.message.split('\n')[0]).toMatch(new RegExp(`^features\\.derive\\.x: unknown column '${name}'`));
    }
  });

  it('a column known to be categorical is refused in arithmetic, with the caret on it', () => {
    const e = refusal({ g: 'Quiz1 + gender' });
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.message).toBe("features.derive.g: column 'gender' is categorical; expressions compute on numeric columns (at character 9)\n    Quiz1 + gender\n            ^^^^^^");
    expect(e.hint).toBe('declare it numeric with data.types if its values are numbers');
    expect(refusal({ l: 'lunch * 2' }).message).toMatch(/^features\.derive\.l: column 'lunch' is categorical/);
  });

  it('data.types decides over inference, as at ingest: declared categorical is refused, declared numeric is accepted', () => {
    const declared = (types: DeriveRoles['types']): DeriveRoles => ({ ...ROLES, types });
    const e = refusal({ q: 'Quiz1 / 2' }, declared({ Quiz1: 'categorical' }));
    expect(e.message).toBe("features.derive.q: column 'Quiz1' is categorical; expressions compute on numeric columns (at character 1)\n    Quiz1 / 2\n    ^^^^^");
    expect(() => check({ l: 'lunch * 2' }, declared({ lunch: 'numeric' }))).not.toThrow();
  });

  it('with no type known (a large file, several files) only the names are checked', () => {
    const headerOnly: SourceColumns = { header: HEADER, types: new Map() };
    expect(() => check({ g: 'gender * 2' }, ROLES, headerOnly)).not.toThrow();
    expect(refusal({ g: 'gendr * 2' }, ROLES, headerOnly).message).toMatch(/^features\.derive\.g: unknown column 'gendr' — did you mean 'gender'\?/);
  });

  it('another derived feature is not a column an expression can read', () => {
    const e = refusal({ a: 'Quiz1 * 2', b: 'a + 1' });
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.message).toBe("features.derive.b: 'a' is a derived feature; an expression reads the data's columns, not other derived features (at character 1)\n    a + 1\n    ^");
    expect(e.hint).toBe('write out the expression of features.derive.a here instead');
  });

  it('a derived name that is a feature column or the target is refused; one that replaces an id or dropped column is not', () => {
    for (const name of ['Quiz1', 'Total']) {
      const e = refusal({ [name]: 'Quiz2 * 2' });
      expect(e.code).toBe('PARAMS_INVALID');
      expect(e.message).toBe(`features.derive.${name}: '${name}' is already a column of the data`);
      expect(e.hint).toBe('give the derived feature a name of its own (e.g. total_quiz)');
    }
    expect(() => check({ notes: 'Quiz2 * 2' })).not.toThrow();
  });

  it('derivedInputs: the columns the definitions read, each once', () => {
    expect(derivedInputs(derivedList({ b: 'Quiz1 + if(gender > 1, Quiz2, Quiz1)', a: 'log1p(Attendance)' }))).toEqual(['Attendance', 'Quiz1', 'gender', 'Quiz2']);
  });
});
