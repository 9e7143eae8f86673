/** data.source patterns: `data/cohort-*.csv` names every matching file, in name order. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandSources, patternRegExp } from '../../src/pipeline/data-sources.js';
import { createWorkspace, runCli } from '../helpers/workspace.js';

describe('expandSources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'data'));
  for (const f of ['cohort-2025.csv', 'cohort-2024.csv', 'cohort-2026.txt', 'other.csv']) writeFileSync(join(dir, 'data', f), 'a\n1\n');
  mkdirSync(join(dir, 'data', 'cohort-x.csv')); // a folder is not a data file

  it('expands * and ? in the file name, files only, in name order; plain paths stay as given', async () => {
    expect(await expandSources(dir, ['data/cohort-*.csv'], 'params.yaml')).toEqual([join(dir, 'data/cohort-2024.csv'), join(dir, 'data/cohort-2025.csv')]);
    expect(await expandSources(dir, ['data/other.csv', 'data/cohort-202?.*'], 'params.yaml')).toEqual(
      ['other.csv', 'cohort-2024.csv', 'cohort-2025.csv', 'cohort-2026.txt'].map((f) => join(dir, 'data', f)),
    );
    expect(await expandSources(dir, ['data/missing.csv'], 'params.yaml')).toEqual([join(dir, 'data/missing.csv')]); // reported when read
    expect(patternRegExp('a.b(1)*').test('a.b(1)x')).toBe(true);
    expect(patternRegExp('a.b').test('axb')).toBe(false);
  });

  it('says what is wrong: no match, a pattern in a folder name, a file named twice', async () => {
    await expect(expandSources(dir, ['data/none-*.csv'], 'params.yaml')).rejects.toThrow(`data.source: no file matches 'data/none-*.csv' (in ${join(dir, 'data')})`);
    await expect(expandSources(dir, ['d*/cohort.csv'], 'params.yaml')).rejects.toThrow("data.source: 'd*/cohort.csv' has a pattern in a folder name; only the file name may hold * or ?");
    await expect(expandSources(dir, ['data/cohort-*.csv', 'data/cohort-2024.csv'], 'params.yaml')).rejects.toThrow(/data\.source names .*cohort-2024\.csv twice/);
  });
});

describe('a pattern in data.source end to end', () => {
  it('ingests every matching file; a new file makes ingest stale; no match is exit 1', async () => {
    const header = 'student_id,gender,hours,math_score';
    const rows = (from: number, n: number): string => Array.from({ length: n }, (_, i) => `S${from + i},${i % 2 ? 'male' : 'female'},${i % 7},${40 + ((i * 7) % 50)}`).join('\n');
    const ws = createWorkspace({
      'params.yaml': 'data:\n  source: data/cohort-*.csv\n  target: math_score\ntrain:\n  models: [ridge]\nevaluate:\n  gates: {}\n',
      'data/cohort-1.csv': `${header}\n${rows(0, 40)}\n`,
      'data/cohort-2.csv': `${header}\n${rows(40, 30)}\n`,
    });
    try {
      const ingest = await runCli(['ingest', '--json'], { cwd: ws.dir });
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(JSON.parse(ingest.stdout).rows).toBe(70);
      writeFileSync(ws.path('data/cohort-3.csv'), `${header}\n${rows(70, 20)}\n`);
      const status = await runCli(['status', '--json'], { cwd: ws.dir });
      expect(JSON.stringify(JSON.parse(status.stdout))).toContain('data/cohort-3.csv');
      expect(JSON.parse((await runCli(['ingest', '--json'], { cwd: ws.dir })).stdout).rows).toBe(90);
      const none = await runCli(['ingest', '-S', 'data.source=data/nothing-*.csv'], { cwd: ws.dir });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain("data.source: no file matches 'data/nothing-*.csv'");
    } finally {
      ws.cleanup();
    }
  });
});
