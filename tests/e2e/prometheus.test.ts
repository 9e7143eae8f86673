/**
 * A real Prometheus scrapes `spm serve` (issue 18, "Done when"): the server with a token on a
 * free port, Prometheus on another with a temporary config and storage, a 1 s scrape with the
 * bearer token, and the docs' alert rules loaded. The test scores rows, waits for a scrape and
 * reads spm_rows_scored_total, the model info and a drift gauge back through Prometheus's HTTP
 * API. Skipped, saying so, only when the prometheus binary is absent (.ci/run installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { series } from '../helpers/exposition.js';
import { call, startServe, type RunningServe } from '../helpers/serve.js';
import { ROOT, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const PROMETHEUS = spawnSync('prometheus', ['--version']).status === 0 ? 'prometheus' : null;
if (!PROMETHEUS) console.warn('note: prometheus is not installed, so tests/e2e/prometheus.test.ts is skipped (apt-get install prometheus; .ci/run installs it)');

const TOKEN = 'b1ab1ab1a5c4a9e55c4a9e5b1ab1ab1a';
const AUTH = { authorization: `Bearer ${TOKEN}` };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Vector {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

describe.skipIf(!PROMETHEUS)('a real Prometheus scraping spm serve', () => {
  let ws: Workspace;
  let serve: RunningServe | undefined;
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let api = '';

  const query = async (promql: string): Promise<Vector[]> => {
    const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; data: { result: Vector[] } };
    expect(body.status).toBe('success');
    return body.data.result;
  };
  /** Polls `promql` until `done` holds for its result (Prometheus scrapes every second). */
  const until = async (promql: string, done: (r: Vector[]) => boolean, ms = 15_000): Promise<Vector[]> => {
    const end = Date.now() + ms;
    for (;;) {
      const r = await query(promql);
      if (done(r) || Date.now() > end) return r;
      await sleep(250);
    }
  };

  beforeAll(async () => {
    ws = await trainedWorkspace();
    writeFileSync(ws.path('token.txt'), `${TOKEN}\n`);
    chmodSync(ws.path('token.txt'), 0o600);
    serve = await startServe(ws.dir, ['--token-file', 'token.txt']);
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    copyFileSync(`${ROOT}/docs/prometheus-alerts.yml`, ws.path('alerts.yml'));
    writeFileSync(
      ws.path('prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [alerts.yml]',
        'scrape_configs:',
        '  - job_name: spm',
        `    authorization: { credentials: ${TOKEN} }`,
        `    static_configs: [{ targets: ['${new URL(serve.url).host}'] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(PROMETHEUS!, [`--config.file=${ws.path('prometheus.yml')}`, `--storage.tsdb.path=${ws.path('tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    prometheus.stderr!.setEncoding('utf8').on('data', (d: string) => (prometheusLog += d));
    for (let i = 0; i < 100; i++) {
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited ${prometheus.exitCode}: ${prometheusLog}`);
      const ready = await fetch(`${api}/-/ready`).then((r) => r.status, () => 0);
      if (ready === 200) return;
      await sleep(100);
    }
    throw new Error(`prometheus did not get ready: ${prometheusLog}`);
  }, 30_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once('exit', r));
      prometheus.kill('SIGTERM');
      const killer = setTimeout(() => prometheus!.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await serve?.stop();
    ws?.cleanup();
  });

  it('reads rows scored, the model info and live drift back through the query API', async () => {
    // 300 rows as CSV, then 2 JSON records: 302 scored in all.
    const csv = readFileSync(ws.path('data/students.csv'));
    const batch = await call(`${serve!.url}/v1/predict`, { type: 'text/csv', body: csv, headers: AUTH });
    expect(batch.json).toMatchObject({ scored: 300, rejected: 0 });
    const student = { gender: 'female', race_ethnicity: 'group C', parental_level_of_education: 'some college', lunch: 'standard', test_preparation_course: 'none', reading_score: 72, writing_score: 74 };
    expect((await call(`${serve!.url}/v1/predict`, { type: 'application/json', body: JSON.stringify([student, { ...student, lunch: 'free/reduced' }]), headers: AUTH })).json.scored).toBe(2);

    const scored = await until('spm_rows_scored_total{job="spm"}', (r) => r[0]?.value[1] === '302');
    expect(scored.map((v) => v.value[1])).toEqual(['302']);
    expect((await query('up{job="spm"}'))[0]?.value[1]).toBe('1');

    const model = (await call(`${serve!.url}/v1/model`, { headers: AUTH })).json as { train_id: string };
    const info = await query('spm_model_info');
    expect(info).toHaveLength(1);
    expect(info[0]!.metric).toMatchObject({ __name__: 'spm_model_info', job: 'spm', version: model.train_id, model: 'ridge', task: 'regression' });
    expect(info[0]!.value[1]).toBe('1');

    // The drift gauge as Prometheus stored it is the value spm served (nothing was scored since).
    const served = series((await call(`${serve!.url}/metrics`, { headers: AUTH })).text, 'spm_drift_psi').get('{feature="reading_score"}')!;
    expect(served).toBeGreaterThan(0);
    const drift = await until('spm_drift_psi{feature="reading_score"}', (r) => r.length === 1 && Number(r[0]!.value[1]) === served);
    expect(Number(drift[0]!.value[1])).toBe(served);
    expect((await query('spm_drift_window_rows'))[0]?.value[1]).toBe('302');

    // The docs' alert rules loaded and evaluated; none fires on a healthy server.
    const rules = (await (await fetch(`${api}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string; state: string }[] }[] } };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.length).toBeGreaterThanOrEqual(4);
    for (const rule of loaded) expect(rule.health, `${rule.name}: ${prometheusLog}`).not.toBe('err');
    expect(loaded.filter((r) => r.state === 'firing').map((r) => r.name)).toEqual([]);

    // Every query of the Grafana dashboard runs, with its variables as Grafana fills them.
    const dashboard = JSON.parse(readFileSync(`${ROOT}/docs/grafana-dashboard.json`, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const promql = expr.replaceAll('$job', '.*').replaceAll('$instance', '.*').replaceAll('$__rate_interval', '1m');
        const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
        expect(res.status, `${panel.title}: ${promql}: ${await res.clone().text()}`).toBe(200);
      }
    }
    const rows = await query('sum(spm_rows_scored_total{job=~".*", instance=~".*"})');
    expect(rows[0]?.value[1]).toBe('302');
  }, 30_000);
});
