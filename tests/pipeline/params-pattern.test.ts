/** Which params files `spm run -p …` names (src/pipeline/params-pattern.ts), and the messages when they name none. */
import { describe, expect, it, afterAll } from 'vitest';
import { expandParamsPatterns, isManyParams } from '../../src/pipeline/params-pattern.js';
import { rejectedSpmError } from '../helpers/errors.js';
import { createWorkspace } from '../helpers/workspace.js';

describe('expandParamsPatterns', () => {
  const ws = createWorkspace({
    'districts/b/params.yaml': 'x',
    'districts/a/params.yaml': 'x',
    'districts/a-b/params.yaml': 'x',
    'configs/[prod]/params.yaml': 'x',
    'params.yaml': 'x',
  });
  afterAll(() => ws.cleanup());

  it('expands a pattern in path order, relative to the folder as given', async () => {
    expect(await expandParamsPatterns(['districts/*/params.yaml'], ws.dir)).toEqual(['districts/a/params.yaml', 'districts/a-b/params.yaml', 'districts/b/params.yaml']);
  });

  it('several values: every file once, in path order whatever the order given', async () => {
    expect(await expandParamsPatterns(['params.yaml', 'districts/b/params.yaml', 'districts/*/params.yaml'], ws.dir)).toEqual([
      'districts/a/params.yaml',
      'districts/a-b/params.yaml',
      'districts/b/params.yaml',
      'params.yaml',
    ]);
  });

  it('an absolute value gives absolute paths', async () => {
    expect(await expandParamsPatterns([ws.path('districts/[ab]/params.yaml')], '/')).toEqual([ws.path('districts/a/params.yaml'), ws.path('districts/b/params.yaml')]);
  });

  it('a value that names an existing file is that file, glob characters and all', async () => {
    expect(await expandParamsPatterns(['configs/[prod]/params.yaml'], ws.dir)).toEqual(['configs/[prod]/params.yaml']);
    expect(isManyParams(['configs/[prod]/params.yaml'], ws.dir)).toBe(false);
  });

  it('isManyParams: a pattern, or several values; one file (or none) is the one-pipeline run of old', () => {
    expect(isManyParams(['districts/*/params.yaml'], ws.dir)).toBe(true);
    expect(isManyParams(['params.yaml', 'districts/a/params.yaml'], ws.dir)).toBe(true);
    expect(isManyParams(['params.yaml'], ws.dir)).toBe(false);
    expect(isManyParams(['missing.yaml'], ws.dir)).toBe(false);
    expect(isManyParams([], ws.dir)).toBe(false);
  });

  it('a pattern that matches nothing is a usage error naming the pattern and the folder, exit 2', async () => {
    const e = await rejectedSpmError(expandParamsPatterns(['district/*/params.yaml'], ws.dir));
    expect(e.code).toBe('USAGE');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`-p 'district/*/params.yaml' matches no file (in ${ws.dir})`);
    expect(e.hint).toContain("spm run -p 'districts/*/params.yaml'");
  });

  it('a missing file among several is PARAMS_NOT_FOUND, before any pipeline runs', async () => {
    const e = await rejectedSpmError(expandParamsPatterns(['districts/*/params.yaml', 'districts/c/params.yaml'], ws.dir));
    expect(e.code).toBe('PARAMS_NOT_FOUND');
    expect(e.message).toBe(`params file not found: ${ws.path('districts/c/params.yaml')}`);
  });
});
