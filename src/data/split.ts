/**
 * Row splits: a train/test hold-out and k cross-validation folds, optionally stratified by class.
 * Every random choice draws from createRng(seed), so a seed gives the same indices on every run
 * and machine; indices come out sorted ascending so artifacts that list them are stable.
 * Semantics follow scikit-learn: train_test_split (n_test = ceil(test_size·n)),
 * KFold(shuffle=True) and StratifiedKFold(shuffle=True) (per-class counts in each fold differ by
 * at most one, and fold sizes too).
 */
import { SpmError } from '../errors.js';
import { createRng, permutation, type Rng } from '../util/rng.js';

export interface SplitIndices {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

export interface StrataOptions {
  readonly seed: number;
  /** Class code per row (classification targets): split each class proportionally. */
  readonly strata?: Int32Array;
  /** Names of the class codes, for messages (code i → classNames[i]). */
  readonly classNames?: readonly string[];
}

export interface TrainTestOptions extends StrataOptions {
  /** A fraction in (0, 1), or a whole number of test rows (≥ 1). */
  readonly testSize: number;
}

export interface FoldOptions extends StrataOptions {
  readonly folds: number;
}

/** Rows of each class (ascending), classes in ascending code order. */
function groupRows(strata: Int32Array, n: number): { codes: number[]; members: Uint32Array[] } {
  if (strata.length !== n) throw new Error(`strata has ${strata.length} values for ${n} rows`);
  const byCode = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const rows = byCode.get(strata[i]!);
    if (rows === undefined) byCode.set(strata[i]!, [i]);
    else rows.push(i);
  }
  const codes = [...byCode.keys()].sort((a, b) => a - b);
  return { codes, members: codes.map((c) => Uint32Array.from(byCode.get(c)!)) };
}

/** `rows` in a seeded random order. */
function shuffled(rows: Uint32Array, rng: Rng): Uint32Array {
  const order = permutation(rows.length, rng);
  return order.map((k) => rows[k]!);
}

function sortedPair(test: number[] | Uint32Array, n: number): SplitIndices {
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const train = new Uint32Array(n - test.length);
  const sortedTest = new Uint32Array(test.length);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (inTest[i] === 1) sortedTest[b++] = i;
    else train[a++] = i;
  }
  return { train, test: sortedTest };
}

function className(options: StrataOptions, code: number): string {
  return options.classNames?.[code] ?? (code < 0 ? '(missing)' : String(code));
}

/**
 * Test rows per class: proportional, largest remainders first (ties: larger class, then lower
 * code), then at least one test row and one train row for every class with ≥ 2 rows; a class
 * with a single row stays in train. The total may differ from nTest by those adjustments.
 */
function allocate(sizes: readonly number[], n: number, nTest: number): number[] {
  const ideal = sizes.map((s) => (nTest * s) / n);
  const alloc = ideal.map(Math.floor);
  let left = nTest - alloc.reduce((a, b) => a + b, 0);
  const order = sizes.map((_, c) => c).sort((a, b) => ideal[b]! - alloc[b]! - (ideal[a]! - alloc[a]!) || sizes[b]! - sizes[a]! || a - b);
  for (const c of order) {
    if (left <= 0) break;
    alloc[c]!++;
    left--;
  }
  return alloc.map((t, c) => (sizes[c]! < 2 ? 0 : Math.min(Math.max(t, 1), sizes[c]! - 1)));
}

function testCount(n: number, testSize: number): number {
  const count = testSize >= 1 ? testSize : Math.ceil(testSize * n);
  const valid = Number.isFinite(testSize) && testSize > 0 && (testSize < 1 || Number.isInteger(testSize));
  if (!valid) {
    throw new SpmError('PARAMS_INVALID', `split.test_size must be a fraction in (0, 1) or a whole number of rows, got ${testSize}`, {
      hint: 'set split.test_size, e.g. -S split.test_size=0.2',
    });
  }
  if (n < 2 || count >= n) {
    throw new SpmError('SPLIT_TOO_SMALL', `cannot split ${n} row${n === 1 ? '' : 's'} into train and test with test_size ${testSize}`, {
      hint: n < 2 ? 'the dataset needs at least 2 rows; check data.source' : 'lower split.test_size',
    });
  }
  return count;
}

/** Hold-out split of rows 0..n−1 (sklearn train_test_split(shuffle=True, stratify=strata)). */
export function trainTestSplit(n: number, options: TrainTestOptions): SplitIndices {
  const nTest = testCount(n, options.testSize);
  const rng = createRng(options.seed);
  if (options.strata === undefined) return sortedPair(permutation(n, rng).subarray(0, nTest), n);
  const { members } = groupRows(options.strata, n);
  const alloc = allocate(members.map((m) => m.length), n, nTest);
  const test: number[] = [];
  members.forEach((rows, c) => {
    const order = shuffled(rows, rng);
    for (let k = 0; k < alloc[c]!; k++) test.push(order[k]!);
  });
  if (test.length === 0) {
    throw new SpmError('SPLIT_TOO_SMALL', `no class has the 2 rows a stratified split needs (${n} rows, ${members.length} classes)`, {
      hint: 'check data.target (is it an identifier?) or set split.stratify: false',
    });
  }
  return sortedPair(test, n);
}

/**
 * k folds of rows 0..n−1; fold f's test rows are its own, its train rows all the others.
 * Stratified: each class's rows are shuffled and the classes laid end to end, then dealt to the
 * folds in turn, so per-class and total fold sizes differ by at most one.
 */
export function kFold(n: number, options: FoldOptions): SplitIndices[] {
  const { folds } = options;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new SpmError('PARAMS_INVALID', `train.cv.folds must be a whole number >= 2, got ${folds}`, {
      hint: 'set train.cv.folds, e.g. -S train.cv.folds=5',
    });
  }
  if (n < folds) {
    throw new SpmError('SPLIT_TOO_SMALL', `cannot make ${folds} cross-validation folds from ${n} training rows`, {
      hint: n >= 2 ? `lower train.cv.folds to at most ${n}, or lower split.test_size to keep more training rows` : 'lower split.test_size to keep more training rows, or add data',
    });
  }
  const rng = createRng(options.seed);
  let sequence: Uint32Array;
  if (options.strata === undefined) {
    sequence = permutation(n, rng);
  } else {
    const { codes, members } = groupRows(options.strata, n);
    const smallest = members.reduce((s, m, c) => (m.length < members[s]!.length ? c : s), 0);
    if (members[smallest]!.length < folds) {
      const size = members[smallest]!.length;
      throw new SpmError(
        'SPLIT_TOO_SMALL',
        `class "${className(options, codes[smallest]!)}" has ${size} row${size === 1 ? '' : 's'}, fewer than the ${folds} cross-validation folds`,
        { hint: `lower train.cv.folds to at most ${Math.max(2, size)}, or drop or merge that class` },
      );
    }
    sequence = new Uint32Array(n);
    let at = 0;
    for (const rows of members) {
      sequence.set(shuffled(rows, rng), at);
      at += rows.length;
    }
  }
  const testOf: number[][] = Array.from({ length: folds }, () => []);
  if (options.strata === undefined) {
    // KFold: contiguous blocks of the permutation, the first n mod k folds one row larger.
    let at = 0;
    for (let f = 0; f < folds; f++) {
      const size = Math.floor(n / folds) + (f < n % folds ? 1 : 0);
      for (let k = 0; k < size; k++) testOf[f]!.push(sequence[at++]!);
    }
  } else {
    for (let k = 0; k < n; k++) testOf[k % folds]!.push(sequence[k]!);
  }
  return testOf.map((test) => sortedPair(test, n));
}
