/** Errors that cross a worker-thread boundary come back as they were, when their code is in the table. */
import { describe, expect, it } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { deserializeError, serializeError, type SerializedError } from '../../src/util/worker.js';

/** Through structured cloning, as postMessage sends it. */
const across = (error: unknown): Error => deserializeError(structuredClone(serializeError(error)));

describe('worker errors', () => {
  it('an SpmError comes back with its code, message, hint and exit code', () => {
    const back = across(new SpmError('PARAMS_INVALID', 'random_forest: n_estimators must be a whole number >= 1, got 0', { hint: 'fix train.models.random_forest.n_estimators in the params file' }));
    expect(back).toBeInstanceOf(SpmError);
    const e = back as SpmError;
    expect([e.code, e.message, e.hint, e.exitCode]).toEqual(['PARAMS_INVALID', 'random_forest: n_estimators must be a whole number >= 1, got 0', 'fix train.models.random_forest.n_estimators in the params file', 1]);
  });

  it('any other error comes back as a plain Error (a bug: exit 70) with its message and stack', () => {
    const original = new TypeError('x is undefined');
    const back = across(original);
    expect(back).not.toBeInstanceOf(SpmError);
    expect([back.message, back.stack]).toEqual(['x is undefined', original.stack]);
  });

  it('a code that is not in the table is not trusted: a plain Error naming it', () => {
    const forged: SerializedError = { spm: { code: 'data_not_found', message: 'data file not found: a.csv', hint: null, exitCode: 1 }, message: 'data file not found: a.csv', stack: 'Error: data file not found: a.csv' };
    const back = deserializeError(forged);
    expect(back).not.toBeInstanceOf(SpmError);
    expect(back.message).toBe('a worker sent the unknown error code "data_not_found": data file not found: a.csv');
  });

  it('the exit code follows the code, not what the worker sent', () => {
    const sent: SerializedError = { spm: { code: 'USAGE', message: 'unknown shift "x"', hint: null, exitCode: 1 }, message: 'unknown shift "x"', stack: '' };
    expect((deserializeError(sent) as SpmError).exitCode).toBe(2);
  });
});
