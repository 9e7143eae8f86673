// Builds the CLI into dist/ as a few bundled ES modules (esbuild). Bundling matters for
// start-up: loading yaml and commander as hundreds of small files cost more than the
// 0.15 s start-up budget of SPEC §8. Heavy code stays in lazily imported chunks.
// Types are checked separately (`tsc --noEmit`, part of `npm run build`); the library API's
// declarations (dist/types/, from tsconfig.types.json) are emitted after the bundle.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // Flat output: chunks and the worker sit beside main.js, so `new URL('./cv-worker.js',
  // import.meta.url)` finds the worker from whichever chunk runs it.
  entryPoints: { main: 'src/cli/main.ts', index: 'src/index.ts', 'cv-worker': 'src/models/cv-worker.ts', 'forest-worker': 'src/models/forest-worker.ts', 'parse-worker': 'src/scoring/parse-worker.ts', 'csv-part-worker': 'src/data/csv-part-worker.ts', 'piece-worker': 'src/queue/piece-worker.ts' },
  outdir: 'dist',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __spmCreateRequire } from 'node:module'; const require = __spmCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
// The dashboard of `spm serve` is plain HTML/CSS/JS, served as files: beside the bundle, as it
// sits beside src/serve/server.ts in the sources.
cpSync(`${root}src/serve/dashboard`, `${root}dist/dashboard`, { recursive: true });
// The library API's types (package.json `exports` → dist/index.d.ts). tsc is a dev dependency:
// the build runs from a clone (`prepare`), never from an installed tarball, which ships dist/.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.types.json`], { stdio: 'inherit' });
writeFileSync(`${root}dist/index.d.ts`, "export * from './types/index.js';\n");
