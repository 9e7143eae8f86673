/**
 * GET /metrics of `spm serve` end to end: the built CLI on a free port, Prometheus text read
 * back. The live drift window agrees with `spm drift` on the same rows; the token guards the
 * endpoint; no value a request sends reaches the exposition; the info gauge follows the alias.
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { series } from '../helpers/exposition.js';
import { call, startServe, type RunningServe, BINARY_SERVE_PARAMS } from '../helpers/serve.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const TOKEN = 'c0ffee5e1ec7ab1e0ddba11deadbeef7';
const AUTH = { authorization: `Bearer ${TOKEN}` };

describe('spm serve: GET /metrics', () => {
  let ws: Workspace;
  let serve: RunningServe;
  const scrape = async (s: RunningServe = serve): Promise<string> => {
    const res = await call(`${s.url}/metrics`, { headers: AUTH });
    expect(res.status).toBe(200);
    return res.text;
  };
  beforeAll(async () => {
    ws = await trainedWorkspace();
    writeFileSync(ws.path('token.txt'), `${TOKEN}\n`);
    chmodSync(ws.path('token.txt'), 0o600);
    serve = await startServe(ws.dir, ['--token-file', 'token.txt']);
  });
  afterAll(async () => {
    await serve?.stop();
    ws?.cleanup();
  });

  it('gives the PSI `spm drift` reports for the rows scored, per feature, over the drift window', async () => {
    // First in the file: the window holds exactly these 300 rows.
    const res = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('data/students.csv')), headers: AUTH });
    expect(res.json).toMatchObject({ rows: 300, scored: 300, rejected: 0 });
    const text = await scrape();
    const drift = await runCli(['drift', '-i', 'data/students.csv', '--json'], { cwd: ws.dir });
    const report = JSON.parse(drift.stdout) as { features: { name: string; psi: number }[] };
    const live = series(text, 'spm_drift_psi');
    expect(live.size).toBe(report.features.length);
    for (const f of report.features) expect(live.get(`{feature="${f.name}"}`)).toBeCloseTo(f.psi, 12);
    expect(series(text, 'spm_drift_window_rows').get('')).toBe(300);
    expect(series(text, 'spm_drift_window_size').get('')).toBe(10_000);
    expect(series(text, 'spm_rows_scored_total').get('')).toBe(300);
    expect(series(text, 'spm_prediction_score_count').get('')).toBe(300);
    // Regression: ten buckets over the target's range in training, then +Inf.
    expect(series(text, 'spm_prediction_score_bucket').size).toBe(11);
    const model = (await call(`${serve.url}/v1/model`, { headers: AUTH })).json;
    expect(series(text, 'spm_model_info')).toEqual(new Map([[`{version="${model.train_id}",alias="",model="ridge",task="regression"}`, 1]]));
  });

  it('needs the bearer token when the server has one, as Prometheus sends it', async () => {
    const none = await call(`${serve.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="spm"');
    expect(none.json.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'this server needs a bearer token' });
    const wrong = await call(`${serve.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.json.error.message).toBe('the bearer token is not valid');
    const ok = await call(`${serve.url}/metrics`, { headers: AUTH });
    expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(ok.text).toContain('# TYPE spm_http_requests_total counter');
    expect(ok.text).toContain('spm_http_requests_total{route="/metrics",method="GET",status="401"}');
  });

  it('counts rows, rejects and unseen categories by column, and never puts a value a request sent in a label', async () => {
    const before = await scrape();
    const secret = { id: 'STU-XYZZY-4242', category: 'Quokkafish', path: 'QUOKKA-SECRET-99', column: 'favourite_snack', snack: 'Marmite-Toast-77' };
    const student = { student_id: secret.id, gender: secret.category, race_ethnicity: 'group B', parental_level_of_education: 'high school', lunch: 'standard', test_preparation_course: 'none', reading_score: 61.625, writing_score: 57.375, [secret.column]: secret.snack };
    const res = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([student, 'not a record', { ...student, reading_score: null, writing_score: null }]), headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rows: 3, unseen_categories: { gender: 2 } });
    expect(res.json.scored + res.json.rejected).toBe(3);
    // A path nobody routes, and an odd method: labelled by what spm knows, not by what was sent.
    expect((await call(`${serve.url}/v1/students/${secret.path}`, { headers: AUTH })).status).toBe(404);
    expect((await fetch(`${serve.url}/${secret.path}`, { method: 'PROPFIND' })).status).toBe(404);
    const after = await scrape();
    const delta = (name: string, labels = ''): number => (series(after, name).get(labels) ?? 0) - (series(before, name).get(labels) ?? 0);
    expect(delta('spm_rows_scored_total')).toBe(res.json.scored);
    expect(delta('spm_rows_rejected_total')).toBe(res.json.rejected);
    expect(delta('spm_unseen_categories_total', '{column="gender"}')).toBe(2);
    expect(delta('spm_http_requests_total', '{route="/v1/predict",method="POST",status="200"}')).toBe(1);
    expect(delta('spm_http_requests_total', '{route="unmatched",method="GET",status="404"}')).toBe(1);
    expect(delta('spm_http_requests_total', '{route="unmatched",method="other",status="404"}')).toBe(1);
    for (const value of [...Object.values(secret), '61.625', '57.375', 'PROPFIND']) expect(after).not.toContain(value);
  });

  it('can be turned off: --no-metrics answers 404, --drift-window 0 keeps the metrics without live drift', async () => {
    const off = await startServe(ws.dir, ['--no-metrics']);
    try {
      expect((await call(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.stop();
    }
    const noDrift = await startServe(ws.dir, ['--drift-window', '0']);
    try {
      expect((await call(`${noDrift.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('data/students.csv')) })).status).toBe(200);
      const text = await scrape(noDrift);
      expect(series(text, 'spm_rows_scored_total').get('')).toBe(300);
      expect(series(text, 'spm_drift_window_size').get('')).toBe(0);
      expect(series(text, 'spm_drift_psi').size).toBe(0);
    } finally {
      await noDrift.stop();
    }
  });

  it('refuses a --drift-window that is not a number of rows', async () => {
    const bad = await runCli(['serve', '--drift-window', 'lots'], { cwd: ws.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--drift-window: 'lots' is not a number of rows from 0 to 10,000,000");
    expect(bad.stderr).toContain('hint: e.g. --drift-window 10000 (0 turns live drift off)');
  });

  it('shows the new version in spm_model_info once `spm promote` moves the alias, and counts a reload that fails', async () => {
    expect((await runCli(['promote', '--as', 'production'], { cwd: ws.dir })).code).toBe(0);
    const prod = await startServe(ws.dir, ['--model', 'production', '--reload-interval', '100']);
    const info = async (): Promise<string> => [...series(await scrape(prod), 'spm_model_info').keys()].join(' ');
    try {
      const first = (await call(`${prod.url}/v1/model`)).json.train_id as string;
      expect(await info()).toBe(`{version="${first}",alias="production",model="ridge",task="regression"}`);
      expect((await runCli(['run', '-q', '-S', 'train.models={ridge: {alpha: [30]}}'], { cwd: ws.dir })).code).toBe(0);
      expect((await runCli(['promote', '--as', 'production', '-S', 'train.models={ridge: {alpha: [30]}}'], { cwd: ws.dir })).code).toBe(0);
      let now = first;
      for (let i = 0; i < 50 && now === first; i++) {
        await new Promise((r) => setTimeout(r, 100));
        now = (await call(`${prod.url}/v1/model`)).json.train_id;
      }
      expect(now).not.toBe(first);
      expect(await info()).toBe(`{version="${now}",alias="production",model="ridge",task="regression"}`);
      expect(series(await scrape(prod), 'spm_model_reloads_total').get('')).toBe(1);
      // The alias moved to a version that is not there: the old model keeps serving, the failure is counted.
      // Written aside and renamed, as spm writes it: the server never reads half a file.
      writeFileSync(ws.path('artifacts/aliases.json.tmp'), JSON.stringify({ production: { stage: 'evaluate', id: '0123456789ab' } }));
      renameSync(ws.path('artifacts/aliases.json.tmp'), ws.path('artifacts/aliases.json'));
      let failures = 0;
      for (let i = 0; i < 50 && failures === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        failures = series(await scrape(prod), 'spm_model_reload_failures_total').get('') ?? 0;
      }
      expect(failures).toBe(1);
      expect(await info()).toBe(`{version="${now}",alias="production",model="ridge",task="regression"}`);
    } finally {
      await prod.stop();
    }
  });
});

describe('spm serve: GET /metrics of a classifier', () => {
  let ws: Workspace;
  let serve: RunningServe;
  beforeAll(async () => {
    ws = await trainedWorkspace(BINARY_SERVE_PARAMS, 400);
    serve = await startServe(ws.dir);
  });
  afterAll(async () => {
    await serve?.stop();
    ws?.cleanup();
  });

  it('counts the predicted classes and bins the positive class probability in tenths', async () => {
    const res = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('data/students.csv')) });
    expect(res.json).toMatchObject({ scored: 400 });
    const predictions = res.json.predictions as { prediction: string; probability: number }[];
    const text = (await call(`${serve.url}/metrics`)).text;
    const count = (cls: string): number => predictions.filter((p) => p.prediction === cls).length;
    expect(series(text, 'spm_predictions_total')).toEqual(new Map([[`{class="completed"}`, count('completed')], [`{class="none"}`, count('none')]].filter(([, n]) => n !== 0) as [string, number][]));
    const buckets = series(text, 'spm_prediction_score_bucket');
    expect([...buckets.keys()]).toEqual([...['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1', '+Inf'].map((le) => `{le="${le}"}`)]);
    // Cumulative counts: the probabilities at or below each bound.
    for (const le of [0.3, 0.5, 0.7]) expect(buckets.get(`{le="${le}"}`)).toBe(predictions.filter((p) => p.probability <= le).length);
    expect(buckets.get('{le="+Inf"}')).toBe(400);
    expect(series(text, 'spm_model_info').keys().next().value).toMatch(/^\{version="[0-9a-f]{12}",alias="",model="logistic",task="classification"\}$/);
    expect(series(text, 'spm_drift_psi').size).toBe(7);
  });
});
