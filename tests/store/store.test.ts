/** The artifact store: atomic publication, verification on read, stale temp cleanup, lock, refs. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { contentId, stableStringify } from '../../src/store/hash.js';
import { acquireStoreLock } from '../../src/store/lock.js';
import { manifestChecksum, validateManifest } from '../../src/store/manifest.js';
import { assertAliasName, findRef, readAliases, writeAlias } from '../../src/store/refs.js';
import { ArtifactStore } from '../../src/store/store.js';
import { rejectedSpmError } from '../helpers/errors.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
afterEach(() => ws?.cleanup());

const publishInfo = { params: { a: 1 }, inputs: { data: [], artifacts: [] }, startedAt: performance.now() };

async function publish(store: ArtifactStore, stage: string, id: string, files: Record<string, string>) {
  const writer = await store.create(stage, id);
  for (const [name, text] of Object.entries(files)) await writer.write(name, text);
  return writer.publish(publishInfo);
}


describe('hashing', () => {
  it('stableStringify ignores key order at every level', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(contentId({ a: 1, b: 2 })).toBe(contentId({ b: 2, a: 1 }));
    expect(contentId({ a: 1 })).not.toBe(contentId({ a: 2 }));
    expect(contentId({ a: 1 })).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('ArtifactStore', () => {
  it('publishes a version only when complete, with a manifest listing every output', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    const writer = await store.create('train', 'abc123');
    await writer.write('model.json', '{"w":1}\n');
    expect(await store.has('train', 'abc123')).toBe(false);
    expect(await store.listIds('train')).toEqual([]);
    const manifest = await writer.publish(publishInfo);
    expect(await store.listIds('train')).toEqual(['abc123']);
    expect(manifest.outputs).toEqual([{ path: 'model.json', bytes: 8, sha256: createHash('sha256').update('{"w":1}\n').digest('hex') }]);
    expect(readFileSync(join(store.versionDir('train', 'abc123'), 'model.json'), 'utf8')).toBe('{"w":1}\n');
    expect(readdirSync(ws.path('store/.tmp'))).toEqual([]);
  });

  it('verifies every read against the manifest and names the file and the fix', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    await publish(store, 'train', 'abc123', { 'model.json': '{"w":1}\n' });
    expect(await store.readJson('train', 'abc123', 'model.json')).toEqual({ w: 1 });
    writeFileSync(join(store.versionDir('train', 'abc123'), 'model.json'), '{"w":2}\n');
    const e = await rejectedSpmError(store.readJson('train', 'abc123', 'model.json'));
    expect(e.message).toBe(`artifact ${join(store.versionDir('train', 'abc123'), 'model.json')} does not match the sha256 in its manifest`);
    expect(e.hint).toContain('spm train --force');
    const e2 = await rejectedSpmError(store.verifiedPath('train', 'abc123', 'model.json'));
    expect(e2.code).toBe('ARTIFACT_CORRUPT');
  });

  it('a damaged manifest is a clear error, not a crash', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    await publish(store, 'train', 'abc123', { 'model.json': '{}' });
    writeFileSync(join(store.versionDir('train', 'abc123'), 'manifest.json'), '{"format":"spm.manifest"');
    const e = await rejectedSpmError(store.readManifest('train', 'abc123'));
    expect(e.message).toContain('is not a valid manifest: not a JSON object');
  });

  it('rejects manifests whose output paths leave the version folder', () => {
    const fields = { format: 'spm.manifest', version: 1, stage: 's', id: 'a1', spm_version: '0', created: 'x', params: {}, inputs: { data: [], artifacts: [] }, outputs: [{ path: '../../etc/passwd', sha256: 'x', bytes: 1 }], duration_ms: 1, summary: {} } as const;
    const m = { ...fields, manifest_sha256: manifestChecksum(fields) };
    expect(() => validateManifest(m, 'm.json', 's')).toThrow('output path "../../etc/passwd" leaves the version folder');
    // A lineage link or an id that is a path, even with a matching checksum.
    const link = { ...fields, outputs: [], inputs: { data: [], artifacts: [{ stage: 'train', id: '../../decoy' }] } };
    expect(() => validateManifest({ ...link, manifest_sha256: manifestChecksum(link) }, 'm.json', 's')).toThrow('m.json is not a valid manifest: bad artifact input');
    const own = { ...fields, outputs: [], id: '../x' };
    expect(() => validateManifest({ ...own, manifest_sha256: manifestChecksum(own) }, 'm.json', 's')).toThrow('m.json is not a valid manifest: bad stage or id');
    // An edit the shape allows (a param, the threshold): the checksum finds it.
    const edited = { ...fields, outputs: [], manifest_sha256: manifestChecksum({ ...fields, outputs: [] }), params: { evaluate: { threshold: 0.6 } } };
    expect(() => validateManifest(edited, 'm.json', 's')).toThrow("m.json is not a valid manifest: its content does not match its manifest_sha256 (edited by hand?)");
  });

  it('a manifest from before checksums says which spm wrote it and how to rebuild', () => {
    const old = { format: 'spm.manifest', version: 1, stage: 'train', id: 'a1', spm_version: '0.1.0', created: 'x', params: {}, inputs: { data: [], artifacts: [] }, outputs: [], duration_ms: 1, summary: {} };
    expect(() => validateManifest(old, 'm.json', 'train')).toThrow('m.json has no checksum: it was written by spm 0.1.0, before manifests carried one');
  });

  it('a damaged manifest names the command that rebuilds it', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    await publish(store, 'transform', 'abc123', { 'x.json': '{}' });
    const path = join(store.versionDir('transform', 'abc123'), 'manifest.json');
    writeFileSync(path, '{"format":"spm.manifest","version":1}');
    const e = await rejectedSpmError(store.readManifest('transform', 'abc123'));
    expect([e.message, e.hint]).toEqual([`${path} is not a valid manifest: stage missing`, 'the store was changed or damaged; rebuild it with `spm transform --force`']);
  });

  it('a missing version says how to build it', async () => {
    ws = createWorkspace();
    const e = await rejectedSpmError(new ArtifactStore(ws.path('store')).readManifest('evaluate', 'ffff'));
    expect(e.code).toBe('ARTIFACT_MISSING');
    expect(e.hint).toBe('run `spm evaluate` (or `spm run`) to build it');
  });

  it('a second publication of the same content-addressed version keeps the first', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    const a = await store.create('ingest', 'abc123');
    const b = await store.create('ingest', 'abc123');
    await a.write('x.csv', 'a\n');
    await b.write('x.csv', 'a\n');
    await a.publish(publishInfo);
    await b.publish(publishInfo);
    expect(await store.listIds('ingest')).toEqual(['abc123']);
    expect(readdirSync(ws.path('store/.tmp'))).toEqual([]);
  });

  it('rebuilds a version folder that has no manifest (a killed or hand-edited version)', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    mkdirSync(store.versionDir('train', 'abc123'), { recursive: true });
    writeFileSync(join(store.versionDir('train', 'abc123'), 'model.json'), 'half');
    writeFileSync(join(store.root, 'train', 'notes.txt'), 'a stray file is not a version either\n');
    expect(await store.listIds('train')).toEqual([]);
    const manifest = await publish(store, 'train', 'abc123', { 'model.json': '{"w":1}\n' });
    expect(manifest.outputs.map((o) => o.path)).toEqual(['model.json']);
    expect(await store.listIds('train')).toEqual(['abc123']);
    expect(await store.readJson('train', 'abc123', 'model.json')).toEqual({ w: 1 });
    expect(readdirSync(ws.path('store/.tmp'))).toEqual([]);
  });

  it('--force replaces a complete version and leaves no old folder behind', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    await publish(store, 'train', 'abc123', { 'model.json': '{"w":1}\n' });
    const writer = await store.create('train', 'abc123');
    await writer.write('model.json', '{"w":2}\n');
    await writer.publish({ ...publishInfo, replace: true });
    expect(await store.readJson('train', 'abc123', 'model.json')).toEqual({ w: 2 });
    expect(readdirSync(ws.path('store/.tmp'))).toEqual([]);
  });

  it('removes temporary folders and half-made lock folders of processes that are gone, and keeps live ones', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    mkdirSync(ws.path('store/.tmp/train-abc-999999999-aaaaaa'), { recursive: true });
    mkdirSync(ws.path(`store/.tmp/train-abc-${process.pid}-bbbbbb`), { recursive: true });
    // A lock folder being made or taken over when its process was killed.
    mkdirSync(ws.path('store/.lock.999999999.0a1b2c3d.new'));
    mkdirSync(ws.path('store/.lock.999999998.0a1b2c3d.stale'));
    mkdirSync(ws.path(`store/.lock.${process.pid}.0a1b2c3d.new`));
    expect(await store.cleanStaleTemp()).toBe(3);
    expect(readdirSync(ws.path('store/.tmp'))).toEqual([`train-abc-${process.pid}-bbbbbb`]);
    expect(readdirSync(ws.path('store')).filter((n) => n.startsWith('.lock.'))).toEqual([`.lock.${process.pid}.0a1b2c3d.new`]);
  });
});

describe('store lock', () => {
  it('is exclusive, released on release, and taken over from a dead owner', async () => {
    ws = createWorkspace();
    const root = ws.path('store');
    const lock = await acquireStoreLock(root);
    await expect(acquireStoreLock(root, { timeoutMs: 150 })).rejects.toThrow(`the artifact store ${root} is locked by process ${process.pid}`);
    await lock.release();
    expect(existsSync(join(root, '.lock'))).toBe(false);
    mkdirSync(join(root, '.lock'));
    writeFileSync(join(root, '.lock', 'owner.json'), JSON.stringify({ pid: 999999999 }));
    const taken = await acquireStoreLock(root, { timeoutMs: 1000 });
    await taken.release();
  });

  it('tells the caller once that it waits for another process', async () => {
    ws = createWorkspace();
    const root = ws.path('store');
    const lock = await acquireStoreLock(root);
    const waited: number[] = [];
    const second = acquireStoreLock(root, { onWait: (pid) => waited.push(pid) });
    setTimeout(() => void lock.release(), 300);
    await (await second).release();
    expect(waited).toEqual([process.pid]);
  });
});

describe('refs and aliases', () => {
  it('resolves aliases, full ids and unique prefixes; refuses ambiguous and unknown ones', async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    await publish(store, 'evaluate', 'aa11', { 'm.json': '{}' });
    await publish(store, 'evaluate', 'aa22', { 'm.json': '{}' });
    await writeAlias(store, 'production', { stage: 'evaluate', id: 'aa22' });
    expect(await findRef(store, 'production', ['evaluate'])).toEqual({ stage: 'evaluate', id: 'aa22' });
    expect(await findRef(store, 'aa1', ['evaluate'])).toEqual({ stage: 'evaluate', id: 'aa11' });
    expect((await rejectedSpmError(findRef(store, 'aa', ['evaluate']))).message).toBe("'aa' matches 2 versions: evaluate/aa11, evaluate/aa22");
    expect((await rejectedSpmError(findRef(store, 'bb', ['evaluate']))).message).toBe("no evaluate version matches 'bb'");
    expect((await rejectedSpmError(findRef(store, 'staging', ['evaluate']))).hint).toContain('aliases: production');
  });

  it('alias names cannot be paths or reserved words, and a tampered alias file cannot point outside the store', async () => {
    for (const bad of ['../x', 'a/b', 'latest', '', '-x', '.hidden']) expect(() => assertAliasName(bad), bad).toThrow('invalid alias name');
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    mkdirSync(store.root, { recursive: true });
    writeFileSync(join(store.root, 'aliases.json'), JSON.stringify({ evil: { stage: '../..', id: 'etc' }, ok: { stage: 'evaluate', id: 'ab12' } }));
    expect(await readAliases(store)).toEqual({ ok: { stage: 'evaluate', id: 'ab12' } });
  });
});
