/**
 * The monitoring docs against the metrics spm serves: docs/prometheus-alerts.yml passes
 * `promtool check rules`; the README's Monitoring table lists every spm_ metric /metrics has,
 * and the alert rules and the Grafana dashboard only use metrics that exist.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServeMetrics } from '../../src/serve/serve-metrics.js';
import { ROOT } from '../helpers/workspace.js';

const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
if (!PROMTOOL) console.warn('note: promtool is not installed, so `promtool check rules docs/prometheus-alerts.yml` is skipped (apt-get install prometheus)');

const ALERTS = join(ROOT, 'docs', 'prometheus-alerts.yml');
const DASHBOARD = join(ROOT, 'docs', 'grafana-dashboard.json');
const names = (text: string): Set<string> => new Set([...text.matchAll(/\bspm_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')));

describe('monitoring docs', () => {
  it.skipIf(!PROMTOOL)('docs/prometheus-alerts.yml passes promtool check rules', () => {
    const check = spawnSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('names the metrics /metrics serves, every one of them in the README', async () => {
    const metrics = new ServeMetrics(10);
    const served = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('spm_')));
    // The prediction distribution is registered with the first model served.
    served.add('spm_prediction_score');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const monitoring = readme.slice(readme.indexOf('\n## Monitoring'), readme.indexOf('\n## ', readme.indexOf('\n## Monitoring') + 1));
    expect([...names(monitoring)].sort()).toEqual([...served].sort());
    const dashboard = readFileSync(DASHBOARD, 'utf8');
    JSON.parse(dashboard);
    for (const [file, text] of [['alerts', readFileSync(ALERTS, 'utf8')], ['dashboard', dashboard]] as const) {
      for (const name of names(text)) expect(served.has(name), `${file} uses ${name}, which /metrics does not serve`).toBe(true);
    }
    // The dashboard shows live drift, and the rules alert on it.
    expect(names(dashboard)).toContain('spm_drift_psi');
    expect(names(readFileSync(ALERTS, 'utf8'))).toContain('spm_drift_psi');
  });
});
