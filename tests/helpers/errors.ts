/** The SpmError a call throws (or a promise rejects with), so a test can check what users see. */
import { expect } from 'vitest';
import { SpmError } from '../../src/errors.js';

export function thrownSpmError(fn: () => unknown): SpmError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SpmError);
    return e as SpmError;
  }
  throw new Error('expected an SpmError');
}

export async function rejectedSpmError(p: Promise<unknown>): Promise<SpmError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SpmError);
    return e as SpmError;
  }
  throw new Error('expected a rejection');
}
