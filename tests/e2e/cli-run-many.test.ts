/**
 * End-to-end: `spm run -p PATTERN` over three district pipelines (issue 20, "many pipelines"):
 * a (passes), b (a broken params file), c (fails its quality gate). The table and the log lines,
 * the --json document, the exit codes, path order, --jobs 2 = --jobs 1, the versions equal to
 * runs of each params file alone, the no-match message, --fail-fast.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const PIPELINE = `data:
  source: students.csv
  target: math_score
train:
  models: { ridge: { alpha: [1, 10] }, decision_tree: { max_depth: [3] } }
`;

/** Three districts sharing one synth cohort; b's params do not validate, c's gate cannot pass. */
const DISTRICTS: Record<string, string> = {
  'districts/a/params.yaml': `${PIPELINE}evaluate:\n  gates: { r2: ">= 0.5" }\n`,
  'districts/b/params.yaml': `${PIPELINE}evaluate:\n  gatse: { r2: ">= 0.5" }\n`,
  'districts/c/params.yaml': `${PIPELINE}evaluate:\n  gates: { r2: ">= 0.999" }\n`,
};

interface ManyDoc {
  pipelines: {
    params: string;
    status: string;
    stages: { stage: string; id: string; cached: boolean; duration_ms: number }[];
    model: string | null;
    metric: { name: string; value: number } | null;
    metrics: Record<string, number> | null;
    gates: { metric: string; passed: boolean }[];
    passed: boolean;
    duration_ms: number;
    error?: { code: string; message: string; hint: string | null; exit_code: number };
  }[];
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  exit_code: number;
}

let cohort = '';

/** A fresh copy of the three districts with the shared cohort. */
function districts(): Workspace {
  const ws = createWorkspace(DISTRICTS);
  for (const d of ['a', 'b', 'c']) ws.write(`districts/${d}/students.csv`, cohort);
  return ws;
}

/** What does not depend on timing: each pipeline's status, versions, model, metrics, gates, error. */
const results = (doc: ManyDoc) =>
  doc.pipelines.map((p) => ({ params: p.params, status: p.status, ids: p.stages.map((s) => `${s.stage}/${s.id}`), model: p.model, metric: p.metric, metrics: p.metrics, gates: p.gates, error: p.error }));

/** The bytes of the model and metrics of a district's store. */
function versionBytes(ws: Workspace, district: string, doc: { stages: { stage: string; id: string }[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of doc.stages) {
    const dir = ws.path(join('districts', district, 'artifacts', s.stage, s.id));
    for (const file of readdirSync(dir).filter((f) => f !== 'manifest.json')) out[`${s.stage}/${s.id}/${file}`] = readFileSync(join(dir, file), 'latin1');
  }
  return out;
}

describe('spm run -p PATTERN', () => {
  let serial: Workspace;
  let parallel: Workspace;
  let alone: Workspace;
  let human: { code: number; stdout: string; stderr: string };
  let json: ManyDoc;

  beforeAll(async () => {
    const seed = createWorkspace();
    const synth = await runCli(['synth', '-o', 'cohort.csv', '--rows', '300', '--seed', '11'], { cwd: seed.dir });
    expect(synth.code).toBe(0);
    cohort = readFileSync(seed.path('cohort.csv'), 'utf8');
    seed.cleanup();
    [serial, parallel, alone] = [districts(), districts(), districts()];
    human = await runCli(['run', '-p', 'districts/*/params.yaml'], { cwd: serial.dir });
  }, 180_000);
  afterAll(() => [serial, parallel, alone].forEach((ws) => ws?.cleanup()));

  it('prints one line per pipeline on stderr, in path order, and the table on stdout; exit 1 (b errored)', () => {
    expect(human.code, human.stderr).toBe(1);
    const lines = human.stderr.trim().split('\n').filter((l) => l.startsWith('['));
    expect(lines.map((l) => l.split(':')[0])).toEqual(['[1/3] districts/a/params.yaml', '[2/3] districts/b/params.yaml', '[3/3] districts/c/params.yaml']);
    expect(lines[0]).toMatch(/passed — (ridge|decision_tree), rmse \d+\.\d{4}, gates 1\/1 \(ingest rebuilt, transform rebuilt, train rebuilt, evaluate rebuilt; /);
    expect(lines[1]).toContain("ERROR PARAMS_INVALID: unknown key 'evaluate.gatse'");
    expect(lines[2]).toMatch(/FAILED \(gate\) — .*gates 0\/1/);
    const rows = human.stdout.split('\n').filter((l) => l.startsWith('│') && l.includes('districts/'));
    expect(rows.map((r) => r.split('│').map((c) => c.trim()).slice(1, 6))).toEqual([
      ['districts/a/params.yaml', 'passed', expect.any(String), expect.stringMatching(/^rmse \d/), '1/1'],
      ['districts/b/params.yaml', 'ERROR', '—', '—', '—'],
      ['districts/c/params.yaml', 'FAILED (gate)', expect.any(String), expect.stringMatching(/^rmse \d/), '0/1'],
    ]);
    expect(human.stdout).toContain('3 pipelines: 1 passed, 1 failed a gate, 1 errored (exit 1)');
    expect(human.stdout).toContain("error districts/b/params.yaml: PARAMS_INVALID: unknown key 'evaluate.gatse'");
  });

  it('--json: one document with every pipeline in path order, its versions, metrics, gates or error', async () => {
    const run = await runCli(['run', '-p', 'districts/*/params.yaml', '--json'], { cwd: serial.dir });
    expect(run.code).toBe(1);
    json = JSON.parse(run.stdout) as ManyDoc;
    expect(json).toMatchObject({ passed: 1, failed: 1, errored: 1, skipped: 0, exit_code: 1 });
    const [a, b, c] = json.pipelines;
    expect(a).toMatchObject({ params: 'districts/a/params.yaml', status: 'passed', passed: true, metric: { name: 'rmse' } });
    expect(a!.stages.map((s) => [s.stage, s.cached])).toEqual([['ingest', true], ['transform', true], ['train', true], ['evaluate', true]]);
    expect(a!.metric!.value).toBe(a!.metrics!.rmse);
    expect(b).toMatchObject({ params: 'districts/b/params.yaml', status: 'error', passed: false, stages: [], error: { code: 'PARAMS_INVALID', exit_code: 1 } });
    expect(b!.error!.message).toContain("unknown key 'evaluate.gatse'");
    expect(c).toMatchObject({ params: 'districts/c/params.yaml', status: 'failed', passed: false, gates: [{ metric: 'r2', passed: false }] });
  });

  it('--jobs 2 gives the same results in the same order as --jobs 1', async () => {
    const run = await runCli(['run', '-p', 'districts/*/params.yaml', '--jobs', '2', '--json'], { cwd: parallel.dir });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as ManyDoc;
    expect(doc.pipelines[0]!.stages.every((s) => !s.cached)).toBe(true);
    expect(results(doc)).toEqual(results(json));
    expect(run.stderr.split('\n').filter((l) => l.startsWith('[')).map((l) => l.split(':')[0])).toEqual(['[1/3] districts/a/params.yaml', '[2/3] districts/b/params.yaml', '[3/3] districts/c/params.yaml']);
    for (const [i, d] of [[0, 'a'], [2, 'c']] as const) expect(versionBytes(parallel, d, doc.pipelines[i]!)).toEqual(versionBytes(serial, d, json.pipelines[i]!));
  });

  it('the versions (ids and bytes) are those of `spm run -p districts/X/params.yaml` run alone', async () => {
    for (const [i, d, code] of [[0, 'a', 0], [2, 'c', 4]] as const) {
      const run = await runCli(['run', '-p', `districts/${d}/params.yaml`, '--json'], { cwd: alone.dir });
      expect(run.code).toBe(code);
      const doc = JSON.parse(run.stdout) as { stages: { stage: string; id: string }[]; metrics: unknown };
      expect(doc.stages.map((s) => `${s.stage}/${s.id}`)).toEqual(results(json)[i]!.ids);
      expect(doc.metrics).toEqual(json.pipelines[i]!.metrics);
      expect(versionBytes(alone, d, doc)).toEqual(versionBytes(serial, d, json.pipelines[i]!));
    }
  });

  it('exit 4 when a gate failed and nothing errored, 0 when all passed; several -p name each file once', async () => {
    const gate = await runCli(['run', '-p', 'districts/[ac]/params.yaml', '-q'], { cwd: serial.dir });
    expect(gate.code).toBe(4);
    const ok = await runCli(['run', '-p', 'districts/a/params.yaml', '-p', 'districts/[a]/params.yaml', '--json'], { cwd: serial.dir });
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as ManyDoc).pipelines.map((p) => p.params)).toEqual(['districts/a/params.yaml']);
  });

  it('--fail-fast: no pipeline starts after b errored; c is skipped', async () => {
    const run = await runCli(['run', '-p', 'districts/*/params.yaml', '--fail-fast', '--json'], { cwd: serial.dir });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as ManyDoc;
    expect(doc.pipelines.map((p) => p.status)).toEqual(['passed', 'error', 'skipped']);
    expect(doc.skipped).toBe(1);
    expect(run.stderr).toContain('[3/3] districts/c/params.yaml: skipped (--fail-fast: an earlier pipeline errored)');
  });

  it('a pattern that matches nothing: exit 2, the pattern, the folder and a hint', async () => {
    const run = await runCli(['run', '-p', 'district/*/params.yaml'], { cwd: serial.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `spm: error: -p 'district/*/params.yaml' matches no file (in ${serial.dir})\n` +
        "  hint: check the pattern: * ? [..] match within a folder name, ** any depth of folders, e.g. spm run -p 'districts/*/params.yaml' (quote it so the shell passes it to spm)\n",
    );
  });

  it('a pattern the shell expanded (unquoted): exit 2 with a hint to quote it', async () => {
    const run = await runCli(['run', '-p', 'districts/a/params.yaml', 'districts/b/params.yaml', 'districts/c/params.yaml'], { cwd: serial.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("spm: error: spm run takes no arguments, got 'districts/b/params.yaml' 'districts/c/params.yaml'");
    expect(run.stderr).toContain("hint: did the shell expand a -p pattern? Quote it, so spm expands it: spm run -p 'districts/*/params.yaml'");
  });

  it('--jobs or --fail-fast with one params file: exit 2; --jobs 0: exit 2', async () => {
    const jobs = await runCli(['run', '-p', 'districts/a/params.yaml', '--jobs', '2'], { cwd: serial.dir });
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('spm: error: --jobs applies to many pipelines');
    const zero = await runCli(['run', '-p', 'districts/*/params.yaml', '--jobs', '0'], { cwd: serial.dir });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("option '-j, --jobs <n>' argument '0' is invalid. expected a whole number ≥ 1.");
  });
});
