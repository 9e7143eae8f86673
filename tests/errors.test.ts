/** The one table of error codes (src/error-codes.ts) and SpmError, which takes its codes from it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, HTTP_ERROR_CODES, isErrorCode, type ErrorCode } from '../src/error-codes.js';
import { EXIT, SpmError } from '../src/errors.js';

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Every .ts file under src/, as text. */
function sources(dir = new URL('../src/', import.meta.url).pathname): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('error codes', () => {
  it('are UPPER_SNAKE_CASE, in both tables', () => {
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(HTTP_ERROR_CODES)]) expect(code).toMatch(UPPER_SNAKE);
  });

  it('each have a one-line meaning, and an exit code of SPEC §7 (or an HTTP error status)', () => {
    for (const { exit, meaning } of Object.values(ERROR_CODES)) {
      expect([EXIT.user, EXIT.usage, EXIT.internal]).toContain(EXIT[exit]);
      expect(meaning).toMatch(/^[a-z][^\n]{10,160}[^.]$/);
    }
    for (const { status, meaning } of Object.values(HTTP_ERROR_CODES)) {
      expect(status >= 400 && status < 600).toBe(true);
      expect(meaning).toMatch(/^[a-z][^\n]{5,160}[^.]$/);
    }
  });

  it('are each used somewhere in src (no entry outlives its last use)', () => {
    const text = sources().join('\n');
    const unused = [...Object.keys(ERROR_CODES), ...Object.keys(HTTP_ERROR_CODES)].filter((code) => {
      const uses = text.split(`'${code}'`).length - 1;
      return uses === 0;
    });
    expect(unused).toEqual([]);
  });

  it('isErrorCode accepts the table and nothing else', () => {
    expect(isErrorCode('DATA_NOT_FOUND')).toBe(true);
    for (const other of ['data_not_found', 'PARAM_INVALID', 'toString', '__proto__', '', 42, null]) expect(isErrorCode(other)).toBe(false);
  });
});

describe('SpmError', () => {
  it('takes its exit code from the table', () => {
    expect(new SpmError('DATA_NOT_FOUND', 'data file not found: x.csv').exitCode).toBe(EXIT.user);
    expect(new SpmError('USAGE', "--port: 'x' is not a port number").exitCode).toBe(EXIT.usage);
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) expect(new SpmError(code, 'm').exitCode).toBe(EXIT[ERROR_CODES[code].exit]);
  });

  it('keeps code, message and hint', () => {
    const e = new SpmError('MISSING_COLUMN', "missing column 'lunch' in a.csv", { hint: 'the header has: gender' });
    expect([e.name, e.code, e.message, e.hint]).toEqual(['SpmError', 'MISSING_COLUMN', "missing column 'lunch' in a.csv", 'the header has: gender']);
  });
});
