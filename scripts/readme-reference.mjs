// What the README's generated references share: loading a TypeScript module of src/ from a
// script, the marked blocks of the README, and the table rows. The scripts that write the
// blocks and tests/e2e/docs.test.ts, which checks them, both use these rows.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const readmePath = join(root, 'README.md');

/** The exports `source` (an export statement over src/ paths) gives, bundled with esbuild. */
export async function importSource(source) {
  const dir = mkdtempSync(join(tmpdir(), 'spm-readme-'));
  try {
    const out = join(dir, 'module.mjs');
    await build({ stdin: { contents: source, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
    return await import(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const markers = (name) => [`<!-- ${name}:start -->\n`, `<!-- ${name}:end -->`];

/** The lines between the README's `name` markers. */
export function readBlock(readme, name) {
  const [start, end] = markers(name);
  const parts = readme.split(start);
  if (parts.length !== 2) throw new Error(`README.md needs one ${start.trim()} marker`);
  return parts[1].split(end)[0].replace(/\n$/, '').split('\n');
}

/** The README with the lines between the `name` markers replaced by `lines`. */
export function replaceBlock(readme, name, lines) {
  const [start, end] = markers(name);
  const [head, rest] = readme.split(start);
  return `${head}${start}${lines.join('\n')}\n${end}${rest.split(end)[1]}`;
}

const esc = (s) => String(s).replace(/\|/g, '\\|');

/** Rows of the params reference: path, type, default, description (describeParams()). */
export const paramsRows = (described) => described.map((d) => `| \`${d.path}\` | ${esc(d.type)} | \`${esc(d.default)}\` | ${esc(d.description)} |`);

/** Rows of the error codes: code, exit code, meaning (ERROR_CODES, with EXIT for the numbers). */
export const errorCodeRows = (codes, exit) => Object.entries(codes).map(([code, e]) => `| \`${code}\` | ${exit[e.exit]} | ${esc(e.meaning)} |`);

/** Rows of the HTTP error codes of `spm serve`: code, status, meaning (HTTP_ERROR_CODES). */
export const httpCodeRows = (codes) => Object.entries(codes).map(([code, e]) => `| \`${code}\` | ${e.status} | ${esc(e.meaning)} |`);
