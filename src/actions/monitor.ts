/**
 * `spm monitor`: per model version, what happened to it after deployment, in time order — the
 * batches it scored (recorded predictions), the live metrics feedback measured, the drift
 * reports of its batches — read from the store, nothing computed again. `monitor.gates` are
 * checked (evaluate's gate code) against each model's latest live metrics: a failed one makes
 * the command exit 4, so a scheduled job can page someone.
 */
import { checkGates, type GateResult } from '../metrics/gates.js';
import { SpmError } from '../errors.js';
import { rebuildHint } from '../store/manifest.js';
import { isRecord } from '../util/guards.js';
import type { DriftReport } from '../drift/drift-report.js';
import { resolveScoring } from '../pipeline/resolve.js';
import type { Workspace } from '../pipeline/workspace.js';
import type { ArtifactStore } from '../store/store.js';
import { MONITORING_FILE, MONITORING_STAGE, type MonitoringFile } from './feedback.js';
import { listBatches } from './recorded-batches.js';

export type MonitorEvent =
  | { readonly kind: 'predictions'; readonly at: string; readonly id: string; readonly source: string; readonly rows: number }
  | { readonly kind: 'feedback'; readonly at: string; readonly id: string; readonly rows: number; readonly matched: number; readonly no_outcome: number; readonly metrics: Record<string, unknown> | null }
  | { readonly kind: 'drift'; readonly at: string; readonly id: string; readonly rows: number; readonly drift_share: number; readonly dataset_drift: boolean };

export interface ModelMonitor {
  readonly model: string;
  /** null when only drift reports name the model (no batch or feedback says its task). */
  readonly task: string | null;
  readonly events: readonly MonitorEvent[];
  /** The latest feedback's metrics of this model; null before any. */
  readonly live: { readonly at: string; readonly id: string; readonly metrics: Record<string, unknown> } | null;
  readonly gates: readonly GateResult[];
  readonly passed: boolean;
}

export interface MonitorResult {
  readonly models: readonly ModelMonitor[];
  readonly gates: Readonly<Record<string, string>>;
  readonly passed: boolean;
}

/** Every monitoring version with its time (its manifest's created). */
async function feedbacks(store: ArtifactStore): Promise<{ id: string; at: string; doc: MonitoringFile }[]> {
  const out = [];
  for (const id of await store.listIds(MONITORING_STAGE)) {
    const manifest = await store.readManifest(MONITORING_STAGE, id);
    const doc = await store.readJson(MONITORING_STAGE, id, MONITORING_FILE);
    if (!isRecord(doc) || doc.format !== 'spm.monitoring' || !Array.isArray(doc.models)) throw corrupt(MONITORING_STAGE, id, MONITORING_FILE);
    out.push({ id, at: manifest.created, doc: doc as unknown as MonitoringFile });
  }
  return out;
}

async function driftReports(store: ArtifactStore): Promise<{ id: string; at: string; report: DriftReport }[]> {
  const out = [];
  for (const id of await store.listIds('drift')) {
    const manifest = await store.readManifest('drift', id);
    const report = await store.readJson('drift', id, 'drift.json');
    if (!isRecord(report) || report.format !== 'spm.drift' || !isRecord(report.batch)) throw corrupt('drift', id, 'drift.json');
    out.push({ id, at: manifest.created, report: report as unknown as DriftReport });
  }
  return out;
}

/** A stored document of the wrong shape: its sha256 matched, so it was written so (another spm version) or forged. */
const corrupt = (stage: string, id: string, file: string): SpmError =>
  new SpmError('ARTIFACT_CORRUPT', `${stage}/${id}/${file} is not the document spm writes there`, { hint: rebuildHint(stage) });

export async function runMonitor(ws: Workspace, options: { readonly model?: string } = {}): Promise<MonitorResult> {
  const only = options.model === undefined ? undefined : (await resolveScoring(ws, options.model)).trainId;
  const events = new Map<string, MonitorEvent[]>();
  const tasks = new Map<string, string>();
  const add = (model: string, e: MonitorEvent): void => {
    if (only !== undefined && model !== only) return;
    events.set(model, [...(events.get(model) ?? []), e]);
  };
  for (const b of await listBatches(ws.store)) {
    tasks.set(b.summary.model, b.summary.task);
    add(b.summary.model, { kind: 'predictions', at: b.summary.started, id: b.id, source: b.summary.source, rows: b.summary.rows });
  }
  for (const f of await feedbacks(ws.store)) {
    for (const m of f.doc.models) {
      tasks.set(m.model, m.task);
      add(m.model, { kind: 'feedback', at: f.at, id: f.id, rows: m.predictions, matched: m.matched, no_outcome: m.no_outcome, metrics: m.metrics });
    }
  }
  for (const d of await driftReports(ws.store)) {
    if (d.report.model) add(d.report.model, { kind: 'drift', at: d.at, id: d.id, rows: d.report.batch.rows, drift_share: d.report.drift_share, dataset_drift: d.report.dataset_drift });
  }
  const gates = ws.loaded.params.monitor.gates as Readonly<Record<string, string>>;
  const models = [...events].map(([model, list]): ModelMonitor => {
    const sorted = [...list].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const last = sorted.filter((e) => e.kind === 'feedback' && e.metrics !== null).at(-1) as Extract<MonitorEvent, { kind: 'feedback' }> | undefined;
    const live = last ? { at: last.at, id: last.id, metrics: last.metrics! } : null;
    // A gate on a metric this model's task lacks is skipped (a store may hold a regressor and a classifier).
    const results = live ? checkGates(gates, live.metrics, false, 'monitor.gates') : [];
    return { model, task: tasks.get(model) ?? null, events: sorted, live, gates: results, passed: results.every((g) => g.passed) };
  });
  checkGatesApply(gates, models);
  models.sort((a, b) => ((a.events[0]?.at ?? '') < (b.events[0]?.at ?? '') ? -1 : 1));
  return { models, gates, passed: models.every((m) => m.passed) };
}

/** Gates that no model with live metrics reports are a mistake in the params (e.g. rmse for a classifier): said, not skipped. */
function checkGatesApply(gates: Readonly<Record<string, string>>, models: readonly ModelMonitor[]): void {
  const measured = models.filter((m) => m.live);
  if (measured.length === 0) return;
  for (const metric of Object.keys(gates)) {
    if (measured.some((m) => m.gates.some((g) => g.metric === metric))) continue;
    checkGates({ [metric]: gates[metric]! }, measured[0]!.live!.metrics, true, 'monitor.gates'); // throws PARAMS_INVALID
  }
}
