/**
 * Which params file a command opens when -p is not given: like git or DVC finding their root,
 * spm looks for params.yaml in the current folder and then in each parent, so `spm status` works
 * from a subfolder of the project. SPM_PARAMS (a path, relative to the current folder) names
 * the file outright. data.source, artifacts.dir and spm.lock stay relative to the file found.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const PARAMS_FILE_NAME = 'params.yaml';

export interface ParamsLookup {
  /** -p FILE, when given on the command line. */
  readonly explicit?: string;
  /** The SPM_PARAMS environment variable (ignored when empty). */
  readonly env?: string;
  readonly cwd: string;
  readonly isFile: (path: string) => boolean;
}

/**
 * The absolute path of the params file: -p, else SPM_PARAMS, else the nearest params.yaml
 * upward from cwd, else cwd/params.yaml (which does not exist: the caller's "not found" names it).
 */
export function locateParams(lookup: ParamsLookup): string {
  if (lookup.explicit) return resolve(lookup.cwd, lookup.explicit);
  if (lookup.env) return resolve(lookup.cwd, lookup.env);
  for (let dir = resolve(lookup.cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, PARAMS_FILE_NAME);
    if (lookup.isFile(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return resolve(lookup.cwd, PARAMS_FILE_NAME);
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** locateParams for this process: its -p, SPM_PARAMS and current folder. */
export function findParamsFile(explicit: string | undefined): string {
  return locateParams({ explicit, env: process.env.SPM_PARAMS, cwd: process.cwd(), isFile });
}

/** Where `spm init` writes: -p, else SPM_PARAMS, else params.yaml here (never a parent's). */
export function newParamsFile(explicit: string | undefined): string {
  return locateParams({ explicit, env: process.env.SPM_PARAMS, cwd: process.cwd(), isFile: () => false });
}

/**
 * Where an editor finds params.schema.json for a params file in `dir`: the copy of an spm-ml
 * installed in the project (node_modules, found upward like Node resolves packages), relative
 * to the params file so the project can move; else the published copy of this very version
 * (a global install or npx leaves nothing in the project to point at).
 */
export function schemaLocation(dir: string, version: string, exists: (path: string) => boolean = existsSync): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', 'spm-ml', 'params.schema.json');
    const rel = relative(dir, candidate).split(sep).join('/');
    if (exists(candidate)) return rel.startsWith('../') ? rel : `./${rel}`;
    if (dirname(d) === d) return `https://unpkg.com/spm-ml@${version}/params.schema.json`;
  }
}
