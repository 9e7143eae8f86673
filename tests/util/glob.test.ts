/** Shell-style patterns of `spm run -p PATTERN` (src/util/glob.ts): the sets are those `bash -O globstar -O nullglob` expands on the same tree (bash orders by locale, spm by code units; spm matches files only). */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePaths, expandGlob, hasGlob, segmentRegExp } from '../../src/util/glob.js';
import { createWorkspace } from '../helpers/workspace.js';

describe('segmentRegExp', () => {
  const matches = (pattern: string, names: readonly string[]): string[] => names.filter((n) => segmentRegExp(pattern).test(n));
  const names = ['a', 'b', 'ab', 'a-b', 'c.yaml', 'x.yaml', 'a.b.yaml', '[a]', '*', '-'];

  it('* is any run of characters, ? one', () => {
    expect(matches('*', names)).toEqual(names);
    expect(matches('?', names)).toEqual(['a', 'b', '*', '-']);
    expect(matches('*.yaml', names)).toEqual(['c.yaml', 'x.yaml', 'a.b.yaml']);
    expect(matches('a?b', names)).toEqual(['a-b']);
  });

  it('[..] a set or a range, [!..] and [^..] its complement; ] first and - at an end are members', () => {
    expect(matches('[ab]', names)).toEqual(['a', 'b']);
    expect(matches('[a-c].yaml', names)).toEqual(['c.yaml']);
    expect(matches('[!a]', names)).toEqual(['b', '*', '-']);
    expect(matches('[^a]', names)).toEqual(['b', '*', '-']);
    expect(matches('[]a]', ['a', ']', 'b'])).toEqual(['a', ']']);
    expect(matches('[a-]', names)).toEqual(['a', '-']);
  });

  it('an unclosed [ is literal, \\ escapes, regular-expression characters are literal', () => {
    expect(matches('[a', ['[a', 'a'])).toEqual(['[a']);
    expect(matches('\\[a]', names)).toEqual(['[a]']);
    expect(matches('\\*', names)).toEqual(['*']);
    expect(matches('a.b.yaml', ['a.b.yaml', 'aXbXyaml'])).toEqual(['a.b.yaml']);
    expect(matches('(x)+|y', ['(x)+|y', 'xx', 'y'])).toEqual(['(x)+|y']);
  });

  it('hasGlob: unescaped * ? [ only', () => {
    expect(['a/*/p.yaml', 'p?.yaml', 'd/[ab]/p.yaml', 'a/**'].every(hasGlob)).toBe(true);
    expect(['a/b/params.yaml', 'a\\*b', 'x]', ''].some(hasGlob)).toBe(false);
  });
});

describe('comparePaths', () => {
  it('orders segment by segment in code units, as ls does (a/ before a-b/), not by the whole string', () => {
    const paths = ['d/a-b/p', 'd/b/p', 'd/a/p', 'd/B/p', 'd/a/z/p', 'd/ä/p'];
    expect([...paths].sort(comparePaths)).toEqual(['d/B/p', 'd/a/p', 'd/a/z/p', 'd/a-b/p', 'd/b/p', 'd/ä/p']);
    // A plain string sort puts a-b/ first ('-' < '/').
    expect([...paths].sort()[0]).toBe('d/B/p');
    expect([...paths].sort()[1]).toBe('d/a-b/p');
  });
});

describe('expandGlob', () => {
  const ws = createWorkspace({
    'districts/north/params.yaml': 'x',
    'districts/north-east/params.yaml': 'x',
    'districts/south/params.yaml': 'x',
    'districts/south/notes.txt': 'x',
    'districts/west/params.yml': 'x',
    'districts/.hidden/params.yaml': 'x',
    'districts/east/sub/params.yaml': 'x',
    'districts/east/sub/deeper/params.yaml': 'x',
    'params.yaml': 'x',
  });
  mkdirSync(ws.path('districts/empty'));
  symlinkSync(ws.path('districts'), ws.path('districts/east/loop'));
  afterAll(() => ws.cleanup());
  const glob = async (pattern: string): Promise<string[]> => (await expandGlob(pattern, ws.dir)).map((p) => relative(ws.dir, p));

  it('* matches within one folder name, in path order; folders and other names are not matched', async () => {
    expect(await glob('districts/*/params.yaml')).toEqual(['districts/north/params.yaml', 'districts/north-east/params.yaml', 'districts/south/params.yaml']);
    expect(await glob('districts/*')).toEqual([]);
    expect(await glob('districts/s*/*')).toEqual(['districts/south/notes.txt', 'districts/south/params.yaml']);
  });

  it('? and [..] within names; a dot name only for a pattern that starts with a dot', async () => {
    expect(await glob('districts/[ns]o*/params.y?ml')).toEqual(['districts/north/params.yaml', 'districts/north-east/params.yaml', 'districts/south/params.yaml']);
    expect(await glob('districts/*/params.y*')).toContain('districts/west/params.yml');
    expect(await glob('districts/.*/params.yaml')).toEqual(['districts/.hidden/params.yaml']);
  });

  it('** is any depth of folders, none included, without dot folders or symbolic links to folders', async () => {
    expect(await glob('**/params.yaml')).toEqual([
      'params.yaml',
      'districts/east/sub/params.yaml',
      'districts/east/sub/deeper/params.yaml',
      'districts/north/params.yaml',
      'districts/north-east/params.yaml',
      'districts/south/params.yaml',
    ].sort(comparePaths));
    expect(await glob('districts/east/**')).toEqual(['districts/east/sub/deeper/params.yaml', 'districts/east/sub/params.yaml']);
  });

  it('a symbolic link named by * is followed (as a shell does); absolute patterns; nothing for a missing folder', async () => {
    expect(await glob('districts/east/loop/south/*.yaml')).toEqual(['districts/east/loop/south/params.yaml']);
    expect((await expandGlob(join(ws.dir, 'districts/s*/params.yaml'), '/')).map((p) => relative(ws.dir, p))).toEqual(['districts/south/params.yaml']);
    expect(await glob('nowhere/*/params.yaml')).toEqual([]);
  });
});
