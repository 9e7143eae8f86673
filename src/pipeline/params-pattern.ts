/**
 * The params files of `spm run -p PATTERN [-p PATTERN…]`: each -p value is a file, or a pattern
 * (src/util/glob.ts) that must match at least one file. A value that names an existing file is
 * that file even when its name holds `[` or `*` (a params file that ran before keeps running).
 * The result lists every file once, in path order, whatever the order of the -p values.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { SpmError } from '../errors.js';
import { comparePaths, expandGlob, hasGlob } from '../util/glob.js';

/** Whether these -p values ask for many pipelines: several values, or one with a glob character. */
export const isManyParams = (values: readonly string[], cwd: string): boolean =>
  values.length > 1 || values.some((v) => hasGlob(v) && !isFile(resolve(cwd, v)));

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * The params files the -p values name, sorted, each once: as given (relative to `cwd`) for a
 * relative value, absolute for an absolute one. USAGE when a pattern matches no file.
 */
export async function expandParamsPatterns(values: readonly string[], cwd: string): Promise<string[]> {
  const shown = new Map<string, string>();
  for (const value of values) {
    const path = resolve(cwd, value);
    const files = isFile(path) ? [path] : hasGlob(value) ? await expandGlob(value, cwd) : [];
    if (files.length === 0) throw noMatch(value, cwd);
    for (const file of files) if (!shown.has(file)) shown.set(file, isAbsolute(value) ? file : relative(cwd, file));
  }
  return [...shown.keys()].sort(comparePaths).map((file) => shown.get(file)!);
}

function noMatch(value: string, cwd: string): SpmError {
  return hasGlob(value)
    ? new SpmError('USAGE', `-p '${value}' matches no file (in ${cwd})`, {
        hint: `check the pattern: * ? [..] match within a folder name, ** any depth of folders, e.g. spm run -p 'districts/*/params.yaml' (quote it so the shell passes it to spm)`,
      })
    : new SpmError('PARAMS_NOT_FOUND', `params file not found: ${resolve(cwd, value)}`, {
        hint: 'check the -p path (relative to the current folder), or use a pattern such as -p \'districts/*/params.yaml\'',
      });
}
