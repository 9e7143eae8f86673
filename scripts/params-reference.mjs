// Regenerates the README's params reference (between the params-reference markers) from the
// params schema: `node scripts/params-reference.mjs`. tests/e2e/docs.test.ts checks the two agree.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'spm-params-'));
const out = join(dir, 'params-schema.mjs');
await build({ stdin: { contents: "export { describeParams } from './src/pipeline/params-schema.ts';", resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const { describeParams } = await import(out);
rmSync(dir, { recursive: true, force: true });
const esc = (s) => s.replace(/\|/g, '\\|');
const rows = describeParams().map((d) => `| \`${d.path}\` | ${esc(d.type)} | \`${esc(d.default)}\` | ${esc(d.description)} |`);
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const [head, rest] = readme.split('<!-- params-reference:start -->\n');
const tail = rest.split('<!-- params-reference:end -->')[1];
writeFileSync(join(root, 'README.md'), `${head}<!-- params-reference:start -->\n${rows.join('\n')}\n<!-- params-reference:end -->${tail}`);
