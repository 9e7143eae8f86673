/**
 * End-to-end: the real bin/spm.js on a temporary workspace (issue "The whole pipeline"):
 * run, cache hits, status reasons, partial re-runs, byte-identical --force, exit codes.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const PARAMS = `data:
  source: data/students.csv
  target: math_score
train:
  models:
    linear: {}
    ridge: { alpha: [1, 10] }
    decision_tree: { max_depth: [4] }
evaluate:
  gates: { r2: ">= 0.5" }
`;

interface RunDoc {
  stages: { stage: string; id: string; cached: boolean; duration_ms: number }[];
  metrics: Record<string, number>;
  passed: boolean;
}

/** Every file of every version, manifests aside: path → bytes. */
function artifactBytes(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const stage of ['ingest', 'transform', 'train', 'evaluate']) {
    for (const id of readdirSync(join(root, stage))) {
      for (const file of readdirSync(join(root, stage, id))) {
        if (file !== 'manifest.json') out.set(`${stage}/${id}/${file}`, readFileSync(join(root, stage, id, file), 'latin1'));
      }
    }
  }
  return out;
}

describe('spm run on a fresh workspace', () => {
  let ws: Workspace;
  let first: RunDoc;

  beforeAll(async () => {
    ws = createWorkspace({ 'params.yaml': PARAMS });
    const synth = await runCli(['synth', '-o', 'data/students.csv', '--rows', '400', '--seed', '7'], { cwd: ws.dir });
    expect(synth.code).toBe(0);
    const run = await runCli(['run', '--json'], { cwd: ws.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    first = JSON.parse(run.stdout) as RunDoc;
  });
  afterAll(() => ws.cleanup());

  it('builds every stage and reports regression metrics that beat nothing-learned', () => {
    expect(first.stages.map((s) => [s.stage, s.cached])).toEqual([
      ['ingest', false],
      ['transform', false],
      ['train', false],
      ['evaluate', false],
    ]);
    expect(Object.keys(first.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
    expect(first.metrics.r2).toBeGreaterThan(0.7);
    expect(first.passed).toBe(true);
  });

  it('hits the cache for every stage on a second run, with the same ids', async () => {
    const again = await runCli(['run', '--json'], { cwd: ws.dir });
    expect(again.code).toBe(0);
    const doc = JSON.parse(again.stdout) as RunDoc;
    expect(doc.stages.every((s) => s.cached)).toBe(true);
    expect(doc.stages.map((s) => s.id)).toEqual(first.stages.map((s) => s.id));
  });

  it('prints the stage table and metrics for people', async () => {
    const human = await runCli(['run'], { cwd: ws.dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ingest\s+│\s+[0-9a-f]{12}\s+│\s+cached/);
    expect(human.stdout).toContain('test metrics');
    expect(human.stdout).toMatch(/gate r2 >= 0\.5: 0\.\d{4} pass/);
  });

  it('status names the changed key, and run re-runs exactly the stages it affects', async () => {
    const status = await runCli(['status', '--json', '-S', 'train.cv.folds=3'], { cwd: ws.dir });
    expect(status.code).toBe(0);
    const stages = (JSON.parse(status.stdout) as { stages: { stage: string; state: string; reasons: string[] }[] }).stages;
    expect(stages.map((s) => s.state)).toEqual(['up_to_date', 'up_to_date', 'stale', 'stale']);
    expect(stages[2]!.reasons).toEqual(['param train.cv.folds changed: 5 → 3']);
    expect(stages[3]!.reasons).toEqual(['upstream train changed']);

    const rerun = await runCli(['run', '--json', '-S', 'train.cv.folds=3'], { cwd: ws.dir });
    expect(rerun.code).toBe(0);
    const doc = JSON.parse(rerun.stdout) as RunDoc;
    expect(doc.stages.map((s) => s.cached)).toEqual([true, true, false, false]);

    const diff = await runCli(['params', 'diff', '--json', '-S', 'train.cv.folds=3'], { cwd: ws.dir });
    expect(diff.code).toBe(0);
    expect(JSON.parse(diff.stdout).params).toEqual([{ key: 'train.cv.folds', a: 5, b: 3 }]);
    const metricsDiff = await runCli(['metrics', 'diff', '--md', '-S', 'train.cv.folds=3'], { cwd: ws.dir });
    expect(metricsDiff.code).toBe(0);
    expect(metricsDiff.stdout.split('\n')[1]).toBe('| --- | --- | --- | --- |');
  });

  it('reproduces byte-identical artifacts with --force', async () => {
    const root = ws.path('artifacts');
    const a = await runCli(['run', '--force', '--json'], { cwd: ws.dir });
    expect(a.code).toBe(0);
    const before = artifactBytes(root);
    const b = await runCli(['run', '--force', '--json'], { cwd: ws.dir });
    expect(b.code).toBe(0);
    const after = artifactBytes(root);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, bytes] of before) expect(after.get(path), path).toBe(bytes);
    expect(JSON.parse(b.stdout).stages.every((s: { cached: boolean }) => !s.cached)).toBe(true);
  });

  it('cross-validation on two worker threads gives the same bytes as on one', async () => {
    const outputs = async (jobs: string) => {
      const res = await runCli(['train', '--force', '--json', '-S', `train.jobs=${jobs}`], { cwd: ws.dir });
      expect(res.code).toBe(0);
      const doc = JSON.parse(res.stdout) as { id: string };
      const dir = ws.path(`artifacts/train/${doc.id}`);
      return ['model.json', 'cv_results.json'].map((f) => readFileSync(join(dir, f), 'utf8'));
    };
    const one = await outputs('1');
    const two = await outputs('2');
    expect(two).toEqual(one);
  });

  it('exits 4 when a quality gate fails, and says which', async () => {
    const res = await runCli(['run', '-S', 'evaluate.gates.r2=>= 0.999'], { cwd: ws.dir });
    expect(res.code).toBe(4);
    expect(res.stdout).toMatch(/gate r2 >= 0\.999: 0\.\d+ FAIL/);
    expect(res.stdout).toContain('quality gate failed (exit 4)');
  });

  it('lists versions with lineage and promotes one under an alias', async () => {
    const promote = await runCli(['promote', '--as', 'production', '--json'], { cwd: ws.dir });
    expect(promote.code).toBe(0);
    const versions = JSON.parse((await runCli(['versions', 'evaluate', '--json'], { cwd: ws.dir })).stdout) as {
      versions: { id: string; aliases: string[]; lineage: { stage: string }[] }[];
    };
    const promoted = versions.versions.find((v) => v.aliases.includes('production'));
    expect(promoted?.lineage.map((l) => l.stage)).toEqual(['ingest', 'transform', 'train']);
    const metrics = await runCli(['metrics', 'show', 'production', '--json'], { cwd: ws.dir });
    expect(metrics.code).toBe(0);
    expect(JSON.parse(metrics.stdout).id).toBe(promoted!.id);
  });
});

describe('exit codes and the messages people see (SPEC §7)', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace({ 'params.yaml': PARAMS });
  });
  afterAll(() => ws.cleanup());

  it('a misspelt param key exits 1 and suggests the right one', async () => {
    ws.write('typo.yaml', 'data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  metrc: rmse\n');
    const res = await runCli(['run', '-p', 'typo.yaml'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown key 'train.metrc'");
    expect(res.stderr).toContain("did you mean 'train.metric'?");
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command exits 2', async () => {
    const res = await runCli(['trian'], { cwd: ws.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command 'trian'");
    expect(res.stderr).toContain('(Did you mean train?)');
  });

  it('an unknown option exits 2', async () => {
    const res = await runCli(['run', '--frobnicate'], { cwd: ws.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown option '--frobnicate'");
  });

  it('a missing data file exits 1 naming the path', async () => {
    const res = await runCli(['run'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`data file not found: ${ws.path('data/students.csv')}`);
    expect(res.stderr).toContain('hint: check data.source');
  });

  it('a missing params file exits 1 with a hint', async () => {
    const res = await runCli(['status', '-p', 'nope.yaml'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('params file not found');
  });

  it('--json errors are one JSON document on stdout too', async () => {
    const res = await runCli(['run', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error.code).toBe('DATA_NOT_FOUND');
  });

  it('a stage whose upstream was never built says what to run', async () => {
    await runCli(['synth', '-o', 'data/students.csv', '--rows', '100'], { cwd: ws.dir });
    const res = await runCli(['train'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('train needs ingest, which has no version for the current params (never run)');
    expect(res.stderr).toContain('hint: run `spm ingest` first');
  });

  it('a bad hyper-parameter value is exit 1 with its message, on worker threads too', async () => {
    for (const jobs of ['1', '2']) {
      const res = await runCli(['run', '-S', 'train.models={ridge: {alpha: [-1, 1]}}', '-S', `train.jobs=${jobs}`], { cwd: ws.dir });
      expect(res.code, `jobs=${jobs}`).toBe(1);
      expect(res.stderr).toMatch(/ridge: alpha must be a number >= 0/);
      expect(res.stderr).not.toContain('internal error');
    }
  });

  it('--json usage errors are a JSON document on stdout too', async () => {
    const res = await runCli(['run', '--json', '--bogus'], { cwd: ws.dir });
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stdout).error).toMatchObject({ code: 'USAGE', exit_code: 2 });
  });

  it('versions lists the store even when the data file is gone', async () => {
    const { renameSync } = await import('node:fs');
    renameSync(ws.path('data/students.csv'), ws.path('data/away.csv'));
    try {
      const res = await runCli(['versions', '--json'], { cwd: ws.dir });
      expect(res.code).toBe(0);
      expect(Array.isArray(JSON.parse(res.stdout).versions)).toBe(true);
    } finally {
      renameSync(ws.path('data/away.csv'), ws.path('data/students.csv'));
    }
  });

  it('--version and --help exit 0', async () => {
    const version = await runCli(['--version'], { cwd: ws.dir });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    const help = await runCli(['predict', '--help'], { cwd: ws.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(existsSync(ws.path('artifacts/.lock'))).toBe(false);
  });
});
