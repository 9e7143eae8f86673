/**
 * One categorical input column → a full one-hot block (no dropped level). Categories are
 * matched by text, never by code: a table read at predict time has its own dictionary.
 */
import type { CategoricalColumn } from '../data/table.js';
import { SpmError } from '../errors.js';

export interface CategoricalParams {
  readonly impute: 'most_frequent' | 'missing';
  /** Categories with fewer train rows than this are merged into OTHER_LEVEL. */
  readonly min_frequency: number;
}

export const OTHER_LEVEL = '__other__';
export const MISSING_LEVEL = '__missing__';
export const RESERVED_LEVELS: ReadonlySet<string> = new Set([OTHER_LEVEL, MISSING_LEVEL]);

export interface CategoricalStep {
  readonly kind: 'categorical';
  readonly name: string;
  /** Output levels in order: frequent train categories sorted, then OTHER_LEVEL, MISSING_LEVEL if used. */
  readonly levels: readonly string[];
  /** Train categories (sorted) that map to OTHER_LEVEL. */
  readonly infrequent: readonly string[];
  /** The level a missing value takes, or null (no train category at all: an all-zero block). */
  readonly missingLevel: string | null;
}

/** Code-unit order, independent of the locale (as numpy's sort of str values for ASCII). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Fits the step on train rows. Only categories that occur in train count as seen (a split
 * shares its parent's dictionary). As in sklearn's SimpleImputer(strategy='most_frequent'),
 * the mode breaks ties by the smallest value, and missing cells imputed to it count toward its
 * frequency before `min_frequency` is applied (an imputer-then-encoder pipeline). The
 * MISSING_LEVEL, when train had missing values, is always its own level.
 */
export function fitCategorical(column: CategoricalColumn, params: CategoricalParams): CategoricalStep {
  const byCode = new Float64Array(column.dictionary.length);
  let missing = 0;
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0) missing++;
    else byCode[code]!++;
  }
  const counts = new Map<string, number>();
  column.dictionary.forEach((text, code) => {
    if (byCode[code]! > 0) counts.set(text, (counts.get(text) ?? 0) + byCode[code]!);
  });
  const seen = [...counts.keys()].sort(byText);
  const reserved = seen.find((text) => RESERVED_LEVELS.has(text));
  if (reserved !== undefined) {
    throw new SpmError('CATEGORY_RESERVED', `column "${column.name}" has the category "${reserved}", a name the feature pipeline reserves`, {
      hint: 'rename that category in the source data, then run `spm ingest` again',
    });
  }
  const countOf = (text: string): number => counts.get(text) ?? 0; // every text of `seen` is counted
  let mode: string | null = null;
  for (const text of seen) if (mode === null || countOf(text) > countOf(mode)) mode = text;

  const ownMissing = params.impute === 'missing' && missing > 0;
  if (!ownMissing && mode !== null) counts.set(mode, countOf(mode) + missing);
  const kept = seen.filter((text) => countOf(text) >= params.min_frequency);
  const infrequent = seen.filter((text) => countOf(text) < params.min_frequency);
  const levels = [...kept];
  if (infrequent.length > 0) levels.push(OTHER_LEVEL);
  if (ownMissing) levels.push(MISSING_LEVEL);

  let missingLevel: string | null = null;
  if (ownMissing) missingLevel = MISSING_LEVEL;
  else if (mode !== null) missingLevel = infrequent.includes(mode) ? OTHER_LEVEL : mode;
  return { kind: 'categorical', name: column.name, levels, infrequent, missingLevel };
}

/** Entries of a code map: no output (missing without a level) and a category unseen at fit. */
export const NO_LEVEL = -1;
export const UNSEEN = -2;

/**
 * The output level of every code of `dictionary`, shifted by one so that map[0] is missing
 * (code -1): map[code + 1] is a level index, NO_LEVEL or UNSEEN. Built once per table, so the
 * row loop is a single typed-array lookup.
 */
export function codeMap(step: CategoricalStep, dictionary: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  step.levels.forEach((level, i) => {
    if (!RESERVED_LEVELS.has(level)) index.set(level, i);
  });
  const other = step.levels.indexOf(OTHER_LEVEL);
  for (const text of step.infrequent) index.set(text, other);
  const map = new Int32Array(dictionary.length + 1);
  map[0] = step.missingLevel === null ? NO_LEVEL : step.levels.indexOf(step.missingLevel);
  dictionary.forEach((text, code) => {
    map[code + 1] = index.get(text) ?? UNSEEN;
  });
  return map;
}

/**
 * Sets the one-hot cells for rows [start, end) into `out` (already zero) at
 * out[i * stride + offset + level] and returns how many rows had an unseen category.
 */
export function applyCategorical(
  map: Int32Array,
  codes: Int32Array,
  out: Float64Array,
  stride: number,
  offset: number,
  start: number,
  end: number,
): number {
  let unseen = 0;
  for (let i = start, k = start * stride + offset; i < end; i++, k += stride) {
    const level = map[codes[i]! + 1]!;
    if (level >= 0) out[k + level] = 1;
    else if (level === UNSEEN) unseen++;
  }
  return unseen;
}
