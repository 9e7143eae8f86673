/**
 * Shell-style path patterns (`spm run -p PATTERN` over many params files): in one path segment `*`
 * matches any characters, `?` one, `[abc]` `[a-z]` one of a set and `[!abc]` (or `[^abc]`) one
 * not in it; a segment that is exactly `**` matches any depth of folders, none included, as
 * bash's globstar. `\` makes the next character literal. As in a shell, a wildcard does not
 * match a name that starts with `.` unless the pattern's segment does, so `**` stays out of
 * `.git` and a store's `.tmp`; `**` does not follow symbolic links to folders (no cycles).
 *
 * Matches come sorted segment by segment in code-unit order (`a/` before `a-b/`, as ls shows
 * them), the same on every machine and whatever order the file system lists them in.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** Whether `text` holds an unescaped glob character (`*`, `?` or `[`). */
export const hasGlob = (text: string): boolean => /(^|[^\\])(\\\\)*[*?[]/.test(text);

/** The regular expression of one path segment's pattern (no `/` in it). */
export function segmentRegExp(segment: string): RegExp {
  let body = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) body += literal(segment[++i]!);
    else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else if (c === '[') {
      const set = bracket(segment, i);
      if (set) {
        body += set.source;
        i = set.end;
      } else body += '\\[';
    } else body += literal(c);
  }
  return new RegExp(`^${body}$`);
}

const literal = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** `[...]` starting at `start`: its character class and the index of its `]`, or null when unclosed. */
function bracket(segment: string, start: number): { source: string; end: number } | null {
  let i = start + 1;
  const negate = segment[i] === '!' || segment[i] === '^';
  if (negate) i++;
  let members = '';
  for (let first = true; i < segment.length; i++, first = false) {
    const c = segment[i]!;
    if (c === ']' && !first) return { source: `[${negate ? '^' : ''}${members}]`, end: i };
    if (c === '-' && !first && i + 1 < segment.length && segment[i + 1] !== ']') members += '-';
    else members += literal(c === '\\' && i + 1 < segment.length ? segment[++i]! : c);
  }
  return null;
}

/** Removes the escapes of a segment without glob characters. */
const unescape = (segment: string): string => segment.replace(/\\(.)/g, '$1');

/** Orders paths segment by segment, each by code units (not locale: the same everywhere). */
export function comparePaths(a: string, b: string): number {
  const x = a.split(sep);
  const y = b.split(sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/** Absolute paths of the files `pattern` (relative to `cwd`, or absolute) matches, sorted (comparePaths). */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const found = new Set<string>();
  await visit(isAbsolute(pattern) ? sep : resolve(cwd), segments, found);
  return [...found].sort(comparePaths);
}

async function visit(dir: string, segments: readonly string[], found: Set<string>): Promise<void> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === '**') {
    // Zero folders, then one more folder and `**` again; `**` last means every file below.
    await visit(dir, rest.length ? rest : ['*'], found);
    for (const entry of await entries(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) await visit(join(dir, entry.name), segments, found);
    }
    return;
  }
  if (!hasGlob(segment)) {
    const path = join(dir, unescape(segment));
    if (rest.length) await visit(path, rest, found);
    else if (await kind(path) === 'file') found.add(path);
    return;
  }
  const re = segmentRegExp(segment);
  const dotOk = segment.startsWith('.');
  for (const entry of await entries(dir)) {
    if (!re.test(entry.name) || (entry.name.startsWith('.') && !dotOk)) continue;
    const path = join(dir, entry.name);
    const k = await kind(path);
    if (rest.length && k === 'dir') await visit(path, rest, found);
    else if (!rest.length && k === 'file') found.add(path);
  }
}

/** A folder's entries; none when it is not a readable folder (a pattern simply matches nothing there). */
const entries = (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => []);

/** What a path is, following symbolic links. */
async function kind(path: string): Promise<'file' | 'dir' | null> {
  const s = await stat(path).catch(() => null);
  return s === null ? null : s.isFile() ? 'file' : s.isDirectory() ? 'dir' : null;
}
