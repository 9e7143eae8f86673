/**
 * `spm gc` and the alias history (`spm aliases --history`): the history is an audit log, and gc
 * never trims it — the file stays byte for byte, and every version it names stays, so a rollback
 * always has its target. The way to let those versions go, as gc's --help and the README say:
 * move the history file out of the store (archive it); gc then removes them, the store verifies,
 * and a rollback says there is no earlier holder.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

/** A second model, which the default ridge replaces as production. */
const STUMP = ['-S', 'train.models={decision_tree: {max_depth: [1]}}'];

describe.sequential('spm gc keeps the alias history', () => {
  let ws: Workspace;
  let stump = '';
  const spm = (...args: string[]) => runCli(args, { cwd: ws.dir });
  const json = async (...args: string[]) => JSON.parse((await spm(...args, '--json')).stdout);
  const history = (): string => ws.path('artifacts/aliases-history.jsonl');

  beforeAll(async () => {
    ws = await trainedWorkspace();
    expect((await spm('run', '-q', ...STUMP)).code).toBe(4); // stored, though below the default r2 gate
    stump = (await json('metrics', 'show', ...STUMP)).id;
    expect((await spm('run', '-q')).code).toBe(0); // spm.lock names the ridge run again
    expect((await spm('promote', stump, '--as', 'production')).code).toBe(0);
    expect((await spm('promote', '--as', 'production')).code).toBe(0);
  }, 120_000);
  afterAll(() => ws?.cleanup());

  it('leaves the history file as it was and keeps the versions only the history names', async () => {
    const before = readFileSync(history());
    expect((await json('aliases', '--history')).history).toHaveLength(2);
    const dry = await json('gc');
    expect(dry.removed.map((v: { id: string }) => v.id)).not.toContain(stump);
    const done = await spm('gc', '--yes');
    expect(done.code, done.stderr).toBe(0);
    expect(readFileSync(history()).equals(before)).toBe(true);
    expect(existsSync(ws.path(`artifacts/evaluate/${stump}`))).toBe(true);
    expect((await spm('promote', '--rollback', 'production')).code).toBe(0); // its target is there
    expect((await spm('promote', '--as', 'production')).code).toBe(0);
  });

  it('gc --help says so, and how to let those versions go', async () => {
    const help = (await spm('gc', '--help')).stdout;
    expect(help).toContain('The alias history is an audit log: gc never trims it');
    expect(help).toContain('artifacts/aliases-history.jsonl');
  });

  it('with the history archived (moved out of the store), gc removes what only it named, and the store verifies', async () => {
    renameSync(history(), ws.path('aliases-history-archived.jsonl'));
    const dry = await json('gc');
    const gone = dry.removed.map((v: { stage: string; id: string }) => `${v.stage}/${v.id}`);
    expect(gone).toContain(`evaluate/${stump}`);
    expect((await spm('gc', '--yes')).code).toBe(0);
    expect(existsSync(ws.path(`artifacts/evaluate/${stump}`))).toBe(false);
    expect(await json('verify')).toMatchObject({ ok: true, problems: [] });
    expect((await json('aliases', '--history')).history).toEqual([]);
    const rollback = await spm('promote', '--rollback', 'production');
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toContain('no earlier holder to roll back to');
  });
});
