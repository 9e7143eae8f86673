/**
 * The layering of the statistics: src/stats imports nothing from another domain, and src/analysis
 * and src/drift share their statistics through it, never through each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url);

/** Every relative module a folder's files import, as "file: specifier". */
function relativeImports(folder: string): string[] {
  return readdirSync(new URL(`${folder}/`, SRC))
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const text = readFileSync(new URL(`${folder}/${file}`, SRC), 'utf8');
      return [...text.matchAll(/from '(\.[^']*)'/g)].map((m) => `${file}: ${m[1]}`);
    });
}

describe('src/stats is shared, not a back door between analysis and drift', () => {
  it('src/stats imports only its own files (and packages)', () => {
    const imports = relativeImports('stats');
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !i.includes(': ./'))).toEqual([]);
  });

  it('src/analysis does not import src/drift, nor src/drift src/analysis', () => {
    expect(relativeImports('analysis').filter((i) => i.includes('../drift/'))).toEqual([]);
    expect(relativeImports('drift').filter((i) => i.includes('../analysis/'))).toEqual([]);
  });

  it('both take their shared statistics from src/stats', () => {
    expect(relativeImports('analysis').some((i) => i.includes('../stats/'))).toBe(true);
    expect(relativeImports('drift').some((i) => i.includes('../stats/'))).toBe(true);
  });
});
