import { expect } from 'vitest';

/** |actual − expected| ≤ rtol·|expected| (exact equality for 0); fails on undefined and NaN. */
export function close(actual: number | undefined, expected: number, rtol: number): void {
  expect(actual).toBeTypeOf('number');
  expect(Number.isNaN(actual)).toBe(false);
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rtol * Math.abs(expected));
}
