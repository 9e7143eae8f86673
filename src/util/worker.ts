/**
 * Errors across a worker-thread boundary: structured cloning drops an error's class, so an
 * SpmError thrown in a worker (a bad hyper-parameter, a missing column) would reach the entry
 * point as an internal error (exit 70). Both workers send errors in this form, and the main
 * thread rebuilds the SpmError with its code, hint and exit code.
 */
import { isSpmError, SpmError, type ExitCode } from '../errors.js';

export interface SerializedError {
  readonly spm: { readonly code: string; readonly message: string; readonly hint: string | null; readonly exitCode: number } | null;
  readonly message: string;
  readonly stack: string;
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    spm: isSpmError(e) ? { code: e.code, message: e.message, hint: e.hint ?? null, exitCode: e.exitCode } : null,
    message: e.message,
    stack: e.stack ?? '',
  };
}

export function deserializeError(s: SerializedError): Error {
  if (s.spm) return new SpmError(s.spm.code, s.spm.message, { hint: s.spm.hint ?? undefined, exitCode: s.spm.exitCode as ExitCode });
  const e = new Error(s.message);
  e.stack = s.stack;
  return e;
}
