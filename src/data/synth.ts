/**
 * The synthetic student cohort behind `spm synth` (SPEC §2): categories drawn with the real
 * data's shares, scores from a latent ability plus group effects plus noise (the model and its
 * constants are in synth-calibration.ts), written as CSV text in chunks so any number of rows
 * streams in constant memory. Pure: no I/O; the same options always give the same bytes.
 */
import { SpmError } from '../errors.js';
import { createRng, type Rng } from '../util/rng.js';
import {
  ABILITY_LOADINGS,
  ABILITY_SKEW,
  CATEGORY_CALIBRATION,
  SCORE_INTERCEPTS,
  SCORE_NAMES,
  UNIQUE_SDS,
} from './synth-calibration.js';
import { assertShiftName, shiftSpec, type ShiftName, type ShiftSpec } from './synth-shifts.js';

export interface SynthOptions {
  rows: number;
  seed: number;
  shift?: ShiftName | null;
  /** Number of the first student (`S000001` by default). */
  startId?: number;
}

export const SYNTH_COLUMNS: readonly string[] = [
  'student_id',
  ...CATEGORY_CALIBRATION.map((c) => c.name),
  ...SCORE_NAMES,
];

const DEFAULT_CHUNK_ROWS = 65_536;
const MIN_ID_DIGITS = 6;
/** Each category is drawn from 16 random bits (two per 32-bit draw): shares are exact to 1/65536. */
const U16 = 65_536;
const [ZERO, NINE, COMMA, LETTER_S] = [48, 57, 44, 83] as const;
const encoder = new TextEncoder();

/**
 * Everything a row needs, precomputed: categories are independent, so a row's five levels
 * index one of the few hundred level combinations, each with its CSV text and score means.
 */
interface SynthPlan {
  /** Per category column: 16-bit uniform → level. */
  readonly lookups: readonly Uint8Array[];
  /** Per category column: number of levels (mixed radix of the combination index). */
  readonly radix: Int32Array;
  /** Per combination: its five CSV fields, each followed by a comma. */
  readonly comboBytes: readonly Uint8Array[];
  /** Per combination: mean [math, reading, writing] = intercept + effects + shift offset. */
  readonly comboMeans: Float64Array;
}

/** RFC 4180: quote a field only if it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface PlannedColumn {
  levels: string[];
  effects: number[][];
  lookup: Uint8Array;
}

/**
 * A column's levels with the shift applied. Shares are inverse-CDF intervals of the uniform
 * in level order, so raising the first level's share only moves rows *to* it, and a new level
 * takes the top `share` of every interval: a shift never moves rows between unshifted levels.
 */
function planColumn(column: (typeof CATEGORY_CALIBRATION)[number], shift: ShiftSpec | null): PlannedColumn {
  const levels: string[] = [...column.levels];
  const shares: number[] = [...column.shares];
  const effects = column.effects.map((e) => [...e]);
  if (column.name === 'test_preparation_course' && shift?.testPrepCompletedShare !== undefined) {
    shares[0] = shift.testPrepCompletedShare;
  }
  if (column.name === 'lunch' && shift?.lunchFreeReducedShare !== undefined) {
    shares[0] = shift.lunchFreeReducedShare;
  }
  const added = column.name === 'parental_level_of_education' ? shift?.newParentalLevel : undefined;
  if (added) {
    const like = effects[levels.indexOf(added.scoredLike)];
    if (!like) throw new Error(`shift scores "${added.name}" like unknown level "${added.scoredLike}"`);
    levels.push(added.name);
    effects.push(like);
  }
  const carve = added?.share ?? 0;
  const lookup = new Uint8Array(U16);
  let u16 = 0;
  let lo = 0;
  for (let k = 0; k < shares.length; k++) {
    const hi = k === shares.length - 1 ? U16 : lo + shares[k]! * U16;
    const keep = lo + (1 - carve) * (hi - lo);
    for (; u16 + 0.5 < hi; u16++) lookup[u16] = u16 + 0.5 < keep ? k : shares.length;
    lo = hi;
  }
  return { levels, effects, lookup };
}

function buildPlan(shift: ShiftSpec | null): SynthPlan {
  const columns = CATEGORY_CALIBRATION.map((c) => planColumn(c, shift));
  const offsets = shift?.scoreOffsets ?? [0, 0, 0];
  const comboBytes: Uint8Array[] = [];
  const means: number[] = [];
  // Mixed-radix enumeration, first column most significant (matches the index built per row).
  const visit = (k: number, text: string, mean: readonly number[]): void => {
    const column = columns[k];
    if (!column) {
      comboBytes.push(encoder.encode(text));
      means.push(...mean);
      return;
    }
    column.levels.forEach((level, j) => {
      const effect = column.effects[j]!;
      visit(k + 1, `${text}${csvField(level)},`, mean.map((m, s) => m + effect[s]!));
    });
  };
  visit(0, '', SCORE_INTERCEPTS.map((b, s) => b + offsets[s]!));
  return {
    lookups: columns.map((c) => c.lookup),
    radix: Int32Array.from(columns, (c) => c.levels.length),
    comboBytes,
    comboMeans: Float64Array.from(means),
  };
}

/**
 * Latent ability with skewness ABILITY_SKEW from one standard normal z:
 * a = (z + c(z² − 1)) / √(1 + 2c²), whose skewness is (6c + 8c³) / (1 + 2c²)^{3/2}
 * (moments of the normal: E z⁴ = 3, E z⁶ = 15); c is found by bisection.
 */
const ability = (() => {
  const skewOf = (c: number): number => (6 * c + 8 * c ** 3) / (1 + 2 * c * c) ** 1.5;
  let [lo, hi] = [-0.3, 0.3];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (skewOf(mid) < ABILITY_SKEW) lo = mid;
    else hi = mid;
  }
  const c = (lo + hi) / 2;
  const scale = 1 / Math.sqrt(1 + 2 * c * c);
  return (z: number): number => (z + c * (z * z - 1)) * scale;
})();

/** "0," … "100," as bytes, separator included; index 101 + v gives the same with a newline. */
const SCORE_BYTES: readonly Uint8Array[] = [',', '\n'].flatMap((sep) =>
  Array.from({ length: 101 }, (_, v) => encoder.encode(`${v}${sep}`)),
);

function validate(opts: SynthOptions): void {
  if (!Number.isInteger(opts.rows) || opts.rows < 1) {
    throw new SpmError('USAGE', `rows must be a whole number of at least 1, got ${String(opts.rows)}`, {
      hint: 'pass e.g. --rows 1000',
    });
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) {
    throw new SpmError('USAGE', `seed must be a whole number from 0 to 4294967295, got ${String(opts.seed)}`, {
      hint: 'pass e.g. --seed 42',
    });
  }
  if (opts.shift != null) assertShiftName(opts.shift); // a cast string must not pass silently
  const start = opts.startId ?? 1;
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(start + opts.rows)) {
    throw new SpmError('USAGE', `startId must be a whole number of at least 0, got ${String(start)}`);
  }
}

/**
 * Generates the cohort as CSV text (header in the first chunk, LF line endings), `chunkRows`
 * rows per chunk. Every row draws the same random numbers whatever the shift, so the chunk size
 * never changes the text and a shifted cohort is row-aligned with the unshifted one.
 * Options are checked on the call, before the first chunk is asked for.
 */
export function synthChunks(opts: SynthOptions, chunkRows = DEFAULT_CHUNK_ROWS): Generator<string> {
  validate(opts);
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError('chunkRows must be a positive integer');
  return generateChunks(opts, chunkRows);
}

function* generateChunks(opts: SynthOptions, chunkRows: number): Generator<string> {
  const plan = buildPlan(opts.shift ? shiftSpec(opts.shift) : null);
  const start = opts.startId ?? 1;
  const id = encoder.encode(String(start).padStart(Math.max(MIN_ID_DIGITS, String(start + opts.rows - 1).length), '0'));
  const maxRowBytes = 2 + id.length + Math.max(...plan.comboBytes.map((b) => b.length)) + 12;
  const rowsPerChunk = Math.min(chunkRows, opts.rows);
  const buf = new Uint8Array(rowsPerChunk * maxRowBytes);
  const rng = createRng(opts.seed);
  const decoder = new TextDecoder();
  let header = SYNTH_COLUMNS.join(',') + '\n';
  for (let done = 0; done < opts.rows; done += rowsPerChunk) {
    const end = writeRows(plan, rng, id, buf, Math.min(rowsPerChunk, opts.rows - done));
    yield header + decoder.decode(buf.subarray(0, end));
    header = '';
  }
}

/** Writes `n` rows into `buf` from offset 0 and advances `id` (ASCII digits); returns the end offset. */
function writeRows(plan: SynthPlan, rng: Rng, id: Uint8Array, buf: Uint8Array, n: number): number {
  const { lookups, radix, comboBytes, comboMeans } = plan;
  let pos = 0;
  for (let row = 0; row < n; row++) {
    buf[pos++] = LETTER_S;
    buf.set(id, pos); // typed-array copies beat byte loops from about 8 bytes on
    pos += id.length;
    buf[pos++] = COMMA;
    // The next id: digits from the right, 9 → 0 with a carry (id has room for the last row's id).
    for (let i = id.length - 1, digit = id[i]; digit !== undefined; digit = id[--i]) {
      if (digit !== NINE) {
        id[i] = digit + 1;
        break;
      }
      id[i] = ZERO;
    }
    let combo = 0;
    let bits = 0;
    for (let k = 0; k < lookups.length; k++) {
      if ((k & 1) === 0) bits = rng.next() * 4294967296; // rng.next() is a 32-bit integer / 2³²
      const u16 = (k & 1) === 0 ? bits >>> 16 : bits & 0xffff;
      combo = combo * radix[k]! + lookups[k]![u16]!;
    }
    const text = comboBytes[combo]!;
    buf.set(text, pos);
    pos += text.length;
    const a = ability(rng.normal());
    for (let s = 0; s < 3; s++) {
      const v = Math.round(comboMeans[combo * 3 + s]! + ABILITY_LOADINGS[s]! * a + UNIQUE_SDS[s]! * rng.normal());
      const digits = SCORE_BYTES[(v < 0 ? 0 : v > 100 ? 100 : v) + (s === 2 ? 101 : 0)]!;
      for (let i = 0; i < digits.length; i++) buf[pos++] = digits[i]!;
    }
  }
  return pos;
}
