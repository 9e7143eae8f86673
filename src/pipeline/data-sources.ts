/**
 * data.source → the data files ingest reads: each entry a path relative to the params file, or
 * a pattern whose file name holds `*` (any characters) or `?` (one character), as a shell would
 * expand it (`data/cohort-*.csv`): every matching file, in name order. A newly labelled cohort
 * dropped beside the others is then part of the next `spm run`.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SpmError } from '../errors.js';

const GLOB = /[*?]/;

/** The regular expression of a file-name pattern: `*` any run of characters, `?` one, the rest literal. */
export function patternRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/** Absolute paths of the files `sources` names, patterns expanded; `base` is the params file's folder. */
export async function expandSources(base: string, sources: readonly string[], paramsFile: string): Promise<string[]> {
  const files: string[] = [];
  for (const source of sources) {
    if (!GLOB.test(source)) {
      files.push(resolve(base, source));
      continue;
    }
    if (GLOB.test(dirname(source))) {
      throw new SpmError('PARAMS_INVALID', `data.source: '${source}' has a pattern in a folder name; only the file name may hold * or ?`, {
        hint: 'e.g. data/cohort-*.csv',
      });
    }
    const dir = resolve(base, dirname(source));
    const match = patternRegExp(basename(source));
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const found = entries.filter((e) => e.isFile() && match.test(e.name)).map((e) => e.name).sort();
    if (found.length === 0) {
      throw new SpmError('DATA_NOT_FOUND', `data.source: no file matches '${source}' (in ${dir})`, {
        hint: `check data.source in ${paramsFile} (paths are relative to the params file)`,
      });
    }
    files.push(...found.map((name) => join(dir, name)));
  }
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file)) {
      throw new SpmError('PARAMS_INVALID', `data.source names ${file} twice: its rows would be read twice`, {
        hint: 'list each file once (a pattern and a path may name the same file)',
      });
    }
    seen.add(file);
  }
  return files;
}
