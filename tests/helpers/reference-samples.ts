/**
 * Small fixed samples the statistics tests (tests/stats, tests/analysis, tests/drift) check
 * against scipy; the reference scripts quoted in those tests use the same literals.
 */
export const A = [0.61, -1.23, 0.05, 1.87, -0.44, 0.92, 2.31, -0.08, 0.47, -1.65, 1.12, 0.33];
export const B = [1.41, 0.77, 2.05, 1.96, 0.12, 2.88, 1.53, 0.98, 3.14];
/** Exam scores, many ties. */
export const TA = [55, 60, 60, 65, 70, 70, 70, 75, 80, 85, 90, 60];
export const TB = [60, 65, 70, 70, 75, 80, 80, 85, 90, 95];
export const TC = [50, 55, 55, 60, 60, 65, 70];
export const X = [1.2, 2.4, 2.4, 3.1, 4.8, 5.0, 5.0, 6.3, 7.7, 8.1, 9.4, 10.2];
export const Y = [2.0, 1.8, 3.5, 3.5, 4.1, 6.2, 5.9, 5.9, 8.8, 7.4, 9.9, 12.5];

/** Every value plus `shift` (A + 1e6 in the reference scripts). */
export const plus = (values: readonly number[], shift: number): number[] => values.map((v) => v + shift);
