/**
 * Recording predictions (predict.record), `spm feedback` and `spm monitor`, on the built CLI:
 * two model versions, a batch scored by each, outcomes that arrive late for the older one.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireStoreLock } from '../../src/store/lock.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
const cli = (args: string[]) => runCli(args, { cwd: ws.dir });
const batches = (): string[] => (existsSync(ws.path('artifacts/predictions')) ? readdirSync(ws.path('artifacts/predictions')).sort() : []);
const csvRows = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(','));
/** Model B: another grid, so another train version. */
const B = ['-S', 'train.models={ridge: {alpha: [100]}}'];
let trainA = '';
let trainB = '';

beforeAll(async () => {
  ws = await trainedWorkspace();
  trainA = JSON.parse((await cli(['train', '--json'])).stdout).id;
  expect([0, 4]).toContain((await cli(['run', '-q', ...B])).code); // 4: a weaker model may fail the r2 gate, and is still a model
  trainB = JSON.parse((await cli(['train', '--json', ...B])).stdout).id;
  expect(trainB).not.toBe(trainA);
  expect((await cli(['synth', '-o', 'c1.csv', '--rows', '60', '--seed', '5'])).code).toBe(0);
  expect((await cli(['synth', '-o', 'c2.csv', '--rows', '40', '--seed', '6'])).code).toBe(0);
  // Cohort 2's students are others: their ids start with T.
  ws.write('c2.csv', readFileSync(ws.path('c2.csv'), 'utf8').replace(/^S/gm, 'T'));
}, 240_000);
afterAll(() => ws.cleanup());

describe('recording predictions', () => {
  it("predict records every scored row's id and prediction as a batch of the model", async () => {
    const r = await cli(['predict', '-i', 'c1.csv', '-o', 'scored1.csv', '--model', trainA, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.recorded).toBe(60);
    expect(doc.record_note).toBeNull();
    expect(batches()).toHaveLength(1);
    const dir = ws.path(`artifacts/predictions/${batches()[0]}`);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.summary).toMatchObject({ source: 'predict', model: trainA, rows: 60, id_columns: ['student_id'], target: 'math_score' });
    expect(manifest.inputs.artifacts).toContainEqual({ stage: 'train', id: trainA });
    const recorded = csvRows(readFileSync(join(dir, 'predictions.csv'), 'utf8'));
    const scored = csvRows(readFileSync(ws.path('scored1.csv'), 'utf8'));
    expect(recorded[0]).toEqual(['student_id', 'prediction']);
    const at = scored[0]!.indexOf('prediction');
    expect(recorded.slice(1)).toEqual(scored.slice(1).map((row) => [row[0], row[at]]));
  });

  it('records nothing with predict.record: false, and the version ids stay the same', async () => {
    const before = batches();
    const r = await cli(['predict', '-i', 'c1.csv', '-o', 'x.csv', '--model', trainA, '--json', '-S', 'predict.record=false']);
    expect(JSON.parse(r.stdout).recorded).toBeNull();
    expect(batches()).toEqual(before);
    const status = JSON.parse((await cli(['status', '--json', '-S', 'predict.record=false', '-S', 'monitor.gates={rmse: "<= 5"}'])).stdout);
    expect(status.stages.map((s: { state: string }) => s.state)).toEqual(['up_to_date', 'up_to_date', 'up_to_date', 'up_to_date']);
  });

  it('an input with no id column records nothing and says why (a line number is not an id)', async () => {
    const text = readFileSync(ws.path('c1.csv'), 'utf8');
    ws.write('noid.csv', text.split('\n').map((l) => l.split(',').slice(1).join(',')).join('\n'));
    const before = batches();
    const r = await cli(['predict', '-i', 'noid.csv', '-o', 'y.csv', '--model', trainA]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: predictions not recorded: the input has no student_id column (data.id_columns), and a line number is not an id');
    expect(batches()).toEqual(before);
  });
});

describe('spm feedback', () => {
  it('says first that an outcomes file is not there, before looking for predictions', async () => {
    const r = await cli(['feedback', '-i', 'no-such-outcomes.csv', '--model', trainB]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: data file not found: no-such-outcomes.csv');
    expect(r.stderr).not.toContain('no recorded predictions');
  });

  it('refuses a model with no recorded predictions', async () => {
    const r = await cli(['feedback', '-i', 'c1.csv', '--model', trainB]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: no recorded predictions of train/${trainB} in`);
    expect(r.stderr).toContain('hint: predictions are recorded by `spm predict` and `spm serve`');
  });

  it('attributes late outcomes to the older model version that made the predictions', async () => {
    expect((await cli(['predict', '-i', 'c2.csv', '-o', 'scored2.csv', '--model', trainB, '-q'])).code).toBe(0);
    // The outcomes of cohort 1, which model A scored, arrive after model B scored cohort 2.
    const r = await cli(['feedback', '-i', 'c1.csv', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.outcomes).toMatchObject({ rows: 60, matched: 60, unmatched: 0 });
    const a = doc.models.find((m: { model: string }) => m.model === trainA);
    const b = doc.models.find((m: { model: string }) => m.model === trainB);
    expect(a).toMatchObject({ predictions: 60, matched: 60, no_outcome: 0 });
    expect(b).toMatchObject({ predictions: 40, matched: 0, no_outcome: 40, metrics: null });
    // The live rmse is the rmse of predict's output against the true scores.
    const scored = csvRows(readFileSync(ws.path('scored1.csv'), 'utf8'));
    const head = scored[0]!;
    const se = scored.slice(1).map((row) => (Number(row[head.indexOf('prediction')]) - Number(row[head.indexOf('math_score')])) ** 2);
    expect(a.metrics.rmse).toBeCloseTo(Math.sqrt(se.reduce((x, y) => x + y, 0) / se.length), 10);
    expect(Object.keys(a.metrics)).toEqual(['rmse', 'mae', 'r2']);
    // Stored as a monitoring version naming the batches it joined.
    const manifest = JSON.parse(readFileSync(ws.path(`artifacts/monitoring/${doc.id}/manifest.json`), 'utf8'));
    expect(manifest.inputs.artifacts.filter((x: { stage: string }) => x.stage === 'predictions')).toHaveLength(2);
    // Again: the same version.
    expect(JSON.parse((await cli(['feedback', '-i', 'c1.csv', '--json'])).stdout)).toMatchObject({ id: doc.id, cached: true });
  });

  it('reports missing, duplicated and unknown ids with their lines, and never guesses', async () => {
    ws.write('late.csv', 'student_id,math_score\nS000001,50\n,61\nS000002,70\nS000002,71\nNOBODY,80\nS000003,\nS000004,abc\n');
    const r = await cli(['feedback', '-i', 'late.csv', '--model', trainA, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.problems).toEqual({
      missing_id: { count: 1, lines: [3] },
      duplicated: { count: 2, lines: [4, 5] },
      no_outcome: { count: 1, lines: [7] },
      unknown: { count: 1, lines: [6] },
      invalid: { count: 1, lines: [8] },
    });
    expect(doc.models).toHaveLength(1);
    expect(doc.models[0]).toMatchObject({ model: trainA, matched: 1, no_outcome: 58 });
    const human = await cli(['feedback', '-i', 'late.csv', '--model', trainA]);
    expect(human.stderr + human.stdout).toContain('2 outcome row(s) left out: the same id on several rows (none of them used) (lines 4, 5)');
    expect(human.stderr + human.stdout).toContain('1 outcome row(s) left out: an id no recorded prediction has (line 6)');
  });

  it('refuses outcomes without the id column or the target, and outcomes that match nothing', async () => {
    ws.write('noid-out.csv', 'name,math_score\nx,50\n');
    const a = await cli(['feedback', '-i', 'noid-out.csv', '--model', trainA]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('error: noid-out.csv has no student_id column: outcomes are joined with the recorded predictions by their id columns and need the target');
    ws.write('nobody.csv', 'student_id,math_score\nX1,50\nX2,60\n');
    const b = await cli(['feedback', '-i', 'nobody.csv', '--json']);
    expect(b.code).toBe(1);
    expect(JSON.parse(b.stdout).error.code).toBe('OUTCOMES_UNMATCHED');
    const c = await cli(['feedback', '-i', 'nobody.csv']);
    expect(c.stderr).toContain('error: none of the 2 outcome row(s) of nobody.csv matched a recorded prediction by id');
  });
});

describe('spm monitor', () => {
  it('lists batches and feedback per model version, in time order', async () => {
    const r = await cli(['monitor', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const a = doc.models.find((m: { model: string }) => m.model === trainA);
    expect(a.events.map((e: { kind: string }) => e.kind)).toEqual(['predictions', 'feedback', 'feedback']);
    expect(a.live.metrics.rmse).toBeGreaterThan(0);
    expect(doc.passed).toBe(true);
    const human = await cli(['monitor']);
    expect(human.stdout).toContain(`train/${trainA} (regression)`);
    expect(human.stdout).toMatch(/predictions \(predict\)/);
  });

  it('exits 4 when the latest live metrics break a monitor gate', async () => {
    const r = await cli(['monitor', '--json', '-S', 'monitor.gates={rmse: "<= 0.001"}']);
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout);
    expect(doc.passed).toBe(false);
    const a = doc.models.find((m: { model: string }) => m.model === trainA);
    expect(a.gates).toEqual([{ metric: 'rmse', condition: '<= 0.001', value: a.live.metrics.rmse, passed: false }]);
    const human = await cli(['monitor', '-S', 'monitor.gates={rmse: "<= 0.001"}']);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain('a live quality gate failed (monitor.gates): exit 4');
    expect((await cli(['monitor', '-q', '-S', 'monitor.gates={rmse: "<= 1000"}'])).code).toBe(0);
  });

  it('refuses a gate on a metric the task does not report', async () => {
    const r = await cli(['monitor', '-S', 'monitor.gates={accuracy: ">= 0.5"}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: monitor.gates.accuracy: this task does not report accuracy');
  });

  it("draws the live metrics over time in the report's 'After deployment' section", async () => {
    const r = await cli(['report', '-o', 'report.html', '--vega', 'charts', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).sections).toContain('monitoring');
    const charts = readdirSync(ws.path('charts'));
    expect(charts).toContain('live-rmse.vl.json');
    const spec = JSON.parse(readFileSync(ws.path('charts/live-rmse.vl.json'), 'utf8'));
    expect(spec.data.values.map((v: { series: string }) => v.series)).toEqual([`train/${trainA.slice(0, 12)}`, `train/${trainA.slice(0, 12)}`]);
  }, 120_000);

  // Last: this batch would change the counts above.
  it('records a quoted id as its value, and leaves out a row with an empty id', async () => {
    const lines = readFileSync(ws.path('c1.csv'), 'utf8').trim().split('\n').slice(0, 4);
    lines[1] = lines[1]!.replace(/^S000001/, '"S,0001"');
    lines[2] = lines[2]!.replace(/^S000002/, '');
    ws.write('quoted.csv', `${lines.join('\n')}\n`);
    const before = batches();
    const r = await cli(['predict', '-i', 'quoted.csv', '-o', 'q.csv', '--model', trainA, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ scored: 3, recorded: 2 });
    const added = batches().filter((b) => !before.includes(b));
    const recorded = readFileSync(ws.path(`artifacts/predictions/${added[0]}/predictions.csv`), 'utf8').trim().split('\n');
    expect(recorded.map((l) => l.replace(/,[^,]*$/, ''))).toEqual(['student_id', '"S,0001"', 'S000003']);
  });

  it('feedback stores its monitoring version under the store lock: it waits for the holder, says so, then stores it', async () => {
    ws.write('locked.csv', 'student_id,math_score\nS000001,52\nS000005,64\n');
    const monitoring = (): string[] => (existsSync(ws.path('artifacts/monitoring')) ? readdirSync(ws.path('artifacts/monitoring')).filter((n) => /^[0-9a-f]+$/.test(n)) : []);
    const before = monitoring();
    const lock = await acquireStoreLock(ws.path('artifacts'));
    const running = cli(['feedback', '-i', 'locked.csv', '--json']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(monitoring()).toEqual(before); // nothing stored while another process holds the lock
    } finally {
      await lock.release();
    }
    const r = await running;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`waiting for another spm process (pid ${process.pid}) that holds the store lock`);
    expect(monitoring()).toEqual([...before, JSON.parse(r.stdout).id].sort());
  }, 60_000);

  it('leaves the store verified', async () => {
    const r = await cli(['verify']);
    expect(r.code).toBe(0);
  });
});
