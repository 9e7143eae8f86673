/**
 * Crash safety and concurrency (issue 7, items 1 and 2), end to end on the built CLI.
 *
 * "A crash, a concurrent CI job, a full disk or a path the kernel refuses never corrupts a
 * model, loses a row or publishes half a version." (SPEC §5: a version becomes visible only
 * when complete; two spm processes on one store do not corrupt it.)
 *
 * - Kill loop: `spm run` is SIGKILLed again and again, each time at a seeded-random moment
 *   inside a chosen stage's build (the stage's folder in `<store>/.tmp/` is the signal that it
 *   started; the delay is a seeded fraction of that stage's time in a reference run). After
 *   every kill the store verifies; a final run then completes and equals, id for id and byte
 *   for byte, a clean run in a separate workspace. (Ctrl-C / SIGINT during `spm run` → exit
 *   130 with nothing left behind is tested in tests/e2e/robust-io.test.ts, "Ctrl-C during `spm run`".)
 * - I/O errors while writing: running as root, chmod stops nothing, so the paths here are
 *   ones the kernel refuses even to root (/proc, /sys) and a full device (/dev/full's major
 *   and minor numbers, as a private device node, so a bug cannot damage the machine's /dev).
 * - Concurrency: two `spm run` at one moment on one workspace; two `spm predict` at once;
 *   `spm run` building while `spm predict --model ID` reads.
 *
 * Store checks are in tests/helpers/store-check.ts (it hashes the files itself).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng } from '../helpers/prng.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeLeftovers, storeProblems, storeVersions, versionContent } from '../helpers/store-check.js';
import { BIN, createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const SEED = 0x7c4a5;
const ROWS = 10_000;
const STAGES = ['ingest', 'transform', 'train', 'evaluate'] as const;
type Stage = (typeof STAGES)[number];

/**
 * SMALL_PARAMS plus a small random forest: about 2 s for `spm run` on 10,000 rows (measured:
 * ingest 0.2 s, transform 0.1 s, train 1.4 s, evaluate 0.15 s), long enough to be caught in
 * every stage.
 */
const PARAMS = `data:
  source: data/students.csv
  target: math_score
train:
  models: { ridge: { alpha: [1] }, random_forest: { n_estimators: [20], max_depth: [6] } }
`;


interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Still running after the time limit (then killed): a hang. */
  readonly timedOut: boolean;
}

interface Running {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  isRunning(): boolean;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `spm ...args` in `cwd`; `stdout` may be a file descriptor (e.g. /dev/full). */
function start(args: readonly string[], cwd: string, options: { stdout?: number; timeoutMs?: number } = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let running = true;
  let timedOut = false;
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 50_000);
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running = false;
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  return { pid: child.pid!, exited, isRunning: () => running, kill: (signal) => child.kill(signal) };
}

const run = (args: readonly string[], cwd: string, options: { stdout?: number; timeoutMs?: number } = {}): Promise<Exit> => start(args, cwd, options).exited;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const STACK = /\n\s+at .+:\d+:\d+/;
const dotEntries = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('.'));

interface RunDoc {
  readonly stages: readonly { stage: Stage; id: string; cached: boolean; duration_ms: number }[];
}

const parseRun = (res: Exit): RunDoc => JSON.parse(res.stdout) as RunDoc;
const idsOf = (doc: RunDoc): Record<string, string> => Object.fromEntries(doc.stages.map((s) => [s.stage, s.id]));

/** One CSV for every workspace here: `spm synth` output, deterministic. */
let data: string;
/** A clean, uninterrupted run: the ids, the stage times and the store everything is compared with. */
let ref: Workspace;
let refIds: Record<string, string>;
let refMs: Record<string, number>;

function dataWorkspace(): Workspace {
  return createWorkspace({ 'params.yaml': PARAMS, 'data/students.csv': data });
}

/** A copy of the reference workspace (store included), for tests that change a store. */
function copyOfRef(): Workspace {
  const ws = createWorkspace();
  cpSync(ref.dir, ws.dir, { recursive: true });
  return ws;
}

beforeAll(async () => {
  ref = createWorkspace({ 'params.yaml': PARAMS });
  const synth = await runCli(['synth', '-o', 'data/students.csv', '--rows', String(ROWS)], { cwd: ref.dir });
  if (synth.code !== 0) throw new Error(`spm synth failed: ${synth.stderr}`);
  data = readFileSync(ref.path('data/students.csv'), 'utf8');
  const res = await run(['run', '--json'], ref.dir);
  if (res.code !== 0) throw new Error(`reference spm run failed (${res.code}): ${res.stderr}`);
  const doc = parseRun(res);
  refIds = idsOf(doc);
  refMs = Object.fromEntries(doc.stages.map((s) => [s.stage, s.duration_ms]));
}, 120_000);
afterAll(() => ref?.cleanup());

/** The reference's versions, in the order `storeVersions` lists them (by stage name). */
const refVersions = (): { stage: string; id: string }[] =>
  STAGES.map((stage) => ({ stage, id: refIds[stage]! })).sort((a, b) => (a.stage < b.stage ? -1 : 1));

/** Every visible version of `root` is one of the reference's, with the same bytes. */
function expectSameAsReference(root: string, label: string): void {
  for (const { stage, id } of storeVersions(root)) {
    expect(id, `${label}: ${stage}/${id} is not the reference's version`).toBe(refIds[stage]);
    expect(versionContent(root, stage, id), `${label}: ${stage}/${id} differs from the reference run`).toEqual(versionContent(ref.path('artifacts'), stage, id));
  }
}


/** Private device nodes need mknod (root with CAP_MKNOD, as in CI); elsewhere that test says it is skipped. */
const canMknod = ((): boolean => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-mknod-'));
  try {
    execFileSync('mknod', [join(dir, 'probe'), 'c', '1', '3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
if (!canMknod) console.warn('guarantees-crash: the device-node test is skipped: mknod needs root (CI runs it); tests/e2e/robust-io.test.ts still writes into /dev/null and /dev/full');

describe('SIGKILL at random moments of `spm run`', () => {
  /**
   * Where each kill is aimed: just after the store lock is taken, or inside a stage's build.
   * Two tries per stage: a try that lands after its stage has been published still kills the
   * run mid-way (just later), and the next try at that stage then uses `spm run --force`,
   * which rebuilds it, so that every stage is caught being built.
   */
  const TARGETS: readonly ('lock' | Stage)[] = ['lock', 'ingest', 'ingest', 'transform', 'transform', 'train', 'train', 'evaluate', 'evaluate'];
  let ws: Workspace;
  afterAll(() => ws?.cleanup());

  it('leaves a consistent store after every kill, and the next run completes it to the clean run, byte for byte', async () => {
    ws = dataWorkspace();
    const store = ws.path('artifacts');
    const rand = prng(SEED);
    const hits: string[] = [];
    const times: number[] = [];
    for (const [i, target] of TARGETS.entries()) {
      const forced = target !== 'lock' && storeVersions(store).some((v) => v.stage === target);
      const label = `kill ${i + 1} (aimed at ${target}${forced ? ', --force' : ''})`;
      const began = performance.now();
      const child = start(['run', '-q', ...(forced ? ['--force'] : [])], ws.dir);
      // `<store>/.tmp/<stage>-<id>-<pid>@<host tag>-<hex>[.old]`: the versions this process is building (or replacing).
      const building = (): Stage[] => {
        const names = existsSync(join(store, '.tmp')) ? readdirSync(join(store, '.tmp')) : [];
        const mine = names.map((n) => n.split('-')).filter((f) => f[2]?.split('@')[0] === String(child.pid));
        return STAGES.filter((stage) => mine.some((f) => f[0] === stage));
      };
      const holdsLock = (): boolean => {
        try {
          return (JSON.parse(readFileSync(join(store, '.lock', 'owner.json'), 'utf8')) as { pid: number }).pid === child.pid;
        } catch {
          return false;
        }
      };
      const aimed = (): boolean => (target === 'lock' ? holdsLock() : building().includes(target));
      while (child.isRunning() && !aimed()) await sleep(2);
      // A seeded moment within the stage's build time in the reference run; should the stage
      // end sooner (a less loaded machine), the kill follows at once, before the run ends.
      const until = performance.now() + (target === 'lock' ? rand() * 20 : rand() * 0.5 * refMs[target]!);
      while (child.isRunning() && performance.now() < until && aimed()) await sleep(2);
      child.kill('SIGKILL');
      const exit = await child.exited;
      expect(exit.signal, `${label}: spm run ended (${exit.code}) before it was killed: ${exit.stderr}`).toBe('SIGKILL');
      // What the kill interrupted: the version folders it left in .tmp (nothing removes them
      // before the next run), else whether it held the lock.
      const left = building();
      hits.push(left.length ? left.join('+') : holdsLock() ? 'holding the lock, no stage building' : 'before taking the lock');
      times.push(Math.round(performance.now() - began));
      expect(storeProblems(store), label).toEqual([]);
      expectSameAsReference(store, label);
    }
    console.log(`kill loop (aimed at → building when killed, after ms): ${TARGETS.map((t, i) => `${t} → ${hits[i]} (${times[i]})`).join('; ')}`);
    // The loop is only as good as its aim: every stage was caught being built at least once.
    for (const stage of STAGES) expect(hits, `no kill landed during ${stage}`).toContain(stage);

    const final = await run(['run', '--json'], ws.dir);
    expect(final.stderr).toBe('');
    expect(final.code).toBe(0);
    expect(idsOf(parseRun(final))).toEqual(refIds);
    expect(storeProblems(store)).toEqual([]);
    expect(storeLeftovers(store), 'temporary folders or a stale lock left in the store').toEqual([]);
    expect(dotEntries(ws.dir), 'temporary files left beside spm.lock').toEqual([]);
    expect(storeVersions(store)).toEqual(refVersions());
    expectSameAsReference(store, 'after the final run');
    expect(readFileSync(ws.path('spm.lock'), 'utf8')).toBe(readFileSync(ref.path('spm.lock'), 'utf8'));
  }, 120_000);
});

describe('two spm processes on one store', () => {
  const made: Workspace[] = [];
  afterAll(() => made.forEach((ws) => ws.cleanup()));

  it('two `spm run` started at the same moment, nothing cached: one builds, the other waits, both exit 0', async () => {
    const ws = dataWorkspace();
    made.push(ws);
    const a = start(['run', '--json'], ws.dir);
    const b = start(['run', '--json'], ws.dir);
    const results = await Promise.all([a.exited, b.exited]);
    for (const res of results) expect(res.code, res.stderr).toBe(0);
    const docs = results.map(parseRun);
    for (const doc of docs) expect(idsOf(doc)).toEqual(refIds);
    // The store lock serialises them: exactly one built every stage, the other found them all built.
    const cachedFlags = docs.map((d) => d.stages.map((s) => s.cached));
    expect([...cachedFlags].sort()).toEqual([[false, false, false, false], [true, true, true, true]]);
    const waiter = cachedFlags[0]![0] ? 0 : 1;
    const builder = [a, b][1 - waiter]!;
    expect(results[waiter]!.stderr).toContain(`waiting for another spm process (pid ${builder.pid}) that holds the store lock`);
    const store = ws.path('artifacts');
    expect(storeProblems(store)).toEqual([]);
    expect(storeLeftovers(store)).toEqual([]);
    expect(storeVersions(store)).toEqual(refVersions());
    expectSameAsReference(store, 'after two concurrent runs');
  }, 90_000);

  it('two `spm predict` at the same moment, to two files and to one file: all succeed with complete outputs', async () => {
    const ws = copyOfRef();
    made.push(ws);
    const predict = (out: string): Running => start(['predict', '-i', 'data/students.csv', '-o', out, '--model', refIds.train!], ws.dir);
    const alone = await predict('alone.csv').exited;
    expect(alone.code, alone.stderr).toBe(0);
    const expected = readFileSync(ws.path('alone.csv'));
    expect(expected.toString('utf8').split('\n').length).toBe(ROWS + 2); // header, rows, final newline
    const results = await Promise.all(['a.csv', 'b.csv', 'same.csv', 'same.csv'].map((out) => predict(out).exited));
    for (const res of results) expect(res.code, res.stderr).toBe(0);
    for (const out of ['a.csv', 'b.csv', 'same.csv']) expect(readFileSync(ws.path(out)).equals(expected), out).toBe(true);
    expect(dotEntries(ws.dir), 'temporary outputs left behind').toEqual([]);
    expect(storeProblems(ws.path('artifacts'))).toEqual([]);
  }, 90_000);

  it('`spm predict --model ID` keeps reading while `spm run` builds new versions in the same store', async () => {
    const ws = copyOfRef();
    made.push(ws);
    const predictArgs = (out: string): string[] => ['predict', '-i', 'data/students.csv', '-o', out, '--model', refIds.train!];
    const alone = await run(predictArgs('alone.csv'), ws.dir);
    expect(alone.code, alone.stderr).toBe(0);
    const expected = readFileSync(ws.path('alone.csv'));
    // Another split seed: every stage gets a new id, nothing is cached.
    const builder = start(['run', '--json', '-S', 'split.seed=7'], ws.dir);
    const reads: Exit[] = [];
    do reads.push(await run(predictArgs(`during-${reads.length}.csv`), ws.dir));
    while (builder.isRunning());
    const built = await builder.exited;
    expect(built.code, built.stderr).toBe(0);
    expect(parseRun(built).stages.map((s) => s.cached)).toEqual([false, false, false, false]);
    reads.forEach((res, i) => {
      expect(res.code, res.stderr).toBe(0);
      expect(readFileSync(ws.path(`during-${i}.csv`)).equals(expected), `during-${i}.csv`).toBe(true);
    });
    const store = ws.path('artifacts');
    expect(storeProblems(store)).toEqual([]);
    expect(storeLeftovers(store)).toEqual([]);
    // Two of each stage, and each predict's recorded predictions (predict.record), published whole.
    expect(storeVersions(store).filter((v) => v.stage !== 'predictions')).toHaveLength(8);
    expect(storeVersions(store).filter((v) => v.stage === 'predictions')).toHaveLength(reads.length + 1);
  }, 90_000);
});

describe('write errors the kernel raises even for root', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = copyOfRef();
  });
  afterAll(() => ws?.cleanup());

  /**
   * exit 1, one message naming `path` and a hint, no stack trace; never a hang. One soft
   * assertion per case, so that every case of a test is reported, with what spm printed.
   */
  function expectPathError(res: Exit, what: string, path: string, mentions: readonly string[] = []): void {
    const seen = {
      hangs: res.timedOut,
      code: res.code,
      messageAndHint: /^spm: error: .+\n {2}hint: .+\n$/.test(res.stderr),
      mentions: [path, ...mentions].filter((m) => res.stderr.includes(m)),
      stackTrace: STACK.test(res.stderr),
    };
    expect.soft(seen, `${what} printed: ${JSON.stringify(res.stderr)}`).toEqual({ hangs: false, code: 1, messageAndHint: true, mentions: [path, ...mentions], stackTrace: false });
  }

  it('an artifact store under /proc or /sys: exit 1 naming it, nothing created', async () => {
    const fresh = dataWorkspace();
    try {
      const cases = [
        ['run', '--artifacts', '/proc/spm-store'],
        ['ingest', '--artifacts', '/proc/spm-store'],
        ['run', '--artifacts', '/proc/spm-store/nested'],
        ['run', '--artifacts', '/sys/spm-store'],
      ];
      // In parallel: while a case hangs, it costs its time limit once, not once per case.
      const results = await Promise.all(cases.map((args) => run(args, fresh.dir, { timeoutMs: 10_000 })));
      results.forEach((res, i) => expectPathError(res, cases[i]!.join(' '), cases[i]![2]!));
      expect(existsSync('/proc/spm-store') || existsSync('/sys/spm-store')).toBe(false);
      expect(readdirSync(fresh.dir).sort(), 'nothing published, no spm.lock written').toEqual(['data', 'params.yaml']);
    } finally {
      fresh.cleanup();
    }
  }, 60_000);

  it('`-o` under /proc for synth, predict and report: exit 1 naming the path, the store unchanged', async () => {
    const store = ws.path('artifacts');
    const before = storeVersions(store);
    const cases: [string[], string][] = [
      [['synth', '--rows', '50', '-o', '/proc/x.csv'], '/proc/x.csv'],
      [['synth', '--rows', '50', '-o', '/proc/spm/x.csv'], '/proc/spm/x.csv'],
      [['predict', '-i', 'data/students.csv', '-o', '/proc/spm/x.csv', '--model', refIds.train!], '/proc/spm/x.csv'],
      [['report', '-o', '/proc/x.html'], '/proc/x.html'],
      [['report', '-o', '/proc/spm/x.html'], '/proc/spm/x.html'],
    ];
    // In parallel, except the two reports: each takes the store lock to bring the pipeline up
    // to date, and one waiting for the other would say so on stderr.
    const byCase = new Map<number, Exit>();
    const lanes = [[0], [1], [2], [3, 4]];
    await Promise.all(lanes.map(async (lane) => {
      for (const i of lane) byCase.set(i, await run(cases[i]![0], ws.dir, { timeoutMs: 10_000 }));
    }));
    cases.forEach(([args, path], i) => expectPathError(byCase.get(i)!, args.join(' '), path));
    expect(storeVersions(store)).toEqual(before);
    expect(storeProblems(store)).toEqual([]);
    expect(storeLeftovers(store)).toEqual([]);
    expect(dotEntries(ws.dir)).toEqual([]);
  }, 60_000);

  it.skipIf(!canMknod)('-o onto a full device is exit 1 ("no space left"), and a device is written into, never replaced by a file', async () => {
    // Private nodes with /dev/full's and /dev/null's numbers, made afresh for each case: if
    // spm replaces the target with a regular file, it replaces these, not the machine's (as
    // root, /dev is writable).
    const dev = ws.path('dev');
    const device = (name: 'full' | 'null'): string => {
      rmSync(dev, { recursive: true, force: true });
      mkdirSync(dev);
      const path = join(dev, name);
      try {
        execFileSync('mknod', [path, 'c', '1', name === 'full' ? '7' : '3']);
      } catch (e) {
        throw new Error(`this test needs mknod (root with CAP_MKNOD, as in CI): ${String(e)}`);
      }
      return path;
    };
    const store = ws.path('artifacts');
    const before = storeVersions(store);
    const full = join(dev, 'full');
    const cases = [
      ['synth', '--rows', '50', '-o', full],
      ['predict', '-i', 'data/students.csv', '-o', full, '--rejects', ws.path('rejects.csv'), '--model', refIds.train!],
      ['report', '-o', full],
    ];
    for (const args of cases) {
      device('full');
      const res = await run(args, ws.dir, { timeoutMs: 20_000 });
      expectPathError(res, args[0]!, full, ['no space left']);
      expect.soft(statSync(full).isCharacterDevice(), `${args[0]} replaced the device with a regular file`).toBe(true);
      expect.soft(readdirSync(dev), `${args[0]}: temporary files left beside the device`).toEqual(['full']);
    }
    const devNull = device('null');
    const toNull = await run(['synth', '--rows', '50', '-o', devNull], ws.dir);
    expect.soft(toNull.code, toNull.stderr).toBe(0);
    expect.soft(statSync(devNull).isCharacterDevice(), 'spm synth -o <a null device> replaced the device with a regular file').toBe(true);
    expect(storeVersions(store)).toEqual(before);
    expect(storeLeftovers(store)).toEqual([]);
  }, 90_000);

  it('stdout on /dev/full (a direct write): exit 1 with a message about stdout, no stack trace', async () => {
    const fd = openSync('/dev/full', 'w'); // opening the real one is harmless: only writes fail
    try {
      const cases = [
        ['synth', '--rows', '50', '-o', '-'],
        ['predict', '-i', 'data/students.csv', '-o', '-', '--model', refIds.train!],
        ['run', '--json'],
      ];
      for (const args of cases) {
        const res = await run(args, ws.dir, { stdout: fd, timeoutMs: 20_000 });
        const what = args.join(' ');
        expectPathError(res, what, 'stdout', ['no space left']);
      }
    } finally {
      closeSync(fd);
    }
    expect(storeLeftovers(ws.path('artifacts'))).toEqual([]);
  }, 90_000);
});
