/**
 * `spm promote --if-better / --rollback`, `spm aliases` and `spm gc` through the built CLI: the
 * comparison both ways, --min-delta, --metric, --on, the history, rollback, a running serve
 * following both, gc's dry run and removal (nothing referenced goes, verify stays clean), and
 * every refusal's message.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireStoreLock } from '../../src/store/lock.js';
import { call, startServe } from '../helpers/serve.js';
import { BIN, runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

/** A weak model (one split) the default ridge beats on any sample of this data. */
const STUMP = ['-S', 'train.models={decision_tree: {max_depth: [1]}}'];

let ws: Workspace;
const ids: Record<'ridge' | 'stump', string> = { ridge: '', stump: '' };
const spm = (...args: string[]) => runCli(args, { cwd: ws.dir });
const json = async (...args: string[]) => {
  const r = await spm(...args, '--json');
  return { code: r.code, stderr: r.stderr, doc: r.stdout ? JSON.parse(r.stdout) : null };
};

beforeAll(async () => {
  ws = await trainedWorkspace(); // ridge, 300 rows
  expect((await spm('run', '-q', ...STUMP)).code).toBe(4); // stored, though below the default r2 gate
  ids.ridge = (await json('metrics', 'show')).doc.id;
  ids.stump = (await json('metrics', 'show', ...STUMP)).doc.id;
  expect(ids.ridge).not.toBe(ids.stump);
  expect((await spm('synth', '-o', 'cohort2.csv', '--rows', '200', '--seed', '7')).code).toBe(0);
}, 120_000);
afterAll(() => ws?.cleanup());

describe.sequential('spm promote --if-better and --rollback', () => {
  it('with no holder promotes and says so; the plain promote records its change too', async () => {
    const first = await json('promote', '--as', 'production', '--if-better', ...STUMP);
    expect(first.code, first.stderr).toBe(0);
    expect(first.doc).toMatchObject({ alias: 'production', promoted: true, from: null, to: { stage: 'evaluate', id: ids.stump }, why: 'no current holder', stage: 'evaluate', id: ids.stump });
    const staging = await spm('promote', '--as', 'staging');
    expect(staging.stdout).toBe(`staging → evaluate/${ids.ridge}\n`);
  });

  it('refuses a win smaller than --min-delta (exit 4), then promotes the better model, side by side', async () => {
    const small = await spm('promote', '--as', 'production', '--if-better', '--min-delta', '1000');
    expect(small.code).toBe(4);
    expect(small.stdout).toMatch(/^rmse \(lower is better\) on 60 labelled rows of ingest\/[0-9a-f]+ test\.csv \(the candidate's test split\):\n/);
    expect(small.stdout).toContain(`  candidate   evaluate/${ids.ridge}  `);
    expect(small.stdout).toContain(`  production  evaluate/${ids.stump}  `);
    expect(small.stdout).toMatch(/not promoted: ahead on rmse by only [0-9.]+, less than --min-delta 1000; production stays evaluate\//);
    const won = await json('promote', '--as', 'production', '--if-better');
    expect(won.code, won.stderr).toBe(0);
    const c = won.doc.comparison;
    expect(won.doc).toMatchObject({ promoted: true, kind: 'if-better', from: { id: ids.stump }, to: { id: ids.ridge } });
    expect(c).toMatchObject({ metric: 'rmse', direction: 'min', rows: 60, records: 60, excluded: 0, min_delta: 0 });
    expect(c.candidate).toBeLessThan(c.champion);
    // The candidate's rmse on its own test split is what evaluate measured.
    expect(c.candidate).toBeCloseTo((await json('metrics', 'show')).doc.metrics.rmse, 10);
    expect(won.doc.why).toBe(`won on rmse by ${Number((c.champion - c.candidate).toPrecision(4))} (lower is better)`);
  });

  it('refuses a worse challenger with exit 4 and keeps the champion', async () => {
    const worse = await json('promote', '--as', 'production', '--if-better', '--metric', 'r2', ...STUMP);
    expect(worse.code).toBe(4);
    expect(worse.doc).toMatchObject({ promoted: false, from: { id: ids.ridge }, to: { id: ids.stump }, comparison: { metric: 'r2', direction: 'max' } });
    expect(worse.doc.why).toMatch(/^behind on r2 by [0-9.]+ \(higher is better\)$/);
    expect((await json('aliases')).doc.aliases.find((a: { name: string }) => a.name === 'production').id).toBe(ids.ridge);
  });

  it('--on scores both on another labelled file, every row of it', async () => {
    const on = await json('promote', '--as', 'production', '--if-better', '--on', 'cohort2.csv', '--metric', 'mae', ...STUMP);
    expect(on.code).toBe(4);
    expect(on.doc.comparison).toMatchObject({ on: 'cohort2.csv', rows: 200, records: 200, excluded: 0, metric: 'mae' });
  });

  it('keeps the history: every change, why, and both metrics when compared', async () => {
    const { doc } = await json('aliases', '--history');
    expect(doc.history.map((e: { alias: string; kind: string }) => `${e.alias}:${e.kind}`)).toEqual(['production:if-better', 'staging:promote', 'production:if-better']);
    const last = doc.history[2];
    expect(last).toMatchObject({ from: { stage: 'evaluate', id: ids.stump }, to: { stage: 'evaluate', id: ids.ridge }, comparison: { metric: 'rmse', rows: 60 } });
    expect(typeof last.comparison.candidate).toBe('number');
    expect(typeof last.comparison.champion).toBe('number');
    expect(Date.parse(last.time)).toBeGreaterThan(Date.parse(doc.history[0].time) - 1);
    const human = await spm('aliases', '--history');
    expect(human.stdout).toContain('rmse ');
    expect(human.stdout).toContain(last.why);
  });

  it('a running serve follows a promotion and a rollback; a second rollback at the first holder is refused', { timeout: 120_000 }, async () => {
    const serve = await startServe(ws.dir, ['--model', 'production', '--reload-interval', '100']);
    const served = async (): Promise<string> => (await call(`${serve.url}/v1/model`)).json.evaluate_id as string;
    const waitFor = async (id: string): Promise<string> => {
      let now = await served();
      for (let i = 0; i < 100 && now !== id; i++) {
        await new Promise((r) => setTimeout(r, 100));
        now = await served();
      }
      return now;
    };
    try {
      expect(await served()).toBe(ids.ridge);
      const back = await json('promote', '--rollback', 'production');
      expect(back.code, back.stderr).toBe(0);
      expect(back.doc).toMatchObject({ kind: 'rollback', from: { id: ids.ridge }, to: { id: ids.stump }, why: `rollback of evaluate/${ids.ridge}` });
      expect(await waitFor(ids.stump)).toBe(ids.stump);
      const again = await spm('promote', '--as', 'production');
      expect(again.stdout).toBe(`production → evaluate/${ids.ridge} (was evaluate/${ids.stump})\n`);
      expect(await waitFor(ids.ridge)).toBe(ids.ridge);
    } finally {
      await serve.stop();
    }
    const human = await spm('promote', '--rollback', 'production');
    expect(human.stdout).toBe(`production rolled back: evaluate/${ids.ridge} → evaluate/${ids.stump}\n`);
    const first = await spm('promote', '--rollback', 'production');
    expect(first.code).toBe(1);
    expect(first.stderr).toBe(
      `spm: error: production has no earlier holder to roll back to: evaluate/${ids.stump} is the first one in its history\n  hint: see the history with \`spm aliases --history\`; promote a version by REF instead: spm promote REF --as production\n`,
    );
  });

  it('says why, for every refused command line', { timeout: 120_000 }, async () => {
    const cases: [string[], number, string][] = [
      [['promote'], 2, "required option '--as <name>' not specified"],
      [['promote', '--rollback', 'production', '--as', 'x'], 2, '--rollback takes only the alias name, not --as'],
      [['promote', ids.ridge, '--rollback', 'production'], 2, '--rollback takes only the alias name, not REF'],
      [['promote', '--as', 'production', '--on', 'cohort2.csv'], 2, '--on only apply with --if-better'],
      [['promote', '--as', 'production', '--if-better', '--min-delta', '-1'], 2, "--min-delta: '-1' is not a number ≥ 0"],
      [['promote', '--as', 'production', '--if-better', '--metric', 'accuracy', ...STUMP], 2, "--metric: 'accuracy' is not a regression metric"],
      [['promote', '--as', 'production', '--if-better', '--metric', 'rsme'], 2, "--metric: 'rsme' is not a regression metric"],
      [['promote', '--rollback', 'nothing'], 1, "there is no alias 'nothing' to roll back"],
      // production is the stump now: the ridge candidate is compared, and its rows must be readable and labelled.
      [['promote', '--as', 'production', '--if-better', '--on', 'missing.csv'], 1, '--on missing.csv: data file not found'],
      [['promote', '--as', 'production', '--if-better', '--on', 'no-target.csv'], 1, 'math_score'],
    ];
    writeFileSync(ws.path('no-target.csv'), 'gender,race_ethnicity,parental_level_of_education,lunch,test_preparation_course,reading_score,writing_score\nfemale,group B,high school,standard,none,70,70\n');
    for (const [args, code, message] of cases) {
      const r = await spm(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    // Rows are matched by line: one without its target and one a model rejects are left out of both, and counted.
    const lines = readFileSync(ws.path('cohort2.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const blank = (line: string, column: string, value: string): string => line.split(',').map((v, i) => (header[i] === column ? value : v)).join(',');
    writeFileSync(ws.path('partial.csv'), [lines[0], blank(lines[1]!, 'math_score', ''), blank(lines[2]!, 'reading_score', 'absent'), ...lines.slice(3, 11)].join('\n') + '\n');
    const partial = await json('promote', '--as', 'production', '--if-better', '--on', 'partial.csv', '--min-delta', '1000');
    expect(partial.code).toBe(4);
    expect(partial.doc.comparison).toMatchObject({ records: 10, rows: 8, excluded: 2 });
    writeFileSync(ws.path('unlabelled.csv'), [lines[0], blank(lines[1]!, 'math_score', ''), blank(lines[2]!, 'math_score', 'NA')].join('\n') + '\n');
    const none = await spm('promote', '--as', 'production', '--if-better', '--on', 'unlabelled.csv');
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('spm: error: unlabelled.csv: none of its 2 rows can be scored by both models with a known math_score\n  hint: give labelled rows with every feature column and the target math_score (spm predict -i FILE shows why rows are rejected)\n');
    // A model of another target cannot be compared with production's.
    const other = ['-S', 'data.target=reading_score'];
    expect([0, 4]).toContain((await spm('run', '-q', ...other)).code);
    const unlike = await spm('promote', '--as', 'production', '--if-better', ...other);
    expect(unlike.code).toBe(1);
    expect(unlike.stderr).toContain('spm: error: the two models predict different things: regression of reading_score and regression of math_score\n  hint: compare models trained for the same target and classes; promote without --if-better to replace it anyway\n');
    // The refusals changed nothing.
    expect((await json('aliases', '--history')).doc.history).toHaveLength(6);
  });
});

describe('spm promote --if-better on a classifier', () => {
  it('scores both models as evaluate does: each with its own decision threshold, on the test split', async () => {
    const cls = await trainedWorkspace('data:\n  source: data/students.csv\n  target: lunch\ntrain:\n  models: { logistic: {} }\nevaluate:\n  gates: {}\n', 400);
    try {
      const run = (...args: string[]) => runCli(args, { cwd: cls.dir });
      const doc = async (...args: string[]) => JSON.parse((await run(...args, '--json')).stdout);
      expect((await run('promote', '--as', 'production')).code).toBe(0);
      expect((await run('run', '-q', ...STUMP)).code).toBe(0);
      const champion = (await doc('metrics', 'show')).metrics;
      const candidate = (await doc('metrics', 'show', ...STUMP)).metrics;
      for (const metric of ['roc_auc', 'accuracy', 'f1', 'balanced_accuracy']) {
        const r = await run('promote', '--as', 'production', '--if-better', '--metric', metric, ...STUMP, '--json');
        const c = JSON.parse(r.stdout).comparison;
        expect(c).toMatchObject({ metric, rows: 80, direction: 'max' });
        expect(c.candidate, metric).toBeCloseTo(candidate[metric], 12);
        expect(c.champion, metric).toBeCloseTo(champion[metric], 12);
        expect(r.code, metric).toBe(candidate[metric] > champion[metric] ? 0 : 4);
        if (r.code === 0) expect((await run('promote', '--rollback', 'production')).code).toBe(0);
      }
      // The default metric is the one the candidate was selected by (roc_auc for a binary target).
      expect(JSON.parse((await run('promote', '--as', 'production', '--if-better', ...STUMP, '--json')).stdout).comparison.metric).toBe('roc_auc');
    } finally {
      cls.cleanup();
    }
  }, 120_000);
});

describe.sequential('spm gc', () => {
  const versionDirs = (): string[] =>
    readdirSync(ws.path('artifacts'))
      .filter((s) => /^[a-z]+$/.test(s))
      .flatMap((s) => readdirSync(ws.path(`artifacts/${s}`)).map((id) => `${s}/${id}`))
      .sort();

  it('lists what nothing refers to in a dry run, removing nothing; --yes removes it and verify stays clean', { timeout: 120_000 }, async () => {
    // Unreferenced: a third model (run, then spm.lock moved on by a plain run) and a drift report.
    expect((await spm('run', '-q', '-S', 'train.models={ridge: {alpha: [30]}}')).code).toBe(0);
    const third = (await json('metrics', 'show', '-S', 'train.models={ridge: {alpha: [30]}}')).doc.id as string;
    expect((await spm('run', '-q')).code).toBe(0);
    expect([0, 3]).toContain((await spm('drift', '-i', 'cohort2.csv')).code);
    const before = versionDirs();
    const dry = await json('gc');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.doc.dry_run).toBe(true);
    const gone = dry.doc.removed.map((v: { stage: string; id: string }) => `${v.stage}/${v.id}`);
    expect(gone).toContain(`evaluate/${third}`);
    expect(gone.filter((g: string) => g.startsWith('drift/'))).toHaveLength(1);
    // The third model's train and evaluate, the drift report, and the whole pipeline of the other target (refusals above).
    expect(gone).toHaveLength(7);
    expect(gone.filter((g: string) => g.startsWith('train/'))).toHaveLength(2);
    // The current params' versions stay (spm.lock), whatever else shares their ingest.
    const current = (await json('versions')).doc.versions.filter((x: { current: boolean }) => x.current).map((x: { stage: string; id: string }) => `${x.stage}/${x.id}`);
    expect(current).toHaveLength(4);
    for (const c of current) expect(gone).not.toContain(c);
    expect(dry.doc.removed_bytes).toBeGreaterThan(0);
    expect(versionDirs()).toEqual(before);
    const human = await spm('gc');
    expect(human.stdout).toMatch(/^would remove 7 version\(s\), [0-9.]+ kB \(\d+ kept\); run again with --yes to remove them:\n/);
    expect(versionDirs()).toEqual(before);

    const done = await json('gc', '--yes');
    expect(done.code, done.stderr).toBe(0);
    expect(done.doc).toMatchObject({ dry_run: false, removed: dry.doc.removed });
    expect(versionDirs()).toEqual(before.filter((v) => !gone.includes(v)));
    // Everything an alias or the history names is still there, and works.
    for (const id of [ids.ridge, ids.stump]) expect(existsSync(ws.path(`artifacts/evaluate/${id}`))).toBe(true);
    const verify = await json('verify');
    expect(verify.doc).toMatchObject({ ok: true, problems: [] });
    expect((await spm('promote', '--as', 'production')).code).toBe(0);
    expect((await spm('promote', '--rollback', 'production')).code).toBe(0);
    expect((await spm('predict', '-i', 'cohort2.csv', '-o', 'scored.csv', '--model', 'production')).code).toBe(0);
    // That predict recorded its predictions (awaiting outcomes for spm feedback): the model is in service, so gc keeps them.
    expect(versionDirs().filter((v) => v.startsWith('predictions/'))).toHaveLength(1);
    // The cache of the current params is referenced by spm.lock: nothing to rebuild.
    expect((await json('run')).doc.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect((await json('gc')).doc.removed).toEqual([]);
  });

  it('promote and gc wait for the store lock, saying whose, and go on when it is released', { timeout: 120_000 }, async () => {
    const lock = await acquireStoreLock(ws.path('artifacts'));
    const started = [['promote', '--as', 'waiting'], ['gc', '--yes']].map((args) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ws.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { stderr: () => stderr, exited, running: () => child.exitCode === null };
    });
    const told = `waiting for another spm process (pid ${process.pid}) that holds the store lock`;
    for (let i = 0; i < 300 && !started.every((c) => c.stderr().includes(told)); i++) await new Promise((r) => setTimeout(r, 100));
    // Both are waiting on the lock this test holds, and neither has done anything.
    for (const c of started) expect(c.stderr()).toContain(told);
    expect(started.every((c) => c.running())).toBe(true);
    expect((await json('aliases')).doc.aliases.map((a: { name: string }) => a.name)).not.toContain('waiting');
    await lock.release();
    for (const c of started) expect(await c.exited, c.stderr()).toBe(0);
    expect((await json('aliases')).doc.aliases.map((a: { name: string }) => a.name)).toContain('waiting');
  });

  it('--keep-last and --older-than keep more; bad values are refused with a message', { timeout: 120_000 }, async () => {
    expect((await spm('drift', '-i', 'cohort2.csv', '-S', 'drift.share=0.9')).code).toBe(0);
    expect((await json('gc', '--keep-last', '1')).doc.removed).toEqual([]);
    expect((await json('gc', '--older-than', '1d')).doc.removed).toEqual([]);
    // A version being written (by this live process, in .tmp until it is complete) is never touched.
    const writing = ws.path(`artifacts/.tmp/train-abcdef123456-${process.pid}-a1b2c3`);
    mkdirSync(writing, { recursive: true });
    writeFileSync(`${writing}/model.json`, '{}');
    expect((await json('gc', '--yes', '--keep-last', '1')).doc.removed).toEqual([]);
    expect(existsSync(`${writing}/model.json`)).toBe(true);
    expect((await json('gc')).doc.removed.map((v: { stage: string }) => v.stage)).toEqual(['drift']);
    for (const [args, message] of [
      [['gc', '--keep-last', 'two'], "--keep-last: 'two' is not a whole number ≥ 0"],
      [['gc', '--older-than', '30 days'], "--older-than: '30 days' is not an age"],
    ] as const) {
      const r = await spm(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
