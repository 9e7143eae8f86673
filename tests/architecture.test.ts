/**
 * The layering of src/ (ARCHITECTURE.md) as a test: every import of every src/**\/*.ts file
 * (`import type`, `export … from` and `import()` count) goes to its own folder or to a lower
 * layer; only the folders of one group may import each other. The core never imports the
 * config layer (pipeline/), the command use cases (actions/), the server or the CLI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Lowest first. `peers`: the group's folders may import each other. Files at src/ top level are named by their base name. */
const LAYERS = [
  { name: 'foundations', folders: ['errors', 'error-codes', 'version', 'util', 'store', 'types'], peers: true },
  { name: 'statistics', folders: ['stats'], peers: false },
  { name: 'core', folders: ['data', 'features', 'models', 'metrics', 'drift', 'analysis'], peers: true },
  { name: 'scoring', folders: ['scoring'], peers: false },
  { name: 'export', folders: ['export'], peers: false },
  { name: 'config and stages', folders: ['pipeline'], peers: false },
  { name: 'report', folders: ['report'], peers: false },
  { name: 'command use cases', folders: ['actions'], peers: false },
  { name: 'queue', folders: ['queue'], peers: false },
  { name: 'server', folders: ['serve'], peers: false },
  { name: 'command line', folders: ['cli'], peers: false },
  { name: 'library API', folders: ['api', 'index'], peers: true },
] as const;

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** The folder under src/ a src-relative path belongs to ('errors' for src/errors.ts). */
const folderOf = (path: string): string => path.split('/')[0]!.replace(/\.(d\.ts|ts|js)$/, '');

function layerOf(folder: string): { index: number; peers: boolean; name: string } | undefined {
  const index = LAYERS.findIndex((l) => (l.folders as readonly string[]).includes(folder));
  return index < 0 ? undefined : { index, peers: LAYERS[index]!.peers, name: LAYERS[index]!.name };
}

/** Every module specifier of a TypeScript source: static imports and re-exports (types included), and import(). */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found;
}

/** The layering problems of one file (`file`: src-relative, posix), as messages for people. */
function violations(file: string, source: string): string[] {
  const from = folderOf(file);
  const own = layerOf(from);
  if (!own) return [`src/${file}: src/${from}/ is in no layer of ARCHITECTURE.md (add it there and to this test)`];
  const problems: string[] = [];
  for (const specifier of importsOf(source)) {
    if (!specifier.startsWith('.')) continue; // packages and node: built-ins
    const target = posix.normalize(posix.join(posix.dirname(file), specifier));
    if (target.startsWith('..')) continue; // outside src/ (none today)
    const to = folderOf(target);
    if (to === from) continue;
    const layer = layerOf(to);
    const allowed = layer !== undefined && (layer.index < own.index || (layer.index === own.index && own.peers));
    if (!allowed) problems.push(`src/${file} imports '${specifier}': ${from}/ (${own.name}) may not import ${to}/ (${layer?.name ?? 'no layer'}); see ARCHITECTURE.md`);
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

describe('architecture', () => {
  it('every import in src/ goes to its own folder or a lower layer', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((f) => violations(f, readFileSync(join(SRC, f), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the core does not import the config layer, the command use cases, the server or the CLI', () => {
    const core = ['stats', 'data', 'features', 'models', 'metrics', 'drift', 'analysis'];
    const files = sourceFiles(SRC).filter((f) => core.includes(folderOf(f)));
    const outward = files.flatMap((f) =>
      importsOf(readFileSync(join(SRC, f), 'utf8'))
        .map((s) => posix.normalize(posix.join(posix.dirname(f), s)))
        .filter((t) => ['pipeline', 'actions', 'cli', 'serve'].includes(folderOf(t)))
        .map((t) => `src/${f} → src/${t}`),
    );
    expect(outward).toEqual([]);
  });

  it('finds type imports, re-exports, multi-line and dynamic imports, and skips commented ones', () => {
    const source = [
      "import type { Params } from '../pipeline/params.js';",
      'import {',
      '  a,',
      '  b,',
      "} from './local.js';",
      "export { DRIFT_METHODS } from '../drift/methods.js';",
      "const m = await import('../cli/main.js');",
      "type E = typeof import('../errors.js').EXIT;",
      "// import { x } from '../serve/server.js';",
      "/* import { y } from '../serve/http.js'; */",
      "import 'node:fs';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['../pipeline/params.js', './local.js', '../drift/methods.js', '../cli/main.js', '../errors.js', 'node:fs']);
  });

  it('names the file, the import and the rule it breaks', () => {
    expect(violations('metrics/gates.ts', "import type { GateOperator } from '../pipeline/params-schema.js';")).toEqual([
      "src/metrics/gates.ts imports '../pipeline/params-schema.js': metrics/ (core) may not import pipeline/ (config and stages); see ARCHITECTURE.md",
    ]);
    expect(violations('stats/moments.ts', "import { ksTwoSample } from '../drift/ks.js';")).toEqual([
      "src/stats/moments.ts imports '../drift/ks.js': stats/ (statistics) may not import drift/ (core); see ARCHITECTURE.md",
    ]);
    expect(violations('pipeline/run.ts', "const { runDrift } = await import('../actions/drift.js');")).toHaveLength(1);
    expect(violations('newarea/x.ts', '')).toEqual(['src/newarea/x.ts: src/newarea/ is in no layer of ARCHITECTURE.md (add it there and to this test)']);
    // Peers of the core import each other; a higher layer imports a lower one.
    expect(violations('metrics/selection.ts', "import type { Task } from '../models/model.js';")).toEqual([]);
    expect(violations('cli/commands/drift.ts', "import('../../actions/drift.js')")).toEqual([]);
  });
});
