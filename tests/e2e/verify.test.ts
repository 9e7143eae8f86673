/** `spm verify`: the whole store checked against its manifests, every kind of problem listed with a hint, exit 1. */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

describe('spm verify', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
    expect((await runCli(['promote', '--as', 'production'], { cwd: ws.dir })).code).toBe(0);
  });
  afterAll(() => ws?.cleanup());

  const only = (stage: string): string => {
    const ids = readdirSync(ws.path(`artifacts/${stage}`)).filter((n) => /^[0-9a-f]+$/.test(n));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };

  it('passes a store the pipeline built, counting its versions and files', async () => {
    const res = await runCli(['verify', '--json'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc).toMatchObject({ ok: true, versions: 4, problems: [] });
    expect(doc.files).toBeGreaterThanOrEqual(8);
    const human = await runCli(['verify'], { cwd: ws.dir });
    expect(human.stdout).toMatch(/^4 versions, \d+ files in .*artifacts: all verified\n$/);
  });

  it('lists a changed output, an edited manifest, an unlisted file, a missing upstream and a dangling alias, then exits 1', async () => {
    const model = ws.path(`artifacts/train/${only('train')}/model.json`);
    appendFileSync(model, ' ');
    const manifest = ws.path(`artifacts/transform/${only('transform')}/manifest.json`);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"spm_version": "', '"spm_version": "9'));
    writeFileSync(ws.path(`artifacts/ingest/${only('ingest')}/extra.txt`), 'x');
    mkdirSync(ws.path('artifacts/evaluate/not-an-id'));
    const aliases = ws.path('artifacts/aliases.json');
    writeFileSync(aliases, JSON.stringify({ production: { stage: 'evaluate', id: 'abcdef123456' } }));
    const res = await runCli(['verify', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as { ok: boolean; problems: { where: string; problem: string; hint: string }[] };
    expect(doc.ok).toBe(false);
    const text = doc.problems.map((p) => `${p.where}: ${p.problem} | ${p.hint}`).join('\n');
    expect(text).toContain(`train/${only('train')}: artifact ${model} does not match the sha256 in its manifest | the store was changed or damaged; rebuild it with \`spm train --force\``);
    expect(text).toContain(`transform/${only('transform')}: ${manifest} is not a valid manifest: its content does not match its manifest_sha256 (edited by hand?)`);
    expect(text).toContain(`ingest/${only('ingest')}: holds extra.txt, which its manifest does not list`);
    expect(text).toContain('evaluate/not-an-id: is not a version folder (not an id spm writes)');
    expect(text).toContain('alias production: points at evaluate/abcdef123456, which is not in the store | promote another version: spm promote REF --as production');
    // The human form says the same, one problem and its hint per entry.
    const human = await runCli(['verify'], { cwd: ws.dir });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`5 problem(s)`);
    expect(human.stdout).toContain('    hint: promote another version: spm promote REF --as production');
    // A lineage link to a version that is gone.
    const evaluate = only('evaluate');
    const train = only('train');
    const moved = join(ws.dir, 'moved-train');
    const { renameSync } = await import('node:fs');
    renameSync(ws.path(`artifacts/train/${train}`), moved);
    const gone = JSON.parse((await runCli(['verify', '--json'], { cwd: ws.dir })).stdout) as { problems: { where: string; problem: string }[] };
    expect(gone.problems).toContainEqual(expect.objectContaining({ where: `evaluate/${evaluate}`, problem: `its lineage names train/${train}, which is not in the store` }));
  });
});
