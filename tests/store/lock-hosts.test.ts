/**
 * A store shared by several hosts (src/store/lock-lease.ts, host.ts): the lock records host,
 * pid and a lease the holder renews; a live holder on another host is never taken over, a dead
 * one only after its lease lapses; cleanup leaves other hosts' temporary names alone. A second
 * host is simulated by a second process with SPM_HOSTNAME set (the variable exists for this).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { hostTag } from '../../src/store/host.js';
import { LeaseWatch, parseOwner } from '../../src/store/lock-lease.js';
import { acquireStoreLock } from '../../src/store/lock.js';
import { ArtifactStore } from '../../src/store/store.js';
import { rejectedSpmError } from '../helpers/errors.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  ws?.cleanup();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ownerOf = (root: string) => JSON.parse(readFileSync(join(root, '.lock', 'owner.json'), 'utf8')) as Record<string, unknown>;
const writeOwner = (root: string, owner: object): void => {
  mkdirSync(join(root, '.lock'), { recursive: true });
  writeFileSync(join(root, '.lock', 'owner.json'), JSON.stringify(owner));
};

describe('lease watch (pure)', () => {
  it('expires only when the same owner text was seen for longer than the lease', () => {
    const w = new LeaseWatch();
    expect(w.expired('a', 100, 0)).toBe(false);
    expect(w.expired('a', 100, 100)).toBe(false);
    expect(w.expired('b', 100, 150)).toBe(false); // renewed: the clock starts again
    expect(w.expired('b', 100, 240)).toBe(false);
    expect(w.expired('b', 100, 251)).toBe(true);
  });

  it('reads owners of older spm versions (no host, no lease) as this host with the default lease', () => {
    expect(parseOwner('{"pid":12,"token":"t"}')).toEqual({ pid: 12, host: undefined, token: 't', leaseMs: 30_000 });
    expect(parseOwner('{"pid":"12"}')).toBeNull();
    expect(parseOwner('not json')).toBeNull();
  });
});

describe('store lock across hosts', () => {
  it('records host, pid and lease, and renews the lease while held', async () => {
    ws = createWorkspace();
    const root = ws.path('store');
    const lock = await acquireStoreLock(root, { leaseMs: 60 });
    expect(ownerOf(root)).toMatchObject({ pid: process.pid, host: hostname(), lease_ms: 60, beat: 0 });
    await sleep(400);
    expect(ownerOf(root).beat).toBeGreaterThan(0);
    await lock.release();
    expect(existsSync(join(root, '.lock'))).toBe(false);
  });

  it('never takes over at once from another host, whatever its pid: its pid means nothing here', async () => {
    ws = createWorkspace();
    const root = ws.path('store');
    writeOwner(root, { pid: 999999999, host: 'far-host', token: 'x', lease_ms: 60_000 });
    const error = await rejectedSpmError(acquireStoreLock(root, { timeoutMs: 300 }));
    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toBe(`the artifact store ${root} is locked by process 999999999 on host far-host`);
    expect(error.hint).toBe("wait for the spm process on far-host to finish: its lease is still being renewed (a dead holder's lease lapses after 60 s)");
  });

  it("takes over another host's lock once its lease has lapsed unrenewed", async () => {
    ws = createWorkspace();
    const root = ws.path('store');
    writeOwner(root, { pid: 999999999, host: 'far-host', token: 'x', lease_ms: 200 });
    const waited: Array<[number, string | undefined]> = [];
    const lock = await acquireStoreLock(root, { timeoutMs: 10_000, onWait: (pid, host) => waited.push([pid, host]) });
    expect(ownerOf(root)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(waited).toEqual([[999999999, 'far-host']]);
    await lock.release();
  });

  it('a live holder on another host keeps its lock even with its main thread busy; killed, it loses it after the lease', async () => {
    ws = createWorkspace();
    const root = ws.path('store');
    // The real lock module, bundled for a plain node process that plays the other host.
    const bundle = ws.path('lock.mjs');
    await build({ entryPoints: [resolve('src/store/lock.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
    const script = `import(${JSON.stringify(bundle)}).then(async (m) => {
      await m.acquireStoreLock(${JSON.stringify(root)}, { leaseMs: 300 });
      console.log('held');
      const until = Date.now() + 1500; while (Date.now() < until); // a long synchronous fit
      setInterval(() => {}, 1000);
    });`;
    const other = spawn(process.execPath, ['-e', script], { env: { ...process.env, SPM_HOSTNAME: 'far-host' }, stdio: ['ignore', 'pipe', 'inherit'] });
    child = other;
    await new Promise<void>((ok) => other.stdout!.on('data', () => ok()));
    expect(ownerOf(root)).toMatchObject({ pid: other.pid, host: 'far-host', lease_ms: 300 });
    // Five leases' worth of waiting, first while its main thread spins, then while it idles.
    const error = await rejectedSpmError(acquireStoreLock(root, { timeoutMs: 2500 }));
    expect(error.message).toBe(`the artifact store ${root} is locked by process ${other.pid} on host far-host`);
    expect(ownerOf(root).beat).toBeGreaterThan(3);
    other.kill('SIGKILL');
    await new Promise((ok) => other.once('exit', ok));
    const lock = await acquireStoreLock(root, { timeoutMs: 10_000 });
    expect(ownerOf(root)).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
  });

  it("cleanup removes this host's dead temporary names and leaves another host's alone", async () => {
    ws = createWorkspace();
    const store = new ArtifactStore(ws.path('store'));
    const here = hostTag();
    const far = hostTag('far-host');
    mkdirSync(ws.path(`store/.tmp/train-abc-999999999@${here}-aaaaaa`), { recursive: true });
    mkdirSync(ws.path(`store/.tmp/train-abc-999999999@${far}-bbbbbb`), { recursive: true });
    mkdirSync(ws.path(`store/.lock.999999999@${here}.0a1b2c3d.new`));
    mkdirSync(ws.path(`store/.lock.999999999@${far}.0a1b2c3d.stale`));
    expect(await store.cleanStaleTemp()).toBe(2);
    expect(readdirSync(ws.path('store/.tmp'))).toEqual([`train-abc-999999999@${far}-bbbbbb`]);
    expect(readdirSync(ws.path('store')).filter((n) => n.startsWith('.lock.'))).toEqual([`.lock.999999999@${far}.0a1b2c3d.stale`]);
    // What this process makes carries its pid and host tag.
    expect(store.tempDir('train', 'abc')).toMatch(new RegExp(`train-abc-${process.pid}@${here}-[0-9a-f]{6}$`));
  });
});
