import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { checkExpression, columnsOf, type ColumnTypes } from '../../src/features/expression/check.js';
import { evaluateExpression } from '../../src/features/expression/evaluate.js';
import { parseExpression } from '../../src/features/expression/parse.js';
import { thrownSpmError } from '../helpers/errors.js';

const WHERE = 'features.derive.x';

/** Column types of a test: every name numeric except those listed as categorical. */
const typesOf = (numeric: string[], categorical: string[] = []): ColumnTypes => ({
  typeOf: (name) => (numeric.includes(name) ? 'numeric' : categorical.includes(name) ? 'categorical' : undefined),
  names: [...numeric, ...categorical],
});

/** The expression's value per row over the given columns (null: missing). */
function run(source: string, columns: Record<string, (number | null)[]> = {}): (number | null)[] {
  const names = Object.keys(columns);
  const expr = checkExpression(parseExpression(source, WHERE), source, WHERE, typesOf(names));
  const rows = names.length ? columns[names[0]!]!.length : 1;
  const values = (name: string) => Float64Array.from(columns[name]!, (v) => (v === null ? Number.NaN : v));
  return Array.from(evaluateExpression(expr, values, rows), (v) => (Number.isNaN(v) ? null : v));
}

const one = (source: string): number | null => run(source)[0]!;

/** The message a user sees for an expression refused against `types` (null: at params load). */
const refusal = (source: string, types: ColumnTypes | null = null): SpmError =>
  thrownSpmError(() => checkExpression(parseExpression(source, WHERE), source, WHERE, types));

describe('derived-feature expressions: precedence and associativity', () => {
  it('* and / bind tighter than + and -, parentheses group, unary minus binds tightest', () => {
    expect(one('1 + 2 * 3')).toBe(7);
    expect(one('(1 + 2) * 3')).toBe(9);
    expect(one('2 * 3 + 4 * 5')).toBe(26);
    expect(one('-2 * 3')).toBe(-6);
    expect(one('- (2 + 3)')).toBe(-5);
    expect(one('--4')).toBe(4);
    expect(one('1 - -1')).toBe(2);
    expect(one('.5e1 + 1.25')).toBe(6.25);
  });

  it('binary operators are left-associative', () => {
    expect(one('10 - 4 - 3')).toBe(3); // (10 - 4) - 3, not 10 - (4 - 3) = 9
    expect(one('48 / 4 / 2')).toBe(6); // (48 / 4) / 2, not 48 / (4 / 2) = 24
    expect(one('2 - 3 + 4')).toBe(3);
  });

  it('comparisons bind loosest and give 1 or 0', () => {
    expect(one('1 + 2 < 4')).toBe(1);
    expect(one('2 * 3 >= 7')).toBe(0);
    expect(run('a == b', { a: [1, 2, 3], b: [1, 0, 3] })).toEqual([1, 0, 1]);
    expect(run('a != b', { a: [1, 2, 3], b: [1, 0, 3] })).toEqual([0, 1, 0]);
    expect(run('a <= b', { a: [1, 2, 3], b: [1, 3, 2] })).toEqual([1, 1, 0]);
    expect(run('a > b', { a: [1, 2, 3], b: [1, 3, 2] })).toEqual([0, 0, 1]);
  });
});

describe('derived-feature expressions: functions and missing values', () => {
  it('std is the sample standard deviation (ddof 1) of its arguments, as pandas', () => {
    // Reference: /usr/bin/python3, pandas 1.5.3:
    //   pd.DataFrame({'Quiz1': [70, 1], 'Quiz2': [80, 2], 'Quiz3': [90, 4]}).std(axis=1).tolist()
    //   → [10.0, 1.5275252316519465]
    const [a, b] = run('std(Quiz1, Quiz2, Quiz3)', { Quiz1: [70, 1], Quiz2: [80, 2], Quiz3: [90, 4] });
    expect(a).toBe(10);
    expect(b).toBeCloseTo(1.5275252316519465, 15);
  });

  it('min, max, sum, mean, log1p, clip and if over columns', () => {
    const cols = { a: [1, 5, -3], b: [4, 2, 0.5] };
    expect(run('min(a, b, 3)', cols)).toEqual([1, 2, -3]);
    expect(run('max(a, b)', cols)).toEqual([4, 5, 0.5]);
    expect(run('sum(a, b, 1)', cols)).toEqual([6, 8, -1.5]);
    expect(run('mean(a, b)', cols)).toEqual([2.5, 3.5, -1.25]);
    // np.log1p(0.5) = 0.4054651081081644, np.log1p(3.0) = 1.3862943611198906 (numpy 1.26)
    expect(run('log1p(b - 1)', { b: [1.5, 4] })).toEqual([0.4054651081081644, 1.3862943611198906]);
    expect(run('clip(a, 0, 2)', cols)).toEqual([1, 2, 0]);
    expect(run('clip(a, 3, 2)', cols)).toEqual([2, 2, 2]); // numpy.clip: the upper bound wins
    expect(run('if(a > b, a, b * 10)', cols)).toEqual([40, 5, 5]);
    expect(run('if(a > 0, a > b, a < b)', cols)).toEqual([0, 1, 1]);
  });

  it('a missing input, x / 0 and a result that is not finite give a missing value', () => {
    const cols = { a: [1, null, 4, 2], b: [0, 1, 2, 2] };
    expect(run('a / b', cols)).toEqual([null, null, 2, 1]);
    expect(run('a > 1', cols)).toEqual([0, null, 1, 1]);
    expect(run('if(a > 1, 1, 0)', cols)).toEqual([0, null, 1, 1]);
    expect(run('max(a, b)', cols)).toEqual([1, null, 4, 2]);
    expect(run('std(a, b)', cols)).toEqual([Math.SQRT1_2, null, Math.SQRT2, 0]);
    expect(run('log1p(b - 1)', cols)).toEqual([null, 0, Math.log1p(1), Math.log1p(1)]);
    expect(one('1e308 * 10')).toBeNull();
  });

  it('lists the columns an expression reads', () => {
    const source = 'Time_Spent / max(Attendance, 1) + if(`Quiz 1` > 3, Time_Spent, 0)';
    expect(columnsOf(checkExpression(parseExpression(source, WHERE), source, WHERE, null))).toEqual(['Time_Spent', 'Attendance', 'Quiz 1']);
  });

  it('a back-quoted name is a column, even one named like a function', () => {
    expect(run('`Time Spent` * 2', { 'Time Spent': [1.5] })).toEqual([3]);
    expect(run('`max` + 1', { max: [1] })).toEqual([2]);
    // at params load too, when the columns are not known yet
    expect(() => checkExpression(parseExpression('`max` + 1', WHERE), '`max` + 1', WHERE, null)).not.toThrow();
  });
});

describe('derived-feature expressions: refused with the position', () => {
  it('syntax errors put a caret under the place', () => {
    expect(refusal('Quiz1 + ').message).toBe(
      "features.derive.x: expected a number, a column or '(', got the end of the expression (at character 9)\n    Quiz1 + \n            ^",
    );
    expect(refusal('(Quiz1 + Quiz2').message).toBe(
      "features.derive.x: expected ')' to close the '(' at character 1, got the end of the expression (at character 15)\n    (Quiz1 + Quiz2\n                  ^",
    );
    expect(refusal('Quiz1 Quiz2').message).toBe(
      'features.derive.x: expected an operator or the end of the expression, got \'Quiz2\' (at character 7)\n    Quiz1 Quiz2\n          ^^^^^',
    );
    const single = refusal('Quiz1 = 3');
    expect(single.message).toBe("features.derive.x: unexpected character '=' (at character 7)\n    Quiz1 = 3\n          ^");
    expect(single.hint).toBe('compare with == (a single = is not an operator)');
    expect(refusal('`Time Spent + 1').message).toBe(
      'features.derive.x: this back-quoted column name is not closed (at character 1)\n    `Time Spent + 1\n    ^^^^^^^^^^^^^^^',
    );
    expect(refusal('max(a b)').message).toBe(
      "features.derive.x: expected ',' or ')' in the arguments of max(, got 'b' (at character 7)\n    max(a b)\n          ^",
    );
    expect(refusal('1 +').code).toBe('EXPRESSION_INVALID');
  });

  it('unknown functions and wrong arity', () => {
    const unknown = refusal('maxx(a, b)');
    expect(unknown.message).toBe("features.derive.x: unknown function 'maxx' — did you mean 'max'? (at character 1)\n    maxx(a, b)\n    ^^^^");
    expect(unknown.hint).toBe('functions: min, max, sum, mean, std, log1p, clip, if');
    expect(refusal('a + clip(b, 1)').message).toBe('features.derive.x: clip takes 3 arguments, got 2 (at character 5)\n    a + clip(b, 1)\n        ^^^^^^^^^^');
    expect(refusal('std(a)').message).toBe('features.derive.x: std takes at least 2 arguments, got 1 (at character 1)\n    std(a)\n    ^^^^^^');
    expect(refusal('log1p()').message).toBe('features.derive.x: log1p takes 1 argument, got 0 (at character 1)\n    log1p()\n    ^^^^^^^');
    expect(refusal('if(a, 1, 0)').message).toBe('features.derive.x: the condition of if must be a comparison (at character 4)\n    if(a, 1, 0)\n       ^');
    expect(refusal('max + 1').message).toBe(
      'features.derive.x: max is a function: call it with arguments, e.g. max(a, b, …) (at character 1)\n    max + 1\n    ^^^',
    );
  });

  it('type errors: arithmetic on a comparison, chained comparisons, mixed if branches', () => {
    const arithmetic = refusal('(a > 1) * 2');
    expect(arithmetic.message).toBe("features.derive.x: '*' needs numbers on both sides, but this is a comparison (true/false) (at character 1)\n    (a > 1) * 2\n    ^^^^^^^");
    expect(arithmetic.hint).toBe('turn a comparison into a number with if(cond, 1, 0)');
    expect(refusal('1 < a < 3').message).toBe(
      "features.derive.x: '<' needs numbers on both sides, but this is a comparison (true/false) (at character 1)\n    1 < a < 3\n    ^^^^^",
    );
    expect(refusal('log1p(a > 0)').message).toBe(
      'features.derive.x: argument 1 of log1p must be a number, but this is a comparison (true/false) (at character 7)\n    log1p(a > 0)\n          ^^^^^',
    );
    expect(refusal('if(a > 0, 1, a > 2)').message).toBe(
      'features.derive.x: the two branches of if must both be numbers or both comparisons; the first is a number (at character 14)\n    if(a > 0, 1, a > 2)\n                 ^^^^^',
    );
  });

  it('unknown and categorical columns, once the columns are known', () => {
    const types = typesOf(['Quiz1', 'Quiz2', 'Attendance'], ['gender']);
    const unknown = refusal('Quizz1 / max(Attendance, 1)', types);
    expect(unknown.message).toBe("features.derive.x: unknown column 'Quizz1' — did you mean 'Quiz1'? (at character 1)\n    Quizz1 / max(Attendance, 1)\n    ^^^^^^");
    expect(unknown.hint).toBe('expressions use feature columns (not the target, id or dropped columns): Quiz1, Quiz2, Attendance, gender');
    const categorical = refusal('Quiz1 + gender', types);
    expect(categorical.message).toBe("features.derive.x: column 'gender' is categorical; expressions compute on numeric columns (at character 9)\n    Quiz1 + gender\n            ^^^^^^");
  });

  it('refuses nesting deeper than 100 levels instead of overflowing the stack', () => {
    expect(refusal(`${'('.repeat(5000)}1${')'.repeat(5000)}`).message).toMatch(/^features\.derive\.x: the expression nests deeper than 100 levels/);
    expect(refusal(`${'-'.repeat(5000)}1`).code).toBe('EXPRESSION_INVALID');
    expect(one(`${'('.repeat(40)}1${')'.repeat(40)}`)).toBe(1);
  });

  it('never throws anything but an SpmError, whatever the text (fast-check)', () => {
    const pieces = ['a', 'b', '`c d`', '`', '1', '2.5', '1e3', '(', ')', ',', '+', '-', '*', '/', '<', '<=', '==', '!=', '=', '>', 'max', 'std', 'if', 'clip', 'log1p', 'foo', ' ', '"', '#', '.'];
    const text = fc.oneof(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }).map((xs) => xs.join('')), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(text, (source) => {
        try {
          const expr = checkExpression(parseExpression(source, WHERE), source, WHERE, typesOf(['a', 'b', 'c d']));
          const out = evaluateExpression(expr, () => Float64Array.of(1, Number.NaN, 0), 3);
          expect(out).toHaveLength(3);
        } catch (e) {
          expect(e).toBeInstanceOf(SpmError);
          expect((e as SpmError).code).toBe('EXPRESSION_INVALID');
          expect((e as SpmError).message).toMatch(/\(at character \d+\)\n {4}.*\n {4} *\^+$/);
        }
      }),
      { seed: 22, numRuns: 3000 },
    );
  });
});
