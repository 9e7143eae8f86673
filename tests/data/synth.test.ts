import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { isSpmError, SpmError } from '../../src/errors.js';
import { SYNTH_COLUMNS, synthChunks, type SynthOptions } from '../../src/data/synth.js';
import { assertShiftName, SHIFT_NAMES, SHIFTS, type ShiftName } from '../../src/data/synth-shifts.js';

/**
 * Facts of the real data, printed by `node bench/calibrate-synth.mjs` on ../shared/data/stud.csv
 * (sections A shares, B mean/sd, C correlations, D group means → gaps, H 5-fold CV R²).
 */
const REAL = {
  shares: {
    gender: { female: 0.518, male: 0.482 },
    race_ethnicity: { 'group A': 0.089, 'group B': 0.19, 'group C': 0.319, 'group D': 0.262, 'group E': 0.14 },
    parental_level_of_education: {
      "associate's degree": 0.222,
      "bachelor's degree": 0.118,
      'high school': 0.196,
      "master's degree": 0.059,
      'some college': 0.226,
      'some high school': 0.179,
    },
    lunch: { 'free/reduced': 0.355, standard: 0.645 },
    test_preparation_course: { completed: 0.358, none: 0.642 },
  } as Record<string, Record<string, number>>,
  mean: { math_score: 66.09, reading_score: 69.17, writing_score: 68.05 } as Record<string, number>,
  sd: { math_score: 15.16, reading_score: 14.6, writing_score: 15.2 } as Record<string, number>,
  corr: { math_reading: 0.818, math_writing: 0.803, reading_writing: 0.955 },
  /** standard − free/reduced, math (section D: 70.03 − 58.92). */
  lunchMathGap: 11.11,
  /** male − female per score (section D). */
  genderGap: { math_score: 5.1, reading_score: -7.14, writing_score: -9.16 } as Record<string, number>,
  /** completed − none per score (section D). */
  prepGap: { math_score: 5.62, reading_score: 7.36, writing_score: 9.92 } as Record<string, number>,
  mathR2: 0.871,
};
const SCORES = ['math_score', 'reading_score', 'writing_score'] as const;
const CATEGORIES = Object.keys(REAL.shares);

const generate = (opts: SynthOptions, chunkRows?: number): string => [...synthChunks(opts, chunkRows)].join('');

interface Parsed {
  header: string[];
  cols: Record<string, string[]>;
  rows: number;
}
function parse(text: string): Parsed {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const header = lines[0]!.split(',');
  const cols: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1)) line.split(',').forEach((v, j) => cols[header[j]!]!.push(v));
  return { header, cols, rows: lines.length - 1 };
}
const nums = (p: Parsed, name: string): number[] => p.cols[name]!.map(Number);
const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]): number => {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
};
const corr = (x: number[], y: number[]): number => {
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0;
  for (let i = 0; i < x.length; i++) sxy += (x[i]! - mx) * (y[i]! - my);
  return sxy / (x.length - 1) / (sd(x) * sd(y));
};
const share = (p: Parsed, name: string, level: string): number =>
  p.cols[name]!.filter((v) => v === level).length / p.rows;
const groupMean = (p: Parsed, score: string, name: string, level: string): number =>
  mean(nums(p, score).filter((_, i) => p.cols[name]![i] === level));

/** Least squares by the normal equations XᵀX b = Xᵀy, Gaussian elimination with pivoting. */
function leastSquares(X: number[][], y: number[]): number[] {
  const p = X[0]!.length;
  const A = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  X.forEach((x, i) => {
    for (let a = 0; a < p; a++) {
      A[a]![p]! += x[a]! * y[i]!;
      for (let b = 0; b < p; b++) A[a]![b]! += x[a]! * x[b]!;
    }
  });
  for (let c = 0; c < p; c++) {
    let best = c;
    for (let k = c + 1; k < p; k++) if (Math.abs(A[k]![c]!) > Math.abs(A[best]![c]!)) best = k;
    [A[c], A[best]] = [A[best]!, A[c]!];
    for (let k = 0; k < p; k++) {
      if (k === c) continue;
      const f = A[k]![c]! / A[c]![c]!;
      for (let j = c; j <= p; j++) A[k]![j]! -= f * A[c]![j]!;
    }
  }
  return A.map((row, c) => row[p]! / row[c]!);
}

describe('synthChunks: format', () => {
  const text = generate({ rows: 50, seed: 1 });
  const p = parse(text);

  it('writes the header, one line per row, LF endings and zero-padded ids', () => {
    expect(SYNTH_COLUMNS).toEqual([
      'student_id', 'gender', 'race_ethnicity', 'parental_level_of_education', 'lunch',
      'test_preparation_course', 'math_score', 'reading_score', 'writing_score',
    ]);
    expect(p.header).toEqual(SYNTH_COLUMNS);
    expect(p.rows).toBe(50);
    expect(text).not.toContain('\r');
    expect(p.cols.student_id!.slice(0, 3)).toEqual(['S000001', 'S000002', 'S000003']);
    expect(p.cols.student_id![49]).toBe('S000050');
  });

  it('widens ids past six digits and honours startId', () => {
    const ids = parse(generate({ rows: 3, seed: 1, startId: 999_999 })).cols.student_id;
    expect(ids).toEqual(['S0999999', 'S1000000', 'S1000001']);
    expect(parse(generate({ rows: 2, seed: 1, startId: 41 })).cols.student_id).toEqual(['S000041', 'S000042']);
  });

  it('is RFC 4180 CSV that needs no quoting (papaparse reads the same fields)', () => {
    const parsed = Papa.parse<string[]>(text.trimEnd(), { header: false });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual(text.trimEnd().split('\n').map((l) => l.split(',')));
    expect(text).not.toContain('"');
  });
});

describe('synthChunks: determinism and chunking', () => {
  const opts = { rows: 2_000, seed: 42 };
  const whole = generate(opts);

  it('gives byte-identical text for the same options and different text for another seed', () => {
    expect(generate(opts)).toBe(whole);
    expect(generate({ ...opts, seed: 43 })).not.toBe(whole);
    expect(generate({ ...opts, shift: null })).toBe(whole);
  });

  it('does not depend on the chunk size', () => {
    for (const size of [1, 7, 333, 2_000, 10_000]) expect(generate(opts, size)).toBe(whole);
  });

  it('yields ceil(rows / chunkRows) chunks, the header only in the first', () => {
    const chunks = [...synthChunks(opts, 300)];
    expect(chunks).toHaveLength(7);
    expect(chunks[0]!.startsWith('student_id,')).toBe(true);
    expect(chunks.slice(1).every((c) => c.startsWith('S'))).toBe(true);
    expect(chunks.map((c) => c.split('\n').length - 1)).toEqual([301, 300, 300, 300, 300, 300, 200]);
  });
});

describe('synthChunks: rejected options', () => {
  const codeOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return isSpmError(e) ? e.code : 'not an SpmError';
    }
    return undefined;
  };
  it.each([0, -5, 1.5, Number.NaN])('rejects rows = %s with an SpmError, on the call', (rows) => {
    expect(codeOf(() => synthChunks({ rows, seed: 1 }))).toBe('USAGE');
  });
  it('says what was wrong with rows', () => {
    expect(() => synthChunks({ rows: 0, seed: 1 })).toThrow('rows must be a whole number of at least 1, got 0');
  });
  it('rejects a seed that is not a 32-bit whole number', () => {
    expect(codeOf(() => synthChunks({ rows: 1, seed: -1 }))).toBe('USAGE');
    expect(codeOf(() => synthChunks({ rows: 1, seed: 2.5 }))).toBe('USAGE');
  });
  it('rejects an unknown shift name, listing the valid ones (usage error, exit 2)', () => {
    expect(() => assertShiftName('nope')).toThrow(SpmError);
    expect(() => assertShiftName('nope')).toThrow(
      'unknown shift "nope"; valid shifts: less_test_prep, lower_reading, new_category, free_lunch_surge, mixed',
    );
    expect(codeOf(() => assertShiftName('nope'))).toBe('USAGE');
    let error: unknown;
    try {
      assertShiftName('toString'); // inherited object keys are not shifts
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpmError);
    expect((error as SpmError).exitCode).toBe(2);
    for (const name of SHIFT_NAMES) expect(() => assertShiftName(name)).not.toThrow();
    expect(codeOf(() => synthChunks({ rows: 1, seed: 1, shift: 'nope' as ShiftName }))).toBe('USAGE');
  });
  it('describes every shift in one line', () => {
    for (const name of SHIFT_NAMES) expect(SHIFTS[name].description).toMatch(/^[^\n]{20,140}$/);
  });
});

describe('synthChunks: calibration on 20,000 rows against the real data', () => {
  const p = parse(generate({ rows: 20_000, seed: 2024 }));

  it('keeps every value in its domain', () => {
    for (const name of CATEGORIES) {
      expect(new Set(p.cols[name])).toEqual(new Set(Object.keys(REAL.shares[name]!)));
    }
    for (const s of SCORES) expect(p.cols[s]!.filter((v) => !/^(100|[1-9]?[0-9])$/.test(v))).toEqual([]);
  });

  it('matches category shares within ±0.03', () => {
    for (const name of CATEGORIES) {
      for (const [level, real] of Object.entries(REAL.shares[name]!)) {
        expect(Math.abs(share(p, name, level) - real), `${name}=${level}`).toBeLessThanOrEqual(0.03);
      }
    }
  });

  it('matches score means and SDs within ±2 and the slight left skew', () => {
    for (const s of SCORES) {
      expect(Math.abs(mean(nums(p, s)) - REAL.mean[s]!), s).toBeLessThanOrEqual(2);
      expect(Math.abs(sd(nums(p, s)) - REAL.sd[s]!), s).toBeLessThanOrEqual(2);
      const x = nums(p, s);
      const m = mean(x);
      const skew = mean(x.map((v) => (v - m) ** 3)) / sd(x) ** 3;
      expect(skew, s).toBeLessThan(-0.15);
      expect(skew, s).toBeGreaterThan(-0.4);
    }
  });

  it('matches the score correlations within ±0.05', () => {
    const [m, r, w] = SCORES.map((s) => nums(p, s)) as [number[], number[], number[]];
    expect(Math.abs(corr(m, r) - REAL.corr.math_reading)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(corr(m, w) - REAL.corr.math_writing)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(corr(r, w) - REAL.corr.reading_writing)).toBeLessThanOrEqual(0.05);
  });

  it('matches the lunch, gender and test-preparation gaps within ±2 points', () => {
    const lunchGap = groupMean(p, 'math_score', 'lunch', 'standard') - groupMean(p, 'math_score', 'lunch', 'free/reduced');
    expect(Math.abs(lunchGap - REAL.lunchMathGap)).toBeLessThanOrEqual(2);
    for (const s of SCORES) {
      const gender = groupMean(p, s, 'gender', 'male') - groupMean(p, s, 'gender', 'female');
      const prep = groupMean(p, s, 'test_preparation_course', 'completed') - groupMean(p, s, 'test_preparation_course', 'none');
      expect(Math.abs(gender - REAL.genderGap[s]!), `gender ${s}`).toBeLessThanOrEqual(2);
      expect(Math.abs(prep - REAL.prepGap[s]!), `prep ${s}`).toBeLessThanOrEqual(2);
    }
  });

  it('gives a linear model for math_score a test R² within ±0.03 of the real data', () => {
    const levels = CATEGORIES.map((name) => Object.keys(REAL.shares[name]!).slice(1));
    const row = (i: number): number[] => [
      1,
      ...CATEGORIES.flatMap((name, k) => levels[k]!.map((l) => (p.cols[name]![i] === l ? 1 : 0))),
      Number(p.cols.reading_score![i]),
      Number(p.cols.writing_score![i]),
    ];
    const X = Array.from({ length: p.rows }, (_, i) => row(i));
    const y = nums(p, 'math_score');
    const cut = 16_000; // rows are independent draws: the first 80% train, the rest test
    const b = leastSquares(X.slice(0, cut), y.slice(0, cut));
    const yTest = y.slice(cut);
    const fit = X.slice(cut).map((x) => x.reduce((s, v, j) => s + v * b[j]!, 0));
    const m = mean(yTest);
    const r2 = 1 - yTest.reduce((s, v, i) => s + (v - fit[i]!) ** 2, 0) / yTest.reduce((s, v) => s + (v - m) ** 2, 0);
    expect(Math.abs(r2 - REAL.mathR2)).toBeLessThanOrEqual(0.03);
  });
});

describe('shift presets move exactly the columns they claim (same seed, 20,000 rows)', () => {
  const rows = 20_000;
  const base = parse(generate({ rows, seed: 7 }));
  const shifted = (shift: ShiftName): Parsed => parse(generate({ rows, seed: 7, shift }));
  const changed = (p: Parsed): string[] => SYNTH_COLUMNS.filter((c) => p.cols[c]!.some((v, i) => v !== base.cols[c]![i]));
  const meanShift = (p: Parsed, s: string): number => mean(nums(p, s)) - mean(nums(base, s));
  const scoresFell = (p: Parsed): boolean => SCORES.every((s) => meanShift(p, s) < -0.5);

  it('less_test_prep: completion drops to ~10%, scores fall through the group effect', () => {
    const p = shifted('less_test_prep');
    expect(changed(p)).toEqual(['test_preparation_course', ...SCORES]);
    expect(Math.abs(share(p, 'test_preparation_course', 'completed') - 0.1)).toBeLessThanOrEqual(0.01);
    // Rows only ever move from completed to none.
    expect(p.cols.test_preparation_course!.every((v, i) => v === base.cols.test_preparation_course![i] || v === 'none')).toBe(true);
    expect(scoresFell(p)).toBe(true);
  });

  it('lower_reading: reading −8, writing about −5.2, math and categories untouched', () => {
    const p = shifted('lower_reading');
    expect(changed(p)).toEqual(['reading_score', 'writing_score']);
    expect(Math.abs(meanShift(p, 'reading_score') + 8)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(meanShift(p, 'writing_score') + 8 * 0.647)).toBeLessThanOrEqual(0.3);
  });

  it('new_category: "doctorate" on ~15% of rows, no other level gains rows', () => {
    const p = shifted('new_category');
    expect(changed(p)).toEqual(['parental_level_of_education', ...SCORES]);
    expect(Math.abs(share(p, 'parental_level_of_education', 'doctorate') - 0.15)).toBeLessThanOrEqual(0.01);
    const col = p.cols.parental_level_of_education!;
    expect(col.every((v, i) => v === base.cols.parental_level_of_education![i] || v === 'doctorate')).toBe(true);
    // Scores change only on the relabelled rows.
    expect(p.cols.math_score!.every((v, i) => v === base.cols.math_score![i] || col[i] === 'doctorate')).toBe(true);
  });

  it('free_lunch_surge: free/reduced lunch for ~60%, scores fall', () => {
    const p = shifted('free_lunch_surge');
    expect(changed(p)).toEqual(['lunch', ...SCORES]);
    expect(Math.abs(share(p, 'lunch', 'free/reduced') - 0.6)).toBeLessThanOrEqual(0.01);
    expect(scoresFell(p)).toBe(true);
  });

  it('mixed: the three first shifts together', () => {
    const p = shifted('mixed');
    expect(changed(p)).toEqual(['parental_level_of_education', 'test_preparation_course', ...SCORES]);
    expect(meanShift(p, 'reading_score')).toBeLessThan(-8);
  });
});

const shared = new URL('../../../shared/data/', import.meta.url);
describe.skipIf(!existsSync(shared))(existsSync(shared) ? 'REAL literals still match stud.csv' : 'REAL literals still match stud.csv (skipped: ../shared/data absent)', () => {
  it('has the shares and score means written above', () => {
    const data = Papa.parse<Record<string, string>>(readFileSync(new URL('stud.csv', shared), 'utf8').trim(), {
      header: true,
    }).data;
    for (const name of CATEGORIES) {
      for (const [level, real] of Object.entries(REAL.shares[name]!)) {
        expect(data.filter((r) => r[name] === level).length / data.length).toBeCloseTo(real, 3);
      }
    }
    for (const s of SCORES) expect(mean(data.map((r) => Number(r[s])))).toBeCloseTo(REAL.mean[s]!, 2);
  });
});
