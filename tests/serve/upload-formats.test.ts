/**
 * serve takes an .xlsx workbook or a Parquet file posted with its content type, and scores it
 * exactly as the same rows posted as CSV; a file that is not what its type says is a 400 with
 * the converter's message. Fixtures are made here with the libraries.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvToParquet, csvToXlsx } from '../helpers/formats.js';
import { call, startServe, type RunningServe } from '../helpers/serve.js';
import { trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PARQUET = 'application/vnd.apache.parquet';

describe('spm serve uploads', () => {
  let ws: Workspace;
  let serve: RunningServe;
  let csv: string;
  beforeAll(async () => {
    ws = await trainedWorkspace();
    csv = readFileSync(ws.path('data/students.csv'), 'utf8');
    await csvToXlsx(ws.path('up.xlsx'), csv);
    csvToParquet(ws.path('up.parquet'), csv);
    serve = await startServe(ws.dir);
  });
  afterAll(async () => {
    await serve?.stop();
    ws?.cleanup();
  });

  it('scores an .xlsx or .parquet body as the same rows sent as CSV (JSON and CSV answers)', async () => {
    const asJson = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: csv });
    const asCsv = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: csv, headers: { accept: 'text/csv' } });
    expect(asJson.status).toBe(200);
    for (const [type, file] of [[XLSX, 'up.xlsx'], [PARQUET, 'up.parquet'], ['application/x-parquet', 'up.parquet']] as const) {
      const body = readFileSync(ws.path(file));
      const json = await call(`${serve.url}/v1/predict`, { type, body });
      expect(json.status, json.text).toBe(200);
      expect(json.json).toEqual(asJson.json);
      const text = await call(`${serve.url}/v1/predict`, { type, body, headers: { accept: 'text/csv' } });
      expect(text.text).toBe(asCsv.text);
    }
  });

  it('/v1/drift takes them too, with the same report as the CSV', async () => {
    const features = async (type: string, body: string | Buffer): Promise<unknown> => {
      const res = await call(`${serve.url}/v1/drift`, { type, body });
      expect(res.status, res.text).toBe(200);
      return res.json.features;
    };
    const fromCsv = await features('text/csv', csv);
    expect(await features(XLSX, readFileSync(ws.path('up.xlsx')))).toEqual(fromCsv);
    expect(await features(PARQUET, readFileSync(ws.path('up.parquet')))).toEqual(fromCsv);
  });

  it('refuses a body that is not what its content type says, with what to do', async () => {
    const res = await call(`${serve.url}/v1/predict`, { type: XLSX, body: csv });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'INPUT_CORRUPT',
      message: 'request body is not an Excel workbook: an .xlsx file is a zip archive, and this one does not start like one',
    });
    const pq = await call(`${serve.url}/v1/predict`, { type: PARQUET, body: csv });
    expect(pq.json.error.code).toBe('INPUT_CORRUPT');
    const other = await call(`${serve.url}/v1/predict`, { type: 'application/vnd.ms-excel', body: 'x' });
    expect(other.status).toBe(415);
    expect(other.json.error.hint).toContain('an .xlsx workbook or a Parquet file is taken with its own type');
  });
});
