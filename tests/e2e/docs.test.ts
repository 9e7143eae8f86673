/** The README's params reference is generated from the schema; keep the two in step. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeParams } from '../../src/pipeline/params-schema.js';
import { SPM_VERSION } from '../../src/version.js';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

describe('documentation', () => {
  it('README params reference lists every key with its type and default', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = readme.split('<!-- params-reference:start -->\n')[1]!.split('<!-- params-reference:end -->')[0]!;
    const expected = describeParams().map((d) => `| \`${d.path}\` | ${esc(d.type)} | \`${esc(d.default)}\` | ${esc(d.description)} |`);
    expect(block.trim().split('\n')).toEqual(expected);
  });

  it('src/version.ts matches package.json', () => {
    expect(SPM_VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});
