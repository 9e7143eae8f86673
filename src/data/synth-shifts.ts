/**
 * Shift presets for `spm synth --shift NAME`: cohorts that differ from the calibrated one in a
 * known way, for drift demonstrations. A shift only changes parameters, never how many random
 * numbers a row draws, so a shifted and an unshifted cohort with the same seed are row-aligned
 * and differ exactly in the columns listed in each description.
 */
import { SpmError } from '../errors.js';
import { WRITING_ON_READING_GIVEN_MATH } from './synth-calibration.js';

export interface ShiftSpec {
  /** One line for `spm synth --help`: what changes and which columns move. */
  readonly description: string;
  /** Share of test_preparation_course = completed (calibrated: 0.358). */
  readonly testPrepCompletedShare?: number;
  /** Share of lunch = free/reduced (calibrated: 0.355). */
  readonly lunchFreeReducedShare?: number;
  /** Points added to [math, reading, writing] before rounding and clipping. */
  readonly scoreOffsets?: readonly [number, number, number];
  /**
   * A parental_level_of_education level the calibrated data never has. It takes `share` of
   * every existing level (so rows only ever move *to* it) and the score effects of `scoredLike`.
   */
  readonly newParentalLevel?: { readonly name: string; readonly share: number; readonly scoredLike: string };
}

const READING_DROP = 8;
const lowerReading = [0, -READING_DROP, -READING_DROP * WRITING_ON_READING_GIVEN_MATH] as const;

/** The presets, by name. */
export const SHIFTS = {
  less_test_prep: {
    description:
      'test preparation completed by 10% instead of 36%; moves test_preparation_course and, through its effect, all three scores',
    testPrepCompletedShare: 0.1,
  },
  lower_reading: {
    description:
      'reading 8 points lower on average, writing 5.2 lower (it follows reading with math held fixed); math and categories unchanged',
    scoreOffsets: lowerReading,
  },
  new_category: {
    description:
      'new parental_level_of_education "doctorate" on 15% of rows (scored like master\'s degree); moves that column and the scores of those rows',
    newParentalLevel: { name: 'doctorate', share: 0.15, scoredLike: "master's degree" },
  },
  free_lunch_surge: {
    description:
      'free/reduced lunch for 60% of students instead of 36%; moves lunch and, through its effect, all three scores',
    lunchFreeReducedShare: 0.6,
  },
  mixed: {
    description:
      'less_test_prep, lower_reading and new_category together; moves every column except student_id, gender, race_ethnicity and lunch',
    testPrepCompletedShare: 0.1,
    scoreOffsets: lowerReading,
    newParentalLevel: { name: 'doctorate', share: 0.15, scoredLike: "master's degree" },
  },
} as const satisfies Record<string, ShiftSpec>;

export type ShiftName = keyof typeof SHIFTS;

export const SHIFT_NAMES = Object.keys(SHIFTS) as readonly ShiftName[];

export function isShiftName(name: string): name is ShiftName {
  return Object.hasOwn(SHIFTS, name);
}

/** Throws a usage error listing the valid names unless `name` is a shift preset. */
export function assertShiftName(name: string): asserts name is ShiftName {
  if (isShiftName(name)) return;
  throw new SpmError('USAGE', `unknown shift "${name}"; valid shifts: ${SHIFT_NAMES.join(', ')}`, {
    hint: 'run `spm synth --help` for what each shift changes',
  });
}

/** The spec of a preset (typed as the common shape). */
export function shiftSpec(name: ShiftName): ShiftSpec {
  return SHIFTS[name];
}
