/**
 * `spm report` (the I/O edge): finds the evaluated version (latest: the pipeline is brought up
 * to date first, as `spm run` would), reads its artifacts and the latest drift report of its
 * model, analyses the ingested data, and hands everything to the pure report builder.
 */
import type { ProgressStep } from '../util/progress.js';
import { analyzeIngested, readIngested } from './analyze.js';
import { applyTransformer } from '../features/transformer.js';
import type { MonitoredModel, ReportInput } from '../report/build-report.js';
import { runMonitor, type MonitorResult } from './monitor.js';
import { findRef } from '../store/refs.js';
import type { DriftReport } from '../drift/drift-report.js';
import { runStages } from '../pipeline/run.js';
import { readCvResults } from '../pipeline/stages/cv-results.js';
import { readMetricsFile } from '../pipeline/stages/evaluate.js';
import { loadModel, loadTransformer, targetVector } from '../pipeline/stages/load.js';
import { readSegments } from '../pipeline/stages/segments.js';
import { SpmError } from '../errors.js';
import type { Workspace } from '../pipeline/workspace.js';

export async function gatherReport(ws: Workspace, ref: string | undefined, hooks: { progress?: (t: string | ProgressStep) => void; warn?: (t: string) => void }): Promise<ReportInput> {
  let evaluateId: string;
  if (ref === undefined || ref === 'latest') {
    const runs = await runStages(ws, { stages: ['ingest', 'transform', 'train', 'evaluate'], progress: hooks.progress, warn: hooks.warn, onStageStart: (s) => hooks.progress?.(`${s}…`) });
    evaluateId = runs.find((r) => r.stage === 'evaluate')!.id;
  } else {
    const found = await findRef(ws.store, ref, ['evaluate']);
    if (found.stage !== 'evaluate') throw new SpmError('BAD_REF', `${ref} is a ${found.stage} version; the report needs an evaluation`, { hint: 'name an evaluate version or alias (spm versions evaluate)' });
    evaluateId = found.id;
  }
  const store = ws.store;
  const manifest = await store.readManifest('evaluate', evaluateId);
  const link = (stage: string): string => manifest.inputs.artifacts.find((a) => a.stage === stage)!.id;
  const versions = { ingest: link('ingest'), train: link('train'), evaluate: evaluateId };
  const ingestManifest = await store.readManifest('ingest', versions.ingest);
  hooks.progress?.('report: reading artifacts…');
  const [ingested, cv, metrics, segments, profile, transformer, model, drift] = await Promise.all([
    readIngested(store, versions.ingest),
    readCvResults(store, versions.train),
    readMetricsFile(store, evaluateId),
    readSegments(store, evaluateId),
    store.readJson('ingest', versions.ingest, 'profile.json') as Promise<ReportInput['profile']>,
    loadTransformer(store, link('transform')),
    loadModel(store, versions.train),
    latestDrift(ws, versions.train),
  ]);
  const { schema, test } = ingested;
  hooks.progress?.('report: analysing factors…');
  const analysis = analyzeIngested(ingested);
  const predicted = schema.task === 'regression' ? model.predict(applyTransformer(transformer, test).X) : null;
  return {
    title: `${schema.target}: data, model and fairness report`,
    versions,
    created: manifest.created,
    sources: ingestManifest.inputs.data.map((d) => d.path),
    schema,
    profile,
    data: ingested.table,
    analysis,
    cv,
    metrics,
    ...(predicted ? { test: { actual: targetVector(test, schema), predicted } } : {}),
    segments,
    drift,
    monitor: monitored(await runMonitor(ws)),
  };
}

/** monitor's timeline as the report's section reads it: the feedback and drift points of each model. */
function monitored(result: MonitorResult): MonitoredModel[] {
  return result.models.map((m) => ({
    model: m.model,
    task: m.task,
    live: m.events.flatMap((e) => (e.kind === 'feedback' && e.metrics ? [{ at: e.at, matched: e.matched, metrics: e.metrics }] : [])),
    drift: m.events.flatMap((e) => (e.kind === 'drift' ? [{ at: e.at, drift_share: e.drift_share, dataset_drift: e.dataset_drift }] : [])),
  }));
}

/** The most recent drift report of this model, else the most recent of two files with no model (its section says prediction drift was skipped); null if none. */
async function latestDrift(ws: Workspace, trainId: string): Promise<DriftReport | null> {
  let best: { created: string; id: string } | null = null;
  let noModel: { created: string; id: string } | null = null;
  for (const id of await ws.store.listIds('drift')) {
    const m = await ws.store.readManifest('drift', id);
    const model = m.inputs.artifacts.find((a) => a.stage === 'train')?.id;
    if (model === trainId && (best === null || m.created > best.created)) best = { created: m.created, id };
    if (model === undefined && (noModel === null || m.created > noModel.created)) noModel = { created: m.created, id };
  }
  best ??= noModel;
  if (!best) return null;
  const report = (await ws.store.readJson('drift', best.id, 'drift.json')) as Partial<DriftReport> | null;
  return report && report.format === 'spm.drift' && Array.isArray(report.features) ? (report as DriftReport) : null;
}
