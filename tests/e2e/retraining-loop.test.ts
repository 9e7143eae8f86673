/**
 * The retraining loop after deployment (issue 18 item 5, README "Champion–challenger and
 * rollback"), end to end with the built CLI and a running `spm serve`: cohort 1 trained and
 * promoted; cohort 2 from the same distribution → drift exit 0, nothing retrained; cohort 3
 * shifted → drift exit 3 → retrain on all cohorts → the challenger beats the champion on cohort
 * 3's outcomes → promoted → serve reloads and reports the new version; a worse challenger is
 * refused and the champion keeps serving; a rollback restores the one before. Along the way
 * /metrics shows the served version and the live drift of the served rows (lower once the
 * challenger serves), and `spm feedback` joins cohort 3's outcomes with what serve recorded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startServe, type RunningServe } from '../helpers/serve.js';
import { series } from '../helpers/exposition.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const params = (sources: string[]): string => `data:
  source: [${sources.map((s) => `data/${s}.csv`).join(', ')}]
  target: math_score
train:
  models: { ridge: { alpha: [1] } }
`;

let ws: Workspace;
let serve: RunningServe | undefined;
const spm = (...args: string[]) => runCli(args, { cwd: ws.dir });
const json = async (...args: string[]) => {
  const r = await spm(...args, '--json');
  expect(r.stdout, r.stderr).not.toBe('');
  return { code: r.code, doc: JSON.parse(r.stdout) };
};
const served = async (): Promise<string> => (await call(`${serve!.url}/v1/model`)).json.evaluate_id as string;
const metricsText = async (): Promise<string> => (await call(`${serve!.url}/metrics`)).text;
/** The largest live PSI /metrics reports over the served rows' features. */
const liveDrift = async (): Promise<number> => Math.max(...series(await metricsText(), 'spm_drift_psi').values());
/** Scores cohort 3 through the running server, as a school's system would. */
async function serveCohort3(): Promise<void> {
  const r = await call(`${serve!.url}/v1/predict`, { method: 'POST', type: 'text/csv', body: readFileSync(ws.path('data/cohort3.csv')) });
  expect(r.status, r.text).toBe(200);
  expect(r.json.scored).toBe(600);
}
/** What serve reports once its reload interval (100 ms) has passed enough times to see `id`, or after 10 s. */
async function servedOnce(id: string): Promise<string> {
  let now = await served();
  for (let i = 0; i < 100 && now !== id; i++) {
    await new Promise((r) => setTimeout(r, 100));
    now = await served();
  }
  return now;
}

beforeAll(async () => {
  ws = createWorkspace({ 'params.yaml': params(['cohort1']) });
  for (const [name, seed, shift] of [['cohort1', '1', ''], ['cohort2', '2', ''], ['cohort3', '3', 'mixed']] as const) {
    const r = await spm('synth', '-o', `data/${name}.csv`, '--rows', '600', '--seed', seed, ...(shift ? ['--shift', shift] : []));
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await serve?.stop();
  ws?.cleanup();
});

it('drift, retrain, champion–challenger, serve reload, refusal and rollback', { timeout: 120_000 }, async () => {
  // Cohort 1: trained, promoted, served.
  expect((await spm('run', '-q')).code).toBe(0);
  const first = await json('promote', '--as', 'production');
  expect(first.code).toBe(0);
  const champion = first.doc.id as string;
  serve = await startServe(ws.dir, ['--model', 'production', '--reload-interval', '100']);
  expect(await served()).toBe(champion);

  // Cohort 2, same distribution: no drift, nothing to retrain.
  const calm = await json('drift', '-i', 'data/cohort2.csv');
  expect(calm.code).toBe(0);
  expect(calm.doc.dataset_drift).toBe(false);

  // Cohort 3, shifted: drift exit 3, which a scheduled job takes as the signal to retrain.
  const shifted = await json('drift', '-i', 'data/cohort3.csv');
  expect(shifted.code).toBe(3);
  expect(shifted.doc.dataset_drift).toBe(true);
  // The school's system sends cohort 3 to the served champion: /metrics shows the live drift of those rows.
  const championTrain = (await call(`${serve!.url}/v1/model`)).json.train_id as string;
  await serveCohort3();
  const driftBefore = await liveDrift();
  expect(series(await metricsText(), 'spm_rows_scored_total').get('')).toBe(600);

  // Retrain on all cohorts (the drift hint: append the new data to data.source and spm run).
  writeFileSync(ws.path('params.yaml'), params(['cohort1', 'cohort2', 'cohort3']));
  expect((await spm('run', '-q')).code).toBe(0);
  const challenge = await json('promote', '--as', 'production', '--if-better', '--on', 'data/cohort3.csv');
  expect(challenge.code).toBe(0);
  const { comparison } = challenge.doc;
  expect(comparison).toMatchObject({ metric: 'rmse', on: 'data/cohort3.csv', rows: 600, excluded: 0 });
  // The champion never saw the shift; the challenger did: clearly lower error on cohort 3's outcomes.
  expect(comparison.candidate).toBeLessThan(comparison.champion - 0.5);
  const challenger = challenge.doc.id as string;
  expect(challenge.doc).toMatchObject({ promoted: true, from: { id: champion }, to: { id: challenger } });
  expect(await servedOnce(challenger)).toBe(challenger);
  // /metrics reports the new version; cohort 3's rows drift less from the data it was trained on.
  const challengerTrain = (await call(`${serve!.url}/v1/model`)).json.train_id as string;
  expect([...series(await metricsText(), 'spm_model_info').keys()].join(' ')).toContain(`version="${challengerTrain}"`);
  await serveCohort3();
  expect(await liveDrift()).toBeLessThan(driftBefore);
  // Cohort 3's outcomes arrive: spm feedback joins them by id with what serve recorded (flushed
  // every 2 s), under the model that scored each batch — the challenger's live error is lower.
  let fed = await json('feedback', '-i', 'data/cohort3.csv');
  for (let i = 0; i < 50 && (fed.code !== 0 || fed.doc.models?.length !== 2); i++) {
    await new Promise((r) => setTimeout(r, 200));
    fed = await json('feedback', '-i', 'data/cohort3.csv');
  }
  expect(fed.code).toBe(0);
  const live = (train: string) => fed.doc.models.find((m: { model: string }) => m.model === train);
  expect(live(championTrain)).toMatchObject({ matched: 600, no_outcome: 0 });
  expect(live(challengerTrain)).toMatchObject({ matched: 600, no_outcome: 0 });
  expect(live(challengerTrain).metrics.rmse).toBeLessThan(live(championTrain).metrics.rmse);

  // A worse challenger (one split) is refused, exit 4; the new champion keeps serving.
  const stump = ['-S', 'train.models={decision_tree: {max_depth: [1]}}'];
  expect([0, 4]).toContain((await spm('run', '-q', ...stump)).code); // stored either way; below the default r2 gate
  const worse = await json('promote', '--as', 'production', '--if-better', '--on', 'data/cohort3.csv', ...stump);
  expect(worse.code).toBe(4);
  expect(worse.doc).toMatchObject({ promoted: false, from: { id: challenger } });
  await new Promise((r) => setTimeout(r, 300)); // three reload intervals
  expect(await served()).toBe(challenger);

  // A rollback restores the previous champion, in the store and in the running server.
  const back = await json('promote', '--rollback', 'production');
  expect(back.code).toBe(0);
  expect(back.doc).toMatchObject({ from: { id: challenger }, to: { id: champion } });
  expect(await servedOnce(champion)).toBe(champion);

  const history = (await json('aliases', '--history')).doc.history as { kind: string; to: { id: string } }[];
  expect(history.map((e) => `${e.kind}:${e.to.id}`)).toEqual([`promote:${champion}`, `if-better:${challenger}`, `rollback:${champion}`]);
});
