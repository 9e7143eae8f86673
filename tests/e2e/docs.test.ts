/** The README's params reference and error code tables are generated; keep them in step with their sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeParams } from '../../src/pipeline/params-schema.js';
import { ERROR_CODES, HTTP_ERROR_CODES } from '../../src/error-codes.js';
import { EXIT } from '../../src/errors.js';
import { SPM_VERSION } from '../../src/version.js';
import { errorCodeRows, httpCodeRows, paramsRows, readBlock } from '../../scripts/readme-reference.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('documentation', () => {
  it('README params reference lists every key with its type and default', () => {
    expect(readBlock(readme, 'params-reference')).toEqual(paramsRows(describeParams()));
  });

  it('README error codes list every code of src/error-codes.ts with its exit code and meaning', () => {
    expect(readBlock(readme, 'error-codes')).toEqual(errorCodeRows(ERROR_CODES, EXIT));
    expect(readBlock(readme, 'http-error-codes')).toEqual(httpCodeRows(HTTP_ERROR_CODES));
  });

  it('the error code rows name each code, its exit code (or HTTP status) and meaning', () => {
    // Spelled out once, so a change to the row format that drops a column cannot pass unnoticed.
    expect(errorCodeRows(ERROR_CODES, EXIT)).toContain('| `USAGE` | 2 | the command line is wrong: an unknown command or option, a bad option value or combination, a malformed -S |');
    expect(errorCodeRows(ERROR_CODES, EXIT)).toContain('| `INTERNAL` | 70 | a bug in spm: the message and stack trace go to stderr; please report it |');
    expect(httpCodeRows(HTTP_ERROR_CODES)).toContain('| `TOO_LARGE` | 413 | the body is larger than --max-body |');
  });

  it('src/version.ts matches package.json', () => {
    expect(SPM_VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});
