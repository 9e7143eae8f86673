// Regenerates params.schema.json (the editor schema of params.yaml) from the params schema the
// code validates with: `node scripts/params-json-schema.mjs`. tests/pipeline/params-json-schema.test.ts
// checks the file is up to date and that it judges the tests' params documents as spm does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource, root } from './readme-reference.mjs';

const { paramsJsonSchemaText } = await importSource("export { paramsJsonSchemaText } from './src/pipeline/params-json-schema.ts';");
writeFileSync(join(root, 'params.schema.json'), paramsJsonSchemaText());
