/**
 * File-system robustness (code review B2, B4, B5, B9): a version folder without its manifest
 * is rebuilt, bad user paths are exit 1 with a message, a stale store lock is taken over by
 * one waiter only, and Ctrl-C leaves no temporary file behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { openAtomicOutput, userPathError, writeFileAtomic } from '../../src/store/atomic.js';
import { acquireStoreLock } from '../../src/store/lock.js';
import { removeTracked, trackedTemp } from '../../src/util/cleanup.js';
import { BIN, createWorkspace, runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

// The lock race needs one waiter to read the stale owner, then pause while the other takes
// the lock over (see 'store lock takeover'); every other call goes straight to node:fs.
const gate = vi.hoisted(() => ({ active: false, reads: 0, open: Promise.resolve() }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (...args: Parameters<typeof real.readFile>) => {
    const result = await real.readFile(...args);
    if (gate.active && String(args[0]).endsWith('owner.json') && ++gate.reads === 2) await gate.open;
    return result;
  }) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});


const tmpFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('a pipeline workspace', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('rebuilds a version folder that lost its manifest (B2), with `spm run` and `spm train --force`', async () => {
    const [id] = readdirSync(ws.path('artifacts/train'));
    const manifest = ws.path(`artifacts/train/${id}/manifest.json`);
    for (const args of [['run', '-q'], ['train', '--force', '-q']]) {
      rmSync(manifest);
      writeFileSync(ws.path(`artifacts/train/${id}/stray.txt`), 'left by hand\n');
      const res = await runCli(args, { cwd: ws.dir });
      expect(res.stderr, args.join(' ')).toBe('');
      expect(res.code, args.join(' ')).toBe(0);
      expect(existsSync(manifest)).toBe(true);
      expect(existsSync(ws.path(`artifacts/train/${id}/stray.txt`))).toBe(false);
      expect(readdirSync(ws.path('artifacts/.tmp'))).toEqual([]);
    }
  });

  it('an --artifacts path that is a file is exit 1 with a message (B4)', async () => {
    const store = ws.path('params.yaml');
    for (const args of [['run'], ['versions'], ['status'], ['predict', '-i', 'data/students.csv', '-o', 'x.csv']]) {
      const res = await runCli([...args, '--artifacts', 'params.yaml'], { cwd: ws.dir });
      expect(res.stderr, args[0]).toBe(
        `spm: error: the artifact store ${store} is not a folder\n` +
          '  hint: point --artifacts (or artifacts.dir in the params file) at a folder; spm creates it if it is missing\n',
      );
      expect(res.code, args[0]).toBe(1);
    }
  });

  it('`spm predict -o FOLDER` is exit 1 before scoring, and leaves nothing behind (B4)', async () => {
    const res = await runCli(['predict', '-i', 'data/students.csv', '-o', 'data'], { cwd: ws.dir });
    expect(res.stderr).toBe('spm: error: cannot write data: it is a folder\n  hint: give a file name, e.g. data/out.csv\n');
    expect(res.code).toBe(1);
    expect(tmpFiles(ws.dir)).toEqual([]);
    expect(readdirSync(ws.path('data'))).toEqual(['students.csv']);
  });

  it('`spm predict -o` where no file can be created is exit 1 naming the path (B4)', async () => {
    // /proc refuses new files: EACCES for a normal user, ENOENT for root.
    const res = await runCli(['predict', '-i', 'data/students.csv', '-o', '/proc/x.csv'], { cwd: ws.dir });
    expect(res.stderr).toMatch(/^spm: error: cannot write \/proc\/x\.csv: (permission denied|its folder does not exist or does not accept new files)\n {2}hint: write somewhere you may create files, e\.g\. under the current folder\n$/);
    expect(res.code).toBe(1);
  });

  it('writes into a device as it is (never renames a file over /dev/null), and a full disk is exit 1 naming the path', async () => {
    const before = statSync('/dev/null');
    const sink = await runCli(['predict', '-i', 'data/students.csv', '-o', '/dev/null', '--json'], { cwd: ws.dir });
    expect(sink.code, sink.stderr).toBe(0);
    expect(JSON.parse(sink.stdout)).toMatchObject({ output: '/dev/null', rejected: 0 });
    const after = statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    expect(readdirSync('/dev').filter((f) => f.endsWith('.tmp') || f.endsWith('.rejects.csv'))).toEqual([]);
    // Rejected rows beside a device go to the summary on stderr, not to /dev/null.rejects.csv.
    ws.write('one-bad.csv', `${readFileSync(ws.path('data/students.csv'), 'utf8').split('\n')[0]}\nS9,female\n`);
    const rejected = await runCli(['predict', '-i', 'one-bad.csv', '-o', '/dev/null'], { cwd: ws.dir });
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain('line 2: expected 9 fields, found 2');
    expect(existsSync('/dev/null.rejects.csv')).toBe(false);
    // /dev/full answers every write with ENOSPC: what a full disk looks like.
    const full = await runCli(['synth', '-o', '/dev/full', '--rows', '50000'], { cwd: ws.dir });
    expect(full.stderr).toBe('spm: error: cannot write /dev/full: no space left on the disk\n  hint: free some disk space, or write to another disk\n');
    expect(full.code).toBe(1);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('`spm synth -o FOLDER` is exit 1 with a message (B4)', async () => {
    const res = await runCli(['synth', '-o', 'data', '--rows', '10'], { cwd: ws.dir });
    expect(res.stderr).toBe('spm: error: cannot write data: it is a folder\n  hint: give a file name, e.g. data/out.csv\n');
    expect(res.code).toBe(1);
    expect(readdirSync(ws.path('data'))).toEqual(['students.csv']);
  });

  it('Ctrl-C during `spm predict` exits 130 and removes the temporary outputs (B9)', async () => {
    expect((await runCli(['synth', '-o', 'big.csv', '--rows', '300000'], { cwd: ws.dir })).code).toBe(0);
    const outDir = ws.path('pout');
    mkdirSync(outDir);
    // Rows arrive on stdin, which stays open: predict is still waiting for more when the signal
    // comes, however fast the machine (a file could be scored before the poll notices).
    const head = readFileSync(ws.path('big.csv'), 'utf8').split('\n').slice(0, 500).join('\n') + '\n'; // < a pipe's 64 KiB
    const res = await interruptWhen(['predict', '-i', '-', '-o', join(outDir, 'scored.csv')], ws.dir, () =>
      tmpFiles(outDir).some((f) => f.startsWith('.scored.csv.')),
      head,
    );
    expect(res.code).toBe(130);
    expect(res.stderr).toContain('spm: interrupted');
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('the next run removes a spm.lock a killed run was writing, and keeps one a live process writes', async () => {
    ws.write('.spm.lock.999999999.0a1b2c3d.tmp', '{');
    ws.write(`.spm.lock.${process.pid}.0a1b2c3d.tmp`, '{');
    const res = await runCli(['run', '-q'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(ws.path('.spm.lock.999999999.0a1b2c3d.tmp'))).toBe(false);
    expect(existsSync(ws.path(`.spm.lock.${process.pid}.0a1b2c3d.tmp`))).toBe(true);
    rmSync(ws.path(`.spm.lock.${process.pid}.0a1b2c3d.tmp`));
  });

  it('Ctrl-C during `spm run` exits 130 and removes the version being built and the lock (B9)', async () => {
    const store = ws.path('store2');
    const building = (): boolean => existsSync(join(store, '.tmp')) && readdirSync(join(store, '.tmp')).length > 0;
    const res = await interruptWhen(['run', '-q', '-S', 'data.source=big.csv', '--artifacts', store], ws.dir, building);
    expect(res.code).toBe(130);
    expect(res.stderr).toContain('spm: interrupted');
    expect(readdirSync(store).filter((f) => f.startsWith('.'))).toEqual(['.tmp']);
    expect(readdirSync(join(store, '.tmp'))).toEqual([]);
  });
});

describe('a reader that goes away (spm … | head)', () => {
  it('stops quietly with exit 0 instead of crashing on EPIPE', async () => {
    const child = spawn(process.execPath, [BIN, 'drift', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before spm writes a byte
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

/** Starts `spm ...args` and sends it SIGINT as soon as `ready()` holds (checked every 2 ms). */
async function interruptWhen(args: readonly string[], cwd: string, ready: () => boolean, stdin?: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
  if (stdin !== undefined) {
    child.stdin!.on('error', () => {}); // EPIPE once the interrupted child has gone: expected
    child.stdin!.write(stdin); // and left open
  }
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let sent = false;
  const poll = setInterval(() => {
    if (!sent && ready()) {
      sent = true;
      child.kill('SIGINT');
    }
  }, 2);
  const code = await exited;
  clearInterval(poll);
  // Not interrupted (it finished before `ready` held) is a failure of the test set-up, not of spm.
  expect(sent, `${args.join(' ')} ended before it could be interrupted`).toBe(true);
  return { code, stderr };
}

describe('user paths', () => {
  it('turns file-system errors on a user path into messages, and leaves other errors alone', () => {
    const cases = [
      ['EISDIR', 'out', 'cannot write out: it is a folder'],
      ['ENOTDIR', 'a/b.csv', 'cannot write a/b.csv: part of its path is a file, not a folder'],
      ['EACCES', '/root/x.csv', 'cannot write /root/x.csv: permission denied'],
      ['ENOSPC', 'x.csv', 'cannot write x.csv: no space left on the disk'],
      ['EROFS', 'x.csv', 'cannot write x.csv: the file system is read-only'],
    ] as const;
    for (const [code, path, message] of cases) {
      const e = userPathError(Object.assign(new Error(code), { code }), path);
      expect(e).toBeInstanceOf(SpmError);
      expect([(e as SpmError).message, (e as SpmError).exitCode]).toEqual([message, 1]);
    }
    const store = userPathError(Object.assign(new Error(), { code: 'EACCES' }), '/srv/store', 'store') as SpmError;
    expect(store.message).toBe('cannot use the artifact store /srv/store: permission denied');
    const bug = new Error('boom');
    expect(userPathError(bug, 'x')).toBe(bug);
    expect(userPathError(Object.assign(new Error(), { code: 'EMFILE' }), 'x')).not.toBeInstanceOf(SpmError);
  });
});

describe('temporary files', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('are registered while open and removed by the exit handler (B9)', async () => {
    const out = await openAtomicOutput(ws.path('a/scored.csv'));
    await out.write('x\n');
    const [tmp] = tmpFiles(ws.path('a'));
    expect(trackedTemp()).toContain(ws.path(`a/${tmp}`));
    removeTracked();
    expect(readdirSync(ws.path('a'))).toEqual([]);
    await out.discard();
  });

  it('are unregistered once committed or discarded', async () => {
    const before = trackedTemp().length;
    const out = await openAtomicOutput(ws.path('b/out.csv'));
    await out.write('a,b\n');
    await out.write(new Uint8Array([49, 44, 50, 10]));
    await out.commit();
    expect(readFileSync(ws.path('b/out.csv'), 'utf8')).toBe('a,b\n1,2\n');
    const dropped = await openAtomicOutput(ws.path('b/dropped.csv'));
    await dropped.discard();
    await writeFileAtomic(ws.path('b/lock.json'), '{}\n');
    expect(readdirSync(ws.path('b')).sort()).toEqual(['lock.json', 'out.csv']);
    expect(trackedTemp().length).toBe(before);
  });
});

describe('store lock takeover (B5)', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('two waiters that both saw a dead owner: one takes the lock, the other waits for it', async () => {
    const root = ws.path('race');
    mkdirSync(join(root, '.lock'), { recursive: true });
    writeFileSync(join(root, '.lock', 'owner.json'), JSON.stringify({ pid: 999999999 }));
    let openGate = (): void => {};
    gate.open = new Promise((resolve) => (openGate = resolve));
    gate.reads = 0;
    gate.active = true;
    const waited: number[] = [];
    let sawWait = (): void => {};
    const waiting = new Promise<'waits'>((resolve) => (sawWait = () => resolve('waits')));
    const onWait = (pid: number): void => {
      waited.push(pid);
      sawWait();
    };
    const attempts = [acquireStoreLock(root, { timeoutMs: 20_000, onWait }), acquireStoreLock(root, { timeoutMs: 20_000, onWait })];
    const tagged = attempts.map((p, i) => p.then((lock) => ({ i, lock })));
    try {
      // The second reader of the stale owner pauses until the first has the lock.
      const first = await Promise.race(tagged);
      const owner = readFileSync(join(root, '.lock', 'owner.json'), 'utf8');
      openGate();
      const other = tagged[1 - first.i]!;
      expect(await Promise.race([other.then(() => 'took the lock too'), waiting])).toBe('waits');
      expect(waited).toEqual([process.pid]);
      expect(readFileSync(join(root, '.lock', 'owner.json'), 'utf8')).toBe(owner);
      await first.lock.release();
      await (await other).lock.release();
      expect(readdirSync(root)).toEqual([]);
    } finally {
      gate.active = false;
      openGate();
      await Promise.allSettled(tagged.map(async (p) => (await p).lock.release()));
    }
  });

  it('release and the exit handler leave a lock that another process owns now', async () => {
    const root = ws.path('owned');
    const before = new Set(process.listeners('exit'));
    const lock = await acquireStoreLock(root);
    const onExit = process.listeners('exit').filter((l) => !before.has(l) && l !== removeTracked);
    expect(onExit).toHaveLength(1);
    const other = JSON.stringify({ pid: process.ppid, token: 'another-spm' });
    writeFileSync(join(root, '.lock', 'owner.json'), other);
    (onExit[0] as () => void)();
    expect(readFileSync(join(root, '.lock', 'owner.json'), 'utf8')).toBe(other);
    await lock.release();
    expect(readFileSync(join(root, '.lock', 'owner.json'), 'utf8')).toBe(other);
    expect(process.listeners('exit').filter((l) => !before.has(l) && l !== removeTracked)).toEqual([]);
  });
});
