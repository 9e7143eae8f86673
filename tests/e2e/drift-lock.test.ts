/**
 * `spm drift` stores its report under the store lock, as every writer of the store: it waits for
 * a process that holds the lock (saying so), and concurrent drifts of one batch — whose reports
 * are one content-addressed version — leave a store `spm verify` passes, also when they replace
 * a damaged report together.
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireStoreLock } from '../../src/store/lock.js';
import { storeLeftovers, storeProblems } from '../helpers/store-check.js';
import { BIN, runCli, trainedWorkspace, type CliResult, type Workspace } from '../helpers/workspace.js';

const driftIds = (ws: Workspace): string[] => readdirSync(ws.path('artifacts/drift')).filter((n) => /^[0-9a-f]+$/.test(n));

/** `spm drift` as a child process, with its stderr as it comes (to see it wait). */
function startDrift(ws: Workspace): { stderr: () => string; exited: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, 'drift', '-i', 'batch.csv', '--json'], { cwd: ws.dir, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end();
  return { stderr: () => stderr, exited: new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))) };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function expectVerified(ws: Workspace): Promise<void> {
  const verify = await runCli(['verify', '--json'], { cwd: ws.dir });
  expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, problems: [] });
  expect(storeProblems(ws.path('artifacts'))).toEqual([]);
  expect(storeLeftovers(ws.path('artifacts')), 'temporary folders or a stale lock left in the store').toEqual([]);
}

describe('spm drift and the store lock', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
    expect((await runCli(['synth', '-o', 'batch.csv', '--rows', '2000', '--seed', '11'], { cwd: ws.dir })).code).toBe(0);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('waits for the process that holds the lock, says so, and stores its report once the lock is free', async () => {
    const lock = await acquireStoreLock(ws.path('artifacts'));
    const drift = startDrift(ws);
    try {
      await until(() => drift.stderr().includes('holds the store lock'), 'drift to wait for the lock');
      expect(drift.stderr()).toContain(`waiting for another spm process (pid ${process.pid}) that holds the store lock`);
      expect(readdirSync(ws.path('artifacts')).includes('drift') ? driftIds(ws) : []).toEqual([]);
    } finally {
      await lock.release();
    }
    const res = await drift.exited;
    expect([0, 3], res.stderr).toContain(res.code);
    expect(driftIds(ws)).toEqual([JSON.parse(res.stdout).id]);
    await expectVerified(ws);
  }, 120_000);

  it('four drifts of one batch at once: one report version, every run the same report, the store verified', async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => startDrift(ws).exited));
    for (const res of runs) expect([0, 3], res.stderr).toContain(res.code);
    const ids = new Set(runs.map((res) => JSON.parse(res.stdout).id as string));
    expect(ids.size).toBe(1);
    expect(driftIds(ws)).toEqual([...ids]);
    await expectVerified(ws);
  }, 120_000);

  it('four drifts at once over a damaged report: it is replaced once, whole, and the store verifies', async () => {
    const [id] = driftIds(ws);
    writeFileSync(ws.path(`artifacts/drift/${id}/drift.json`), '{"damaged": true}\n');
    expect((await runCli(['verify'], { cwd: ws.dir })).code).toBe(1);
    const runs = await Promise.all(Array.from({ length: 4 }, () => startDrift(ws).exited));
    for (const res of runs) expect([0, 3], res.stderr).toContain(res.code);
    expect(new Set(runs.map((res) => JSON.parse(res.stdout).id))).toEqual(new Set([id]));
    expect(driftIds(ws)).toEqual([id]);
    await expectVerified(ws);
  }, 120_000);
});
