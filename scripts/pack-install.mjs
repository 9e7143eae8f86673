// Packs this project (`npm pack`) and installs the tarball into an empty folder outside the
// source tree, as a user would: shared by tests/e2e/package.test.ts and bench/install.mjs.
// The package has no runtime dependencies (the bundle in dist/ holds them), so the install
// reads nothing but the tarball; npm still asks the registry when it can (a clear failure, not
// a skip, when that breaks). `npm pack` does not build: run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm's own output stays out of the way; its config stays the user's (registry, proxy, CA). */
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

/** Packs the project into `into` and returns the tarball's path. */
export function packProject(into) {
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', into, ...quiet], { cwd: ROOT, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out);
  return join(into, filename);
}

/** Bytes under `dir`, as `du` counts them (file sizes, not blocks). */
export function folderBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) total += statSync(join(e.parentPath ?? e.path, e.name)).size;
  return total;
}

/**
 * Packs, then installs the tarball into a new empty folder: `{ dir, tarball, seconds, bytes }`,
 * `seconds` for `npm i ./spm-ml-x.y.z.tgz` alone and `bytes` of its node_modules.
 */
export function packAndInstall() {
  const packDir = mkdtempSync(join(tmpdir(), 'spm-pack-'));
  const tarball = packProject(packDir);
  const dir = mkdtempSync(join(tmpdir(), 'spm-user-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "spm-user", "private": true, "type": "module" }\n');
  const started = performance.now();
  execFileSync(npm, ['install', tarball, ...quiet], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  return { dir, tarball, seconds, bytes: folderBytes(join(dir, 'node_modules')) };
}

/** The two-line params file of the README's Install section. */
export const TWO_LINE_PARAMS = 'data: { source: data/students.csv, target: math_score }\ntrain: { models: { linear: {}, ridge: { alpha: [1] } } }\n';
