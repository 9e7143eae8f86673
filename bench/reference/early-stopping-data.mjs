// Writes the input of bench/reference/early_stopping.py to stdout: gridData(400, 11) and spm's
// validation split of it per target (bundled from the TypeScript sources with esbuild).
// Usage: node bench/reference/early-stopping-data.mjs | /usr/bin/python3 bench/reference/early_stopping.py
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = `
import { gridData } from './tests/helpers/model-fixtures.ts';
import { validationSplit } from './src/models/validation-split.ts';
import { createRng } from './src/util/rng.ts';
const d = gridData(400, 11);
const all = Uint32Array.from({ length: 400 }, (_, i) => i);
const out = { X: Array.from({ length: 400 }, (_, i) => Array.from(d.X.data.subarray(i * 5, i * 5 + 5))), reg: Array.from(d.reg), bin: Array.from(d.bin), multi: Array.from(d.multi) };
for (const [name, task] of [['reg', 'regression'], ['bin', 'classification'], ['multi', 'classification']]) {
  const s = validationSplit(all, d[name], task, 0.2, createRng(0));
  out['split_' + name] = { fit: Array.from(s.fit), validation: Array.from(s.validation) };
}
process.stdout.write(JSON.stringify(out));
`;
const outfile = `${root}.early-stopping-data.mjs`;
await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, external: ['vitest'], logLevel: 'warning' });
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outfile, { force: true });
}
