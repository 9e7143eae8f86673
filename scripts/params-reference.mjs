// Regenerates the README's params reference (between the params-reference markers) from the
// params schema: `node scripts/params-reference.mjs`. tests/e2e/docs.test.ts checks the two agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { importSource, paramsRows, readmePath, replaceBlock } from './readme-reference.mjs';

const { describeParams } = await importSource("export { describeParams } from './src/pipeline/params-schema.ts';");
writeFileSync(readmePath, replaceBlock(readFileSync(readmePath, 'utf8'), 'params-reference', paramsRows(describeParams())));
