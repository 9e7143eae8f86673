/** Which params file a command opens (-p, SPM_PARAMS, upward search) and where init points editors. */
import { describe, expect, it } from 'vitest';
import { locateParams, schemaLocation } from '../../src/pipeline/find-params.js';

const files = (...paths: string[]) => (p: string): boolean => paths.includes(p);

describe('locateParams', () => {
  it('finds params.yaml in the current folder first', () => {
    const isFile = files('/proj/params.yaml', '/proj/sub/params.yaml');
    expect(locateParams({ cwd: '/proj/sub', isFile })).toBe('/proj/sub/params.yaml');
  });

  it('walks up to the nearest parent holding params.yaml, like git finds its root', () => {
    expect(locateParams({ cwd: '/proj/notebooks/deep', isFile: files('/proj/params.yaml', '/params.yaml') })).toBe('/proj/params.yaml');
    expect(locateParams({ cwd: '/a/b', isFile: files('/params.yaml') })).toBe('/params.yaml');
  });

  it('falls back to params.yaml in the current folder when no folder up to / has one (the "not found" names it)', () => {
    expect(locateParams({ cwd: '/proj/sub', isFile: files() })).toBe('/proj/sub/params.yaml');
  });

  it('SPM_PARAMS names the file outright, relative to the current folder, and wins over the search', () => {
    const isFile = files('/proj/params.yaml');
    expect(locateParams({ cwd: '/proj', env: 'configs/prod.yaml', isFile })).toBe('/proj/configs/prod.yaml');
    expect(locateParams({ cwd: '/proj', env: '/etc/spm.yaml', isFile })).toBe('/etc/spm.yaml');
    expect(locateParams({ cwd: '/proj', env: '', isFile })).toBe('/proj/params.yaml');
  });

  it('-p wins over SPM_PARAMS and the search', () => {
    expect(locateParams({ cwd: '/proj/sub', explicit: 'other.yaml', env: 'x.yaml', isFile: files('/proj/params.yaml') })).toBe('/proj/sub/other.yaml');
  });
});

describe('schemaLocation (the modeline spm init writes)', () => {
  it('points at the project-local spm-ml package, relative to the params file', () => {
    expect(schemaLocation('/proj', '1.2.3', files('/proj/node_modules/spm-ml/params.schema.json'))).toBe('./node_modules/spm-ml/params.schema.json');
    expect(schemaLocation('/proj/configs', '1.2.3', files('/proj/node_modules/spm-ml/params.schema.json'))).toBe('../node_modules/spm-ml/params.schema.json');
  });

  it('without a local install (npx, npm i -g), the published copy of this version', () => {
    expect(schemaLocation('/proj', '1.2.3', files())).toBe('https://unpkg.com/spm-ml@1.2.3/params.schema.json');
  });
});
