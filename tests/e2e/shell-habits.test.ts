/**
 * Shell habits of the built CLI (issue 21, item 6): params.yaml found from a subfolder or from
 * SPM_PARAMS, init's editor modeline, and predict / drift saying what they wait for when stdin
 * is a terminal (a real pseudo-terminal, from util-linux `script`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STDIN_PROMPT } from '../../src/cli/stdin-prompt.js';
import { BIN, createWorkspace, runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

describe('params.yaml discovery', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
    ws.write('notebooks/deep/.keep', '');
    ws.write('configs/other.yaml', readFileSync(ws.path('params.yaml'), 'utf8').replace('data/students.csv', '../data/students.csv'));
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('from a subfolder, spm uses the nearest params.yaml above it (data and artifacts stay relative to that file)', async () => {
    const status = await runCli(['status', '--json'], { cwd: ws.path('notebooks/deep') });
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout) as { stages: { stage: string; state: string }[] };
    expect(doc.stages.map((s) => s.state)).toEqual(['up_to_date', 'up_to_date', 'up_to_date', 'up_to_date']);
  });

  it('SPM_PARAMS names the params file, relative to the current folder', async () => {
    const status = await runCli(['status', '--json'], { cwd: ws.dir, env: { SPM_PARAMS: 'configs/other.yaml' } });
    expect(status.code).toBe(0);
    // Its artifacts.dir is relative to configs/: nothing is trained there yet.
    expect((JSON.parse(status.stdout) as { stages: { state: string }[] }).stages[0]!.state).not.toBe('up_to_date');
  });

  it('no params.yaml here or above: the error names the file it looked for', async () => {
    const empty = createWorkspace();
    try {
      const r = await runCli(['status'], { cwd: empty.dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`params file not found: ${empty.path('params.yaml')}`);
    } finally {
      empty.cleanup();
    }
  });
});

describe('spm init writes a yaml-language-server modeline', () => {
  it('without a local spm-ml install, the published schema of this version', async () => {
    const ws = createWorkspace({ 'grades.csv': 'id,hours,score\n1,2,50\n2,3,60\n3,4,70\n4,5,80\n5,6,85\n6,7,88\n7,8,90\n8,9,91\n9,1,40\n10,2,45\n11,3,52\n12,4,66\n' });
    try {
      const r = await runCli(['init', 'grades.csv', '--target', 'score'], { cwd: ws.dir });
      expect(r.code, r.stderr).toBe(0);
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      expect(readFileSync(ws.path('params.yaml'), 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=https://unpkg.com/spm-ml@${version}/params.schema.json`);
    } finally {
      ws.cleanup();
    }
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs spm with stdin, stdout and stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string, cwd: string): string {
  return execFileSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  }).replace(/\r/g, '');
}

describe.runIf(hasScript)('predict and drift with stdin on a terminal', () => {
  it('say that they read a CSV from stdin and how to end it', () => {
    const ws = createWorkspace();
    try {
      for (const args of ['predict', 'drift', 'predict -i -']) {
        let shown: string;
        try {
          shown = onTerminal(args, ws.dir);
        } catch (e) {
          shown = String((e as { stdout?: string }).stdout ?? '').replace(/\r/g, ''); // exit 1: no params file here
        }
        expect(shown.split('\n')[0], args).toBe(STDIN_PROMPT);
      }
    } finally {
      ws.cleanup();
    }
  });

  it('say nothing of the kind in a pipe', async () => {
    const ws = createWorkspace();
    try {
      const r = await runCli(['predict'], { cwd: ws.dir, input: 'a,b\n1,2\n' });
      expect(r.stderr).not.toContain('reading CSV from stdin');
    } finally {
      ws.cleanup();
    }
  });
});

describe.runIf(hasScript)('predict and drift progress on a terminal', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
  }, 120_000);
  afterAll(() => ws.cleanup());

  // The first progress line shows at once (later ones at most every 100 ms): the reading's start.
  it('a CSV file: the rows read and the percentage of its bytes', () => {
    expect(onTerminal('predict -i data/students.csv -o out.csv', ws.dir)).toContain('predict: 0 rows — 0%');
    expect(onTerminal('drift -i data/students.csv', ws.dir)).toContain('drift: 0 rows — 0%');
  });

  it('stdin (here a file behind it): the rows only, no size to measure against', () => {
    const shown = onTerminal('predict -i - -o out.csv < data/students.csv', ws.dir);
    expect(shown).toContain('predict: 0 rows');
    expect(shown).not.toMatch(/predict: [\d,]+ rows —/);
  });
});
