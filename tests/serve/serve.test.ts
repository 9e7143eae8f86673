/**
 * `spm serve` end to end: the built CLI started on a free port, every endpoint called over
 * HTTP, rejected input answered with the status and message a user sees, numbers identical to
 * `spm predict` for identical rows, the alias followed without dropping a request.
 */
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv-parse.js';
import { call, startServe, type RunningServe, BINARY_SERVE_PARAMS } from '../helpers/serve.js';
import { runCli, trainedWorkspace, SMALL_PARAMS, type Workspace } from '../helpers/workspace.js';

const TOKEN = 'a3f1c9e07b5d4e2f8a6c1b9d0e7f3a5c';

describe('spm serve', () => {
  let ws: Workspace;
  let serve: RunningServe;
  let csv: string;
  beforeAll(async () => {
    ws = await trainedWorkspace(`${SMALL_PARAMS}segments:\n  features: [reading_score, writing_score]\n  k: 3\n`);
    csv = readFileSync(ws.path('data/students.csv'), 'utf8');
    serve = await startServe(ws.dir);
  });
  afterAll(async () => {
    await serve?.stop();
    ws?.cleanup();
  });

  it('answers the probes and describes the model: schema, metrics, lineage', async () => {
    expect((await call(`${serve.url}/healthz`)).json).toEqual({ status: 'ok' });
    const ready = await call(`${serve.url}/readyz`);
    expect(ready.status).toBe(200);
    const model = await call(`${serve.url}/v1/model`);
    expect(model.status).toBe(200);
    expect(model.json).toMatchObject({ task: 'regression', target: 'math_score', model: 'ridge', reload_error: null });
    expect(ready.json).toEqual({ status: 'ready', model: model.json.train_id });
    expect(model.json.lineage).toMatchObject({ train: model.json.train_id, evaluate: model.json.evaluate_id });
    expect(model.json.metrics.metrics.r2).toBeGreaterThan(0.5);
    const input = model.json.input as { name: string; role: string; categories?: string[] }[];
    expect(input.find((c) => c.name === 'lunch')).toEqual({ name: 'lunch', type: 'categorical', role: 'feature', categories: ['free/reduced', 'standard'] });
    expect(input.find((c) => c.name === 'student_id')?.role).toBe('id');
    expect(input.some((c) => c.name === 'math_score')).toBe(false);
    expect(model.json.segments).toHaveLength(3);
    expect(model.json.output).toEqual(['row', 'prediction', 'top_factors', 'segment', 'recommendation', 'risk_band']);
  });

  it('scores a CSV body with the same numbers, factors and segments as `spm predict --explain`', async () => {
    const api = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: csv });
    expect(api.status).toBe(200);
    expect(api.json).toMatchObject({ rows: 300, scored: 300, rejected: 0, rejects: [] });
    const cli = await runCli(['predict', '-i', 'data/students.csv', '-o', 'cli.csv', '--explain'], { cwd: ws.dir });
    expect(cli.code).toBe(0);
    const out = parseCsv(readFileSync(ws.path('cli.csv'), 'utf8'));
    const col = (name: string): number => out.header.indexOf(name);
    api.json.predictions.forEach((p: Record<string, any>, i: number) => {
      const row = out.rows[i]!;
      expect(p.row).toBe(i + 1);
      expect(p.ids).toEqual({ student_id: row[col('student_id')] });
      expect(p.prediction).toBe(Number(row[col('prediction')]));
      expect(p.top_factors).toBe(row[col('top_factors')]);
      expect(p.segment).toBe(row[col('segment')]);
      expect(p.recommendation).toBe(row[col('recommendation')]);
      expect(p.factors.map((f: { column: string; value: string; contribution: number }) => `${f.column}=${f.value} (${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(1)})`).join('; ')).toBe(p.top_factors);
    });
    // Risk bands cut at the training target's quartiles: every band occurs on the training file.
    const bands = new Set(api.json.predictions.map((p: { risk_band: string }) => p.risk_band));
    expect([...bands].sort()).toEqual(['high', 'low', 'medium']);
  });

  it('returns the scored CSV itself, byte for byte what `spm predict --explain` writes, when asked for text/csv', async () => {
    await runCli(['predict', '-i', 'data/students.csv', '-o', 'cli.csv', '--explain'], { cwd: ws.dir });
    const api = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: csv, headers: { accept: 'text/csv' } });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(api.headers.get('x-spm-scored')).toBe('300');
    expect(api.text).toBe(readFileSync(ws.path('cli.csv'), 'utf8'));
  });

  it('scores JSON records like the same rows in a CSV file; a missing key or null is a missing value', async () => {
    const data = parseCsv(csv);
    const records = data.rows.slice(0, 3).map((r) => Object.fromEntries(data.header.map((h, j) => [h, /^\d+$/.test(r[j]!) ? Number(r[j]) : r[j]])));
    const asJson = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify(records) });
    const asCsv = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: csv.split('\n').slice(0, 4).join('\n') });
    expect(asJson.status).toBe(200);
    expect(asJson.json.predictions).toEqual(asCsv.json.predictions);
    // One object is one record; null, or a key left out of one record but not all, is a missing value (imputed, as predict does).
    const withNull = { ...records[0], lunch: null, gender: null };
    const leftOut = { ...records[1] } as Record<string, unknown>;
    delete leftOut.lunch;
    const mixed = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([withNull, leftOut]) });
    const blank = (row: string[], names: string[]): string => data.header.map((h, j) => (names.includes(h) ? '' : row[j])).join(',');
    const blanks = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: `${data.header.join(',')}\n${blank(data.rows[0]!, ['lunch', 'gender'])}\n${blank(data.rows[1]!, ['lunch'])}\n` });
    expect(mixed.status).toBe(200);
    expect(mixed.json.predictions.map((p: { prediction: number }) => p.prediction)).toEqual(blanks.json.predictions.map((p: { prediction: number }) => p.prediction));
    // A feature no record has is a missing column, as in a CSV file.
    const none = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([leftOut]) });
    expect(none.status).toBe(400);
    expect(none.json.error).toMatchObject({ code: 'MISSING_COLUMN', message: "missing column 'lunch' in request body" });
  });

  it('rejects bad records by row, with the reason, and scores the rest', async () => {
    const data = parseCsv(csv);
    const good = Object.fromEntries(data.header.map((h, j) => [h, data.rows[0]![j]]));
    const body = [good, { ...good, reading_score: 'lots' }, 7, { ...good, lunch: { kind: 'free' } }, good];
    const res = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rows: 5, scored: 2, rejected: 3 });
    expect(res.json.predictions.map((p: { row: number }) => p.row)).toEqual([1, 5]);
    expect(res.json.rejects).toEqual([
      { row: 2, reason: "column 'reading_score': not a number" },
      { row: 3, reason: 'record is a number, not an object of column values' },
      { row: 4, reason: "field 'lunch' holds an object, not a value" },
    ]);
    // CSV: a ragged row keeps its data-row number and its line.
    const lines = csv.split('\n');
    const ragged = [lines[0], lines[1], 'S9,female,group B', lines[2]].join('\n');
    const r2 = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: ragged });
    expect(r2.json).toMatchObject({ rows: 3, scored: 2, rejected: 1, rejects: [{ row: 2, line: 3, reason: 'expected 9 fields, found 3' }] });
    expect(r2.json.predictions.map((p: { row: number }) => p.row)).toEqual([1, 3]);
  });

  it('answers whole-request problems with a JSON error: status, code, message and hint', async () => {
    const missing = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: 'gender,lunch\nfemale,standard\n' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/request body.*missing.*(race_ethnicity|reading_score)|(race_ethnicity|reading_score).*request body/);
    const bad = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: '[{"gender": "female",' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ status: 400, code: 'BAD_JSON' });
    expect(bad.json.error.message).toMatch(/^the request body is not valid JSON: /);
    expect(bad.json.error.hint).toContain('[{"gender"');
    expect((await call(`${serve.url}/v1/predict`, { type: 'application/json', body: '"hello"' })).json.error.message).toBe('the JSON body must be an array of records (objects keyed by column name), or one record');
    expect((await call(`${serve.url}/v1/predict`, { type: 'application/json', body: '[]' })).json.error).toMatchObject({ status: 400, message: 'the JSON body holds no records' });
    const empty = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: '' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toBe('request body is empty: expected a CSV header line');
    // Binary after the first rows: still a whole-request 400, never an answer cut off half way.
    const binary = Buffer.concat([Buffer.from(csv.split('\n').slice(0, 3).join('\n') + '\n'), Buffer.from('S5,f\xe9\x01male,group B,high school,standard,none,50,60,70\n', 'latin1')]);
    const notText = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: binary });
    expect(notText.status).toBe(400);
    expect(notText.json.error).toMatchObject({ code: 'CSV_NOT_TEXT', message: `request body is not CSV text (binary data at byte ${binary.indexOf(0x01)})` });
    // Text that is not UTF-8 and not binary is Windows-1252 (an Excel export): scored, and a semicolon export too.
    const latin1 = Buffer.concat([Buffer.from(csv.split('\n').slice(0, 3).join('\n') + '\n'), Buffer.from('S5,f\xe9male,group B,high school,standard,none,50,60,70\n', 'latin1')]);
    const scored = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: latin1 });
    expect(scored.status).toBe(200);
    expect(scored.json).toMatchObject({ rows: 3, scored: 3 });
    const semicolon = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: csv.split('\n').slice(0, 3).map((l) => l.replaceAll(',', ';')).join('\n') + '\n' });
    expect(semicolon.status).toBe(200);
    expect(semicolon.json).toMatchObject({ rows: 2, scored: 2 });
    const type = await call(`${serve.url}/v1/predict`, { type: 'text/plain', body: 'x' });
    expect(type.status).toBe(415);
    expect(type.json.error.message).toBe("Content-Type 'text/plain' is not accepted here: send application/json or text/csv");
    const latin = await call(`${serve.url}/v1/predict`, { type: 'text/csv; charset=latin1', body: 'x' });
    expect(latin.json.error).toMatchObject({ status: 415, message: "charset 'latin1' is not accepted: send UTF-8 text" });
    const notFound = await call(`${serve.url}/v2/predict`);
    expect(notFound.status).toBe(404);
    expect(notFound.json.error.message).toBe('no route /v2/predict');
    const method = await call(`${serve.url}/v1/predict`);
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    expect(method.json.error.message).toBe('GET is not allowed on /v1/predict: use POST');
  });

  it('serves the dashboard with a strict Content-Security-Policy and no-sniff headers', async () => {
    const page = await call(`${serve.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.text).toContain('/app.js');
    expect((await call(`${serve.url}/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never writes a request value to its log', async () => {
    const data = parseCsv(csv);
    const record = Object.fromEntries(data.header.map((h, j) => [h, data.rows[0]![j]]));
    record.student_id = 'ZQX-SECRET-7731';
    record.gender = 'ZQX-UNSEEN-GENDER';
    await call(`${serve.url}/v1/predict?student=ZQX-QUERY`, { type: 'application/json', body: JSON.stringify([record]) });
    await call(`${serve.url}/v1/predict`, { type: 'application/json', body: '{"ZQX-BROKEN' });
    await new Promise((r) => setTimeout(r, 50));
    const log = serve.stderr();
    expect(log).toMatch(/POST \/v1\/predict 200 [\d.]+ms rows=1 scored=1 rejected=0/);
    expect(log).toMatch(/POST \/v1\/predict 400 /);
    expect(log).not.toContain('ZQX');
  });

  it('checks a CSV batch for drift with the served model and stores the report', async () => {
    const shifted = await runCli(['synth', '-o', 'shifted.csv', '--rows', '400', '--seed', '9', '--shift', 'lower_reading'], { cwd: ws.dir });
    expect(shifted.code).toBe(0);
    const res = await call(`${serve.url}/v1/drift`, { type: 'text/csv', body: readFileSync(ws.path('shifted.csv')) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ format: 'spm.drift', batch: { name: 'request body', rows: 400, rejected: 0 } });
    const reading = res.json.features.find((f: { name: string }) => f.name === 'reading_score');
    expect(reading).toMatchObject({ test: 'ks', drifted: true });
    expect(res.json.model).toBe((await call(`${serve.url}/v1/model`)).json.train_id);
    const cli = await runCli(['drift', '-i', 'shifted.csv', '--json'], { cwd: ws.dir });
    const doc = JSON.parse(cli.stdout);
    expect(doc.features).toEqual(res.json.features);
    const json = await call(`${serve.url}/v1/drift`, { type: 'application/json', body: '[]' });
    expect(json.status).toBe(415);
  });
});

describe('spm serve: limits, tokens and options', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace(SMALL_PARAMS, 200);
  });
  afterAll(() => ws?.cleanup());

  it('refuses a body over --max-body with 413, by Content-Length or while reading', async () => {
    const serve = await startServe(ws.dir, ['--max-body', '2kb']);
    try {
      const body = readFileSync(ws.path('data/students.csv'), 'utf8');
      const res = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body });
      expect(res.status).toBe(413);
      expect(res.json.error).toMatchObject({ code: 'TOO_LARGE', message: 'the request body is larger than the limit of 2 kB' });
      expect(res.json.error.hint).toContain('--max-body');
      // Chunked (no Content-Length): counted while reading.
      const chunks = [Buffer.from(body.slice(0, 1500)), Buffer.from(body.slice(1500, 4000))];
      const stream = new ReadableStream({ pull(c) { const next = chunks.shift(); if (next) c.enqueue(next); else c.close(); } });
      const chunked = await fetch(`${serve.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: stream, duplex: 'half' } as RequestInit);
      expect(chunked.status).toBe(413);
      const small = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: body.split('\n').slice(0, 5).join('\n') });
      expect(small.status).toBe(200);
    } finally {
      await serve.stop();
    }
  });

  it('needs a token beyond loopback; with one, /v1 answers 401 without it and 200 with it', async () => {
    const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: ws.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('spm: error: --host 0.0.0.0 reaches beyond this machine: a bearer token is required');
    expect(refused.stderr).toContain('--token-file');
    writeFileSync(ws.path('token.txt'), `${TOKEN}\n`);
    chmodSync(ws.path('token.txt'), 0o600);
    const serve = await startServe(ws.dir, ['--host', '0.0.0.0', '--token-file', 'token.txt']);
    try {
      const url = serve.url.replace('0.0.0.0', '127.0.0.1');
      const none = await call(`${url}/v1/model`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="spm"');
      expect(none.json.error.message).toBe('this server needs a bearer token');
      const wrong = await call(`${url}/v1/model`, { headers: { authorization: `Bearer ${TOKEN.replace('a', 'b')}` } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.error.message).toBe('the bearer token is not valid');
      expect((await call(`${url}/v1/model`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      // Probes and the page need no token.
      expect((await call(`${url}/healthz`)).status).toBe(200);
      expect((await call(`${url}/`)).status).toBe(200);
      expect(serve.stderr()).not.toContain(TOKEN);
    } finally {
      await serve.stop();
    }
  });

  it('refuses bad options and token files with a message', async () => {
    const port = await runCli(['serve', '--port', 'http'], { cwd: ws.dir });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("--port: 'http' is not a port number");
    const size = await runCli(['serve', '--max-body', 'huge'], { cwd: ws.dir });
    expect(size.code).toBe(2);
    expect(size.stderr).toContain("--max-body: 'huge' is not a size");
    writeFileSync(ws.path('short.txt'), 'secret\n');
    const short = await runCli(['serve', '--token-file', 'short.txt'], { cwd: ws.dir });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('--token-file: short.txt must hold one token of at least 16 characters without spaces (found 6 characters)');
    const missing = await runCli(['serve', '--token-file', 'nope.txt'], { cwd: ws.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--token-file: cannot read nope.txt: no such file');
    const model = await runCli(['serve', '--model', 'nope'], { cwd: ws.dir });
    expect(model.code).toBe(1);
    expect(model.stderr).toContain("'nope' is not a version id or an alias");
  });

  it('says so when the port is taken or the host is not this machine', async () => {
    const first = await startServe(ws.dir);
    try {
      const port = new URL(first.url).port;
      const busy = await runCli(['serve', '--port', port], { cwd: ws.dir });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`spm: error: cannot listen on 127.0.0.1:${port}: the port is in use (another spm serve?)`);
      expect(busy.stderr).toContain('--port 0 for any free port');
      expect(busy.stderr).not.toContain('internal error');
    } finally {
      await first.stop();
    }
    writeFileSync(ws.path('token.txt'), `${TOKEN}\n`);
    chmodSync(ws.path('token.txt'), 0o600);
    const host = await runCli(['serve', '--host', '10.255.255.254', '--token-file', 'token.txt', '--port', '0'], { cwd: ws.dir });
    expect(host.code).toBe(1);
    expect(host.stderr).toContain("cannot listen on 10.255.255.254:0: '10.255.255.254' is not an address of this machine");
  });

  it('warns when the token file can be read by others', async () => {
    writeFileSync(ws.path('open.txt'), `${TOKEN}\n`);
    chmodSync(ws.path('open.txt'), 0o644);
    const serve = await startServe(ws.dir, ['--token-file', 'open.txt']);
    await serve.stop();
    expect(serve.stderr()).toContain('open.txt can be read by other users of this machine: chmod 600 open.txt');
  });

  it('follows its alias to a newly promoted version without failing a request in flight', async () => {
    expect((await runCli(['promote', '--as', 'production'], { cwd: ws.dir })).code).toBe(0);
    const serve = await startServe(ws.dir, ['--model', 'production', '--reload-interval', '100']);
    try {
      const before = (await call(`${serve.url}/v1/model`)).json.train_id as string;
      const record = JSON.stringify([{ gender: 'female', race_ethnicity: 'group B', parental_level_of_education: 'high school', lunch: 'standard', test_preparation_course: 'none', reading_score: 70, writing_score: 70 }]);
      let stop = false;
      const statuses: number[] = [];
      const models = new Set<string>();
      const load = (async () => {
        while (!stop) {
          const r = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: record });
          statuses.push(r.status);
          models.add(r.json.model);
        }
      })();
      // Another model (a different ridge alpha) promoted while requests keep coming.
      const run = await runCli(['run', '-q', '-S', 'train.models={ridge: {alpha: [30]}}'], { cwd: ws.dir });
      expect(run.code).toBe(0);
      expect((await runCli(['promote', '--as', 'production', '-S', 'train.models={ridge: {alpha: [30]}}'], { cwd: ws.dir })).code).toBe(0);
      let after = before;
      for (let i = 0; i < 50 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = (await call(`${serve.url}/v1/model`)).json.train_id;
      }
      await new Promise((r) => setTimeout(r, 200));
      stop = true;
      await load;
      expect(after).not.toBe(before);
      expect(statuses.length).toBeGreaterThan(5);
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(models).toEqual(new Set([before, after]));
      expect(serve.stderr()).toContain(`model production moved: now serving train/${after} (was train/${before})`);
    } finally {
      await serve.stop();
    }
  });

  it('stops gracefully on SIGTERM with exit 0', async () => {
    const serve = await startServe(ws.dir);
    expect(await serve.stop()).toBe(0);
    expect(serve.stderr()).toContain('SIGTERM: finishing requests in flight, then stopping');
  });

  it('stops gracefully on Ctrl-C with exit 130: serve returns the code, the entry point sets it', async () => {
    const serve = await startServe(ws.dir);
    const exited = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
    serve.child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(serve.stderr()).toContain('SIGINT: finishing requests in flight, then stopping');
    // The first Ctrl-C drains: the immediate exit of other commands ("spm: interrupted") is not taken.
    expect(serve.stderr()).not.toContain('spm: interrupted');
  });
});

describe('spm serve: a binary target', () => {
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

  it('gives the probability of the positive class and risk bands that agree with the prediction', async () => {
    const model = (await call(`${serve.url}/v1/model`)).json;
    expect(model).toMatchObject({ task: 'classification', classes: ['completed', 'none'], positive_class: 'completed', threshold: 0.5 });
    // No segments.favourable: the positive class is the good outcome, so 'none' is the bad one.
    expect(model.risk_bands).toMatchObject({ basis: 'probability of none', bad_outcome: 'none', high: 'none predicted (P(none) ≥ 0.5)', medium: 'P(none) ≥ 0.25' });
    const res = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('data/students.csv')) });
    expect(res.json).toMatchObject({ rows: 400, scored: 400, rejected: 0 });
    const cli = await runCli(['predict', '-i', 'data/students.csv', '-o', 'cli.csv'], { cwd: ws.dir });
    expect(cli.code).toBe(0);
    const out = parseCsv(readFileSync(ws.path('cli.csv'), 'utf8'));
    const seen = new Set<string>();
    res.json.predictions.forEach((p: { prediction: string; probability: number; risk_band: string }, i: number) => {
      expect([p.prediction, String(p.probability)]).toEqual(out.rows[i]!.slice(-2));
      const pBad = 1 - p.probability;
      expect(p.risk_band).toBe(p.prediction === 'none' ? 'high' : pBad >= 0.25 ? 'medium' : 'low');
      seen.add(p.risk_band);
    });
    expect(seen.size).toBeGreaterThan(1);
  });

  it('answers the browser icon request with no content, and a record without an id with no ids', async () => {
    const icon = await fetch(`${serve.url}/favicon.ico`);
    expect(icon.status).toBe(204);
    const data = parseCsv(readFileSync(ws.path('data/students.csv'), 'utf8'));
    const record = Object.fromEntries(data.header.map((h, j) => [h, data.rows[0]![j]]));
    const res = await call(`${serve.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([{ ...record, student_id: null }, record]) });
    expect(res.json.predictions[0].ids).toEqual({});
    expect(res.json.predictions[1].ids).toEqual({ student_id: record.student_id });
  });
});
