/**
 * The one error type meant for people (STYLE 5). Anything else that reaches the entry point
 * is a bug: it is printed with its stack and exits 70.
 */
import { clip } from './util/clip.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export { ERROR_CODES, isErrorCode, type ErrorCode } from './error-codes.js';

export const EXIT = {
  ok: 0,
  user: 1,
  usage: 2,
  drift: 3,
  gate: 4,
  internal: 70,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code a code always ends with (ERROR_CODES). */
export const exitCodeOf = (code: ErrorCode): ExitCode => EXIT[ERROR_CODES[code].exit];

export interface SpmErrorOptions {
  /** What to do next, ideally naming the command to run. */
  hint?: string;
  cause?: unknown;
}

/** Longest message or hint an SpmError carries, in characters. */
export const MAX_MESSAGE = 4000;

export class SpmError extends Error {
  readonly code: ErrorCode;
  /** Exit code (SPEC §7), fixed by the code: see ERROR_CODES. */
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: SpmErrorOptions = {}) {
    // A last guard on size: whatever a message quotes, it stays readable (see util/clip.ts).
    super(clip(message, MAX_MESSAGE), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SpmError';
    this.code = code;
    this.exitCode = exitCodeOf(code);
    this.hint = options.hint === undefined ? undefined : clip(options.hint, MAX_MESSAGE);
  }
}

export const isSpmError = (e: unknown): e is SpmError => e instanceof SpmError;
