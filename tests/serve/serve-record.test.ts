/** `spm serve` records the rows it scores (predict.record) off the request path, and stores them on shutdown at the latest. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServe } from '../helpers/serve.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
const batches = (): string[] => (existsSync(ws.path('artifacts/predictions')) ? readdirSync(ws.path('artifacts/predictions')).sort() : []);
const RECORD = { student_id: 'Q1', gender: 'female', race_ethnicity: 'group C', parental_level_of_education: 'some college', lunch: 'standard', test_preparation_course: 'none', reading_score: 72, writing_score: 74 };

beforeAll(async () => {
  ws = await trainedWorkspace();
  expect((await runCli(['synth', '-o', 'c.csv', '--rows', '30', '--seed', '9'], { cwd: ws.dir })).code).toBe(0);
}, 240_000);
afterAll(() => ws.cleanup());

describe('serve records predictions', () => {
  it('records the ids and predictions of JSON and CSV requests; rows with no id are not recorded', async () => {
    const serve = await startServe(ws.dir);
    const json = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([RECORD, { ...RECORD, student_id: null }]) });
    expect(json.status).toBe(200);
    const csv = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('c.csv')) });
    expect(csv.json.scored).toBe(30);
    // The same file as a CSV download: the same rows, kept once.
    const download = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('c.csv')), headers: { accept: 'text/csv' } });
    expect(download.status).toBe(200);
    expect(await serve.stop()).toBe(0);
    const lines = batches().flatMap((id) => {
      const dir = ws.path(`artifacts/predictions/${id}`);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.summary).toMatchObject({ source: 'serve', id_columns: ['student_id'] });
      return readFileSync(join(dir, 'predictions.csv'), 'utf8').trim().split('\n').slice(1);
    });
    const predicted = new Map(csv.json.predictions.map((p: { ids: { student_id: string }; prediction: number }) => [p.ids.student_id, p.prediction]));
    expect(lines).toContain(`Q1,${json.json.predictions[0].prediction}`);
    for (const [id, prediction] of predicted) expect(lines).toContain(`${id},${prediction}`);
    // 1 JSON row with an id, 30 CSV rows; the download repeats them (in the same flush, or in the next batch).
    expect(lines.length === 31 || lines.length === 61).toBe(true);
    expect((await runCli(['verify'], { cwd: ws.dir })).code).toBe(0);
  });

  it('records nothing with predict.record: false', async () => {
    const before = batches();
    const serve = await startServe(ws.dir, ['-S', 'predict.record=false']);
    expect((await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([RECORD]) })).status).toBe(200);
    expect(await serve.stop()).toBe(0);
    expect(batches()).toEqual(before);
  });
});
