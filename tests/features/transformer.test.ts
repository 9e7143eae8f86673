import fc from 'fast-check';
import { thrownSpmError } from '../helpers/errors.js';
import { describe, expect, it } from 'vitest';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../../src/data/table.js';
import { takeRows } from '../../src/data/table.js';
import { SpmError } from '../../src/errors.js';
import { iqrFences, medianSorted, quantileSorted } from '../../src/features/quantile.js';
import {
  applyTransformer,
  fitTransformer,
  groupByFeatureSource,
  validateTransformer,
  type FittedTransformer,
  type TransformerSettings,
} from '../../src/features/transformer.js';

const num = (name: string, values: (number | null)[]): NumericColumn => ({
  kind: 'numeric',
  name,
  values: Float64Array.from(values, (v) => (v === null ? Number.NaN : v)),
});

/** Codes into a dictionary in first-seen order, or in the `dictionary` order given. */
const cat = (name: string, values: (string | null)[], dictionary?: string[]): CategoricalColumn => {
  const dict = dictionary ?? [...new Set(values.filter((v): v is string => v !== null))];
  return { kind: 'categorical', name, dictionary: dict, codes: Int32Array.from(values, (v) => (v === null ? -1 : dict.indexOf(v))) };
};

const table = (...columns: Column[]): Table => {
  const first = columns[0]!;
  return { rowCount: first.kind === 'numeric' ? first.values.length : first.codes.length, columns };
};

type ParamsOverride = { numeric?: Partial<TransformerSettings['numeric']>; categorical?: Partial<TransformerSettings['categorical']> };
const params = (over: ParamsOverride = {}): TransformerSettings => ({
  numeric: { impute: 'mean', scale: 'standard', clip: null, ...over.numeric },
  categorical: { impute: 'most_frequent', min_frequency: 0, ...over.categorical },
});

/** The matrix as rows of plain numbers, for readable expectations. */
const rowsOf = (t: FittedTransformer, tb: Table): number[][] => {
  const { X } = applyTransformer(t, tb);
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
};


describe('numeric steps', () => {
  it('imputes the train mean, then standardises with the population deviation', () => {
    const train = table(num('a', [1, null, 3, 5]));
    const t = fitTransformer(train, ['a'], params());
    expect(t.inputs[0]).toEqual({ kind: 'numeric', name: 'a', impute: 3, clip: null, center: 3, scale: Math.SQRT2, range: [1, 5] });
    expect(rowsOf(t, train)).toEqual([[-2 / Math.SQRT2], [0], [0], [2 / Math.SQRT2]]);
  });

  it('imputes the median or zero, and leaves values unscaled with scale none', () => {
    const train = table(num('b', [1, null, 2, 10]), num('z', [null, 4, 6, null]));
    const t = fitTransformer(train, ['b', 'z'], params({ numeric: { impute: 'median', scale: 'none' } }));
    expect(rowsOf(t, train)).toEqual([[1, 5], [2, 4], [2, 6], [10, 5]]);
    const zero = fitTransformer(train, ['b', 'z'], params({ numeric: { impute: 'zero', scale: 'none' } }));
    expect(rowsOf(zero, train)).toEqual([[1, 0], [0, 4], [2, 6], [10, 0]]);
  });

  it("clip: iqr clips to Tukey's fences of train, equal to numpy's default quartiles", () => {
    // Reference: /usr/bin/python3 -c "import numpy as np; x=np.array([...]);
    //   q1, q3 = np.quantile(x, [0.25, 0.75]); print(q1 - 1.5*(q3-q1), q3 + 1.5*(q3-q1))" (numpy 1.26)
    const x = [3.1, -2.0, 7.5, 0.25, 12.0, 4.4, 4.4, 100.0, -30.5, 6.0, 2.2];
    const sorted = Float64Array.from(x).sort();
    expect(quantileSorted(sorted, 0.25)).toBe(1.225);
    expect(quantileSorted(sorted, 0.75)).toBe(6.75);
    expect(iqrFences(sorted)).toEqual([-7.062500000000002, 15.037500000000001]);
    expect(iqrFences(Float64Array.of(1, 2, 3, 4))).toEqual([-0.5, 5.5]);
    const t = fitTransformer(table(num('c', [...x, null])), ['c'], params({ numeric: { clip: 'iqr', scale: 'none' } }));
    expect(t.inputs[0]).toMatchObject({ clip: [-7.062500000000002, 15.037500000000001], range: [-30.5, 100] });
    expect(Array.from(applyTransformer(t, table(num('c', [100, -30.5, 5]))).X.data)).toEqual([15.037500000000001, -7.062500000000002, 5]);
  });

  it('clips to the [q, 1 - q] train quantiles and counts values outside the train range', () => {
    const train = table(num('c', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const t = fitTransformer(train, ['c'], params({ numeric: { clip: 0.1, scale: 'none' } }));
    expect(t.inputs[0]).toMatchObject({ clip: [1, 9], range: [0, 10] });
    const batch = table(num('c', [50, -3, 0, 5, null, 10]));
    const out = applyTransformer(t, batch);
    expect(Array.from(out.X.data)).toEqual([9, 1, 1, 5, 5, 9]);
    expect(out.outOfRange).toEqual({ c: 2 });
  });

  it('scales by 1 when the train deviation is 0, and imputes 0 when train has no value', () => {
    const train = table(num('k', [7, 7, null]), num('e', [null, null, null]));
    const t = fitTransformer(train, ['k', 'e'], params({ numeric: { impute: 'median' } }));
    expect(t.inputs).toEqual([
      { kind: 'numeric', name: 'k', impute: 7, clip: null, center: 7, scale: 1, range: [7, 7] },
      { kind: 'numeric', name: 'e', impute: 0, clip: null, center: 0, scale: 1, range: null },
    ]);
    expect(rowsOf(t, table(num('k', [9, null]), num('e', [2, null])))).toEqual([[2, 2], [0, 0]]);
  });

  it('rejects infinite train values with a message naming the column', () => {
    const e = thrownSpmError(() => fitTransformer(table(num('x', [1, Infinity])), ['x'], params()));
    expect(e.message).toBe('numeric column "x" has infinite values; its statistics cannot be fitted');
  });
});

describe('categorical steps', () => {
  const lunch = ['standard', 'free/reduced', 'standard', null, 'standard'];

  it('one-hot encodes sorted train categories, with a __missing__ level when train had missing values', () => {
    const t = fitTransformer(table(cat('lunch', lunch)), ['lunch'], params({ categorical: { impute: 'missing' } }));
    expect(t.featureNames).toEqual(['lunch=free/reduced', 'lunch=standard', 'lunch=__missing__']);
    expect(t.featureSources).toEqual(['lunch', 'lunch', 'lunch']);
    // Another dictionary order, an unseen category and a missing value: matched by text.
    const batchValues = ['premium', 'standard', null, 'free/reduced', 'premium'];
    const batch = table(cat('lunch', batchValues, ['premium', 'standard', 'free/reduced']));
    const out = applyTransformer(t, batch);
    expect(rowsOf(t, batch)).toEqual([[0, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 0]]);
    expect(out.unseen).toEqual({ lunch: 2 });
  });

  it('imputes the most frequent category (smallest text on ties), also for "missing" when train had none', () => {
    const batch = table(cat('lunch', [null, 'free/reduced']));
    const mostFrequent = fitTransformer(table(cat('lunch', lunch)), ['lunch'], params());
    expect(mostFrequent.featureNames).toEqual(['lunch=free/reduced', 'lunch=standard']);
    expect(rowsOf(mostFrequent, batch)).toEqual([[0, 1], [1, 0]]);
    const noMissing = fitTransformer(table(cat('g', ['b', 'a', 'b', 'a'])), ['g'], params({ categorical: { impute: 'missing' } }));
    expect(noMissing.inputs[0]).toEqual({ kind: 'categorical', name: 'g', levels: ['a', 'b'], infrequent: [], missingLevel: 'a' });
  });

  it('merges categories with fewer than min_frequency train rows into __other__; unseen stays all zeros', () => {
    const train = table(cat('g', ['a', 'b', 'a', 'd', 'c', 'a', 'd']));
    const t = fitTransformer(train, ['g'], params({ categorical: { min_frequency: 2 } }));
    expect(t.inputs[0]).toEqual({ kind: 'categorical', name: 'g', levels: ['a', 'd', '__other__'], infrequent: ['b', 'c'], missingLevel: 'a' });
    const batch = table(cat('g', ['c', 'e', 'd', null, 'b']));
    expect(rowsOf(t, batch)).toEqual([[0, 0, 1], [0, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]);
    expect(applyTransformer(t, batch).unseen).toEqual({ g: 1 });
  });

  it('counts imputed missing values toward the mode before min_frequency', () => {
    const t = fitTransformer(table(cat('g', ['a', null, 'b', 'b'])), ['g'], params({ categorical: { min_frequency: 3 } }));
    expect(t.inputs[0]).toEqual({ kind: 'categorical', name: 'g', levels: ['b', '__other__'], infrequent: ['a'], missingLevel: 'b' });
  });

  it('ignores dictionary entries with no train row (a split shares its parent dictionary)', () => {
    const full = table(cat('g', ['x', 'y', 'z', 'x']));
    const t = fitTransformer(takeRows(full, [0, 1, 3]), ['g'], params());
    expect(t.featureNames).toEqual(['g=x', 'g=y']);
    expect(applyTransformer(t, full).unseen).toEqual({ g: 1 });
  });

  it('rejects a train category that uses a reserved level name', () => {
    const e = thrownSpmError(() => fitTransformer(table(cat('g', ['a', '__other__'])), ['g'], params()));
    expect(e.message).toBe('column "g" has the category "__other__", a name the feature pipeline reserves');
  });

  it('gives exactly one 1 per block on the train rows themselves', () => {
    const value = fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (values, minFrequency, own) => {
        const train = table(cat('g', values));
        const impute = own ? 'missing' : 'most_frequent';
        const t = fitTransformer(train, ['g'], params({ categorical: { min_frequency: minFrequency, impute } }));
        const hasValue = values.some((v) => v !== null);
        for (const row of rowsOf(t, train)) expect(row.reduce((s, v) => s + v, 0)).toBe(hasValue || own ? 1 : 0);
      }),
    );
  });
});

describe('equivalence with scikit-learn ColumnTransformer', () => {
  const nan = null;
  const train = table(
    num('reading', [72, 90, nan, 47, 76, 71, 88, 40, 64, 38]),
    num('hours', [2.5, nan, 1.0, 3.75, 0.5, 2.0, nan, 4.0, 1.5, 3.0]),
    cat('lunch', ['standard', 'free/reduced', 'standard', nan, 'standard', 'free/reduced', 'standard', 'standard', nan, 'free/reduced']),
    cat('group', ['group B', 'group C', 'group B', 'group A', 'group C', 'group B', 'group E', 'group D', 'group B', 'group C']),
  );
  const test = table(
    num('reading', [nan, 100, 55, 10]),
    num('hours', [2.0, nan, 5.0, 0.0]),
    cat('lunch', ['free/reduced', nan, 'standard', 'premium']),
    cat('group', ['group Z', 'group A', 'group E', nan]),
  );
  const features = ['reading', 'hours', 'lunch', 'group'];
  const expectClose = (got: number[][], want: number[][]) => {
    expect(got.length).toBe(want.length);
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 12)));
  };

  // sklearn 1.2.1: ColumnTransformer([('num', Pipeline([SimpleImputer(strategy='mean'), StandardScaler()]),
  //   ['reading', 'hours']), ('cat', Pipeline([SimpleImputer(strategy='most_frequent'),
  //   OneHotEncoder(handle_unknown='ignore', sparse_output=False)]), ['lunch', 'group'])]).fit(train).transform(test)
  it('matches SimpleImputer(mean) + StandardScaler, OneHotEncoder(handle_unknown="ignore")', () => {
    const t = fitTransformer(train, features, params());
    expect(t.featureNames).toEqual([
      'reading', 'hours', 'lunch=free/reduced', 'lunch=standard',
      'group=group A', 'group=group B', 'group=group C', 'group=group D', 'group=group E',
    ]);
    expectClose(rowsOf(t, test), [
      [0.0, -0.26599758829946574, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [2.001380794933706, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0],
      [-0.5800180010795137, 2.571310020228169, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0],
      [-3.1614167970927336, -2.1575359939845553, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
    ]);
    expect(applyTransformer(t, test).unseen).toEqual({ lunch: 1, group: 1 });
  });

  // Same call with SimpleImputer(strategy='median') and OneHotEncoder(handle_unknown='ignore',
  // min_frequency=2, sparse_output=False): 'group_infrequent_sklearn' is our 'group=__other__'.
  it('matches SimpleImputer(median) and OneHotEncoder(min_frequency=2)', () => {
    const t = fitTransformer(train, features, params({ numeric: { impute: 'median' }, categorical: { min_frequency: 2 } }));
    expect(t.featureNames.slice(4)).toEqual(['group=group B', 'group=group C', 'group=__other__']);
    expectClose(rowsOf(t, test), [
      [0.3024820507560872, -0.2600683575272471, 1.0, 0.0, 0.0, 0.0, 0.0],
      [1.9575725171573197, -0.02364257795702239, 0.0, 1.0, 0.0, 0.0, 1.0],
      [-0.6106713100170067, 2.5770409973154496, 0.0, 1.0, 0.0, 0.0, 1.0],
      [-3.178915137191333, -2.151474594089045, 0.0, 0.0, 1.0, 0.0, 0.0],
    ]);
  });

  // np.quantile([3, 1, 4, 1.5, 9, 2.6, 5], [0.01, 0.05, 0.1, 0.25, 0.33, 0.5, 0.9, 0.99]) (numpy 1.24.2),
  // np.median of the same values, and of its first six.
  it('quantiles and medians equal numpy exactly', () => {
    const sorted = Float64Array.from([3, 1, 4, 1.5, 9, 2.6, 5]).sort();
    const qs = [0.01, 0.05, 0.1, 0.25, 0.33, 0.5, 0.9, 0.99].map((q) => quantileSorted(sorted, q));
    expect(qs).toEqual([1.03, 1.15, 1.3, 2.05, 2.578, 3.0, 6.600000000000001, 8.759999999999998]);
    expect(medianSorted(sorted)).toBe(3);
    expect(medianSorted(Float64Array.from([3, 1, 4, 1.5, 9, 2.6]).sort())).toBe(2.8);
  });

  it('does not depend on the column order or extra columns of the applied table', () => {
    const t = fitTransformer(train, features, params());
    const shuffled: Table = { rowCount: test.rowCount, columns: [num('extra', [1, 2, 3, 4]), ...[...test.columns].reverse()] };
    expect(applyTransformer(t, shuffled).X).toEqual(applyTransformer(t, test).X);
  });

  it('is deterministic, independent of dictionary codes, and round-trips through JSON', () => {
    const p = params({ numeric: { clip: 0.05 }, categorical: { min_frequency: 2, impute: 'missing' } });
    const t = fitTransformer(train, features, p);
    const lunch = train.columns[2] as CategoricalColumn;
    const lunchTexts = Array.from(lunch.codes, (code) => (code < 0 ? null : lunch.dictionary[code]!));
    const recoded = table(train.columns[0]!, train.columns[1]!, cat('lunch', lunchTexts, ['standard', 'free/reduced', 'unused']), train.columns[3]!);
    const json = JSON.stringify(t);
    expect(JSON.stringify(fitTransformer(recoded, features, p))).toBe(json);
    const restored = validateTransformer(JSON.parse(json));
    expect(JSON.stringify(restored)).toBe(json);
    expect(applyTransformer(restored, test)).toEqual(applyTransformer(t, test));
  });
});

describe('applyTransformer errors', () => {
  const t = fitTransformer(table(num('x', [1, 2]), cat('g', ['a', 'b'])), ['x', 'g'], params());
  it('names a missing feature column', () => {
    const e = thrownSpmError(() => applyTransformer(t, table(num('x', [1]))));
    expect([e.code, e.message]).toEqual(['MISSING_COLUMN', 'feature column "g" is missing from the input']);
  });
  it('names a column whose type changed', () => {
    const e = thrownSpmError(() => applyTransformer(t, table(num('x', [1]), num('g', [2]))));
    expect(e.message).toBe('column "g" is numeric here but was categorical when the feature pipeline was fitted');
  });
});

describe('validateTransformer', () => {
  const fitted = fitTransformer(table(num('x', [1, 2, 4]), cat('g', ['a', 'b', 'a'])), ['x', 'g'], params());
  const good = JSON.parse(JSON.stringify(fitted)) as Record<string, unknown>;
  const [numStep, catStep] = good.inputs as object[];
  const prefix = 'the stored feature pipeline (transformer) is malformed: ';
  const cases: [string, unknown, string][] = [
    ['not an object', [1], 'the artifact must be an object, got [1]'],
    ['wrong format', { ...good, format: 'spm.model' }, 'expected format "spm.transformer" version 1, got format "spm.model" version 1'],
    ['newer version', { ...good, version: 2 }, 'expected format "spm.transformer" version 1, got format "spm.transformer" version 2'],
    ['no inputs', { ...good, inputs: undefined }, 'inputs must be an array of steps, got nothing'],
    ['bad scale', { ...good, inputs: [{ ...numStep, scale: -1 }, catStep] }, 'inputs[0].scale must be positive, got -1'],
    ['string number', { ...good, inputs: [{ ...numStep, center: '2' }, catStep] }, 'inputs[0].center must be a finite number, got "2"'],
    ['unknown kind', { ...good, inputs: [{ ...numStep, kind: 'text' }] }, 'inputs[0].kind must be "numeric" or "categorical", got "text"'],
    ['missing level', { ...good, inputs: [numStep, { ...catStep, missingLevel: 'zz' }] }, 'inputs[1].missingLevel "zz" is not one of its levels'],
    ['names disagree', { ...good, featureNames: ['x', 'g=a', 'g=c'] }, 'featureNames[2] should be "g=b" as the inputs imply, got "g=c"'],
    ['sources short', { ...good, featureSources: ['x'] }, 'featureSources has 1 names but the inputs imply 3'],
  ];
  it.each(cases)('rejects %s with a clear message', (_, json, detail) => {
    const e = thrownSpmError(() => validateTransformer(json));
    expect([e.code, e.message, e.hint]).toEqual(['ARTIFACT_CORRUPT', prefix + detail, 'rebuild it with `spm transform --force`']);
  });
  it('accepts a well-formed artifact and drops unknown fields', () => {
    expect(JSON.stringify(validateTransformer({ ...good, note: 'x' }))).toBe(JSON.stringify(good));
  });
});

describe('groupByFeatureSource', () => {
  it('sums one-hot contributions back to their column, in input order', () => {
    const t = fitTransformer(table(cat('g', ['a', 'b', 'c']), num('x', [1, 2, 3])), ['g', 'x'], params());
    expect(t.featureSources).toEqual(['g', 'g', 'g', 'x']);
    expect([...groupByFeatureSource(t, Float64Array.from([1.5, -0.25, 2, -3]))]).toEqual([['g', 3.25], ['x', -3]]);
    expect(() => groupByFeatureSource(t, new Float64Array(2))).toThrow('expected 4 values, one per output feature, got 2');
  });
});

describe('derived features (features.derive)', () => {
  const train = table(num('Quiz1', [60, 70, null, 90]), num('Quiz2', [80, 50, 40, 0]), num('Attendance', [0, 10, 20, 5]), cat('gender', ['f', 'm', 'f', 'm']), num('G3', [1, 2, 3, 4]));
  const defs = [
    { name: 'total_quiz', expression: 'Quiz1 + Quiz2' },
    { name: 'effort', expression: 'Quiz2 / Attendance' },
  ];
  const fitted = () => fitTransformer(train, ['Quiz1', 'Quiz2', 'Attendance', 'gender'], params({ numeric: { impute: 'median', scale: 'none' } }), defs);

  it('are numeric inputs after the feature columns, missing results imputed like any missing value', () => {
    const t = fitted();
    expect(t.derived).toEqual(defs);
    expect(t.featureNames).toEqual(['Quiz1', 'Quiz2', 'Attendance', 'gender=f', 'gender=m', 'total_quiz', 'effort']);
    // total_quiz: 140, 120, missing (Quiz1 missing), 90 → median 120; effort: 80/0 missing, 5, 2, 0 → median 2
    expect(rowsOf(t, train).map((r) => r.slice(5))).toEqual([[140, 2], [120, 5], [120, 2], [90, 0]]);
  });

  it('are computed from the original columns alone, in any column order, the same at fit and at scoring', () => {
    const t = validateTransformer(JSON.parse(JSON.stringify(fitted())));
    const input = table(cat('gender', ['m', 'f', 'f', 'm']), num('Attendance', [0, 10, 20, 5]), num('Quiz2', [80, 50, 40, 0]), num('Quiz1', [60, 70, null, 90]));
    const reordered = rowsOf(t, input).map((r) => r.slice(5));
    expect(reordered).toEqual(rowsOf(fitted(), train).map((r) => r.slice(5)));
    // A column of a derived feature's name in an input is replaced by the computed one.
    const shadowed = table(...input.columns, num('total_quiz', [0, 0, 0, 0]));
    expect(rowsOf(t, shadowed).map((r) => r[5])).toEqual([140, 120, 120, 90]);
  });

  it('a transformer without them is stored as before (no derived key)', () => {
    expect('derived' in fitTransformer(train, ['Quiz1'], params())).toBe(false);
  });

  it('refuse a name that is a column already, an unknown or non-feature column, and a categorical column', () => {
    const fit = (expression: string, name = 'x') => thrownSpmError(() => fitTransformer(train, ['Quiz1', 'Quiz2', 'Attendance', 'gender'], params(), [{ name, expression }]));
    const collision = fit('Quiz1 * 2', 'Quiz2');
    expect([collision.code, collision.message]).toEqual(['PARAMS_INVALID', "features.derive.Quiz2: 'Quiz2' is already a column of the data"]);
    const target = fit('G3 * 2');
    expect(target.code).toBe('EXPRESSION_INVALID');
    expect(target.message).toBe("features.derive.x: unknown column 'G3' (at character 1)\n    G3 * 2\n    ^^");
    expect(fit('Quiz1 + gender').message).toBe("features.derive.x: column 'gender' is categorical; expressions compute on numeric columns (at character 9)\n    Quiz1 + gender\n            ^^^^^^");
  });

  it('need their input columns at scoring: a missing one is MISSING_COLUMN, a categorical one COLUMN_TYPE', () => {
    const t = fitted();
    const noQuiz2 = table(num('Quiz1', [1]), num('Attendance', [1]), cat('gender', ['f']), num('Quiz2x', [1]));
    expect(thrownSpmError(() => applyTransformer(t, noQuiz2)).code).toBe('MISSING_COLUMN');
    const categorical = table(num('Quiz1', [1]), cat('Quiz2', ['a']), num('Attendance', [1]), cat('gender', ['f']));
    expect(thrownSpmError(() => applyTransformer(t, categorical)).code).toBe('COLUMN_TYPE');
  });

  it('a stored definition that does not parse is a corrupt artifact', () => {
    const json = JSON.parse(JSON.stringify(fitted()));
    json.derived[0].expression = 'Quiz1 +';
    const e = thrownSpmError(() => validateTransformer(json));
    expect(e.code).toBe('ARTIFACT_CORRUPT');
    expect(e.message).toMatch(/^the stored feature pipeline \(transformer\) is malformed: a derived feature's expression does not parse: features\.derive\.total_quiz: expected a number/);
    const orphan = JSON.parse(JSON.stringify(fitted()));
    orphan.derived.push({ name: 'extra', expression: '1' });
    expect(thrownSpmError(() => validateTransformer(orphan)).message).toBe('the stored feature pipeline (transformer) is malformed: the derived feature "extra" has no numeric step in inputs');
  });
});
