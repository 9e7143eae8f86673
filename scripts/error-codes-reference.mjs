// Regenerates the README's error code tables (between the error-codes and http-error-codes
// markers) from src/error-codes.ts: `node scripts/error-codes-reference.mjs`.
// tests/e2e/docs.test.ts checks the README and the tables agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { errorCodeRows, httpCodeRows, importSource, readmePath, replaceBlock } from './readme-reference.mjs';

const { ERROR_CODES, HTTP_ERROR_CODES, EXIT } = await importSource("export { ERROR_CODES, HTTP_ERROR_CODES } from './src/error-codes.ts'; export { EXIT } from './src/errors.ts';");
let readme = readFileSync(readmePath, 'utf8');
readme = replaceBlock(readme, 'error-codes', errorCodeRows(ERROR_CODES, EXIT));
readme = replaceBlock(readme, 'http-error-codes', httpCodeRows(HTTP_ERROR_CODES));
writeFileSync(readmePath, readme);
