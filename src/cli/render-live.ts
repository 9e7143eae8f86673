/** `spm feedback`'s and `spm monitor`'s tables: live metrics per model version and batch. */
import type { ChalkInstance } from 'chalk';
import type { FeedbackResult } from '../actions/feedback.js';
import type { MonitorResult } from '../actions/monitor.js';
import { formatNumber, renderTable } from './render.js';

/** The metrics a live table shows for a task (the full set is in --json). */
export const LIVE_COLUMNS = { regression: ['rmse', 'mae', 'r2'], classification: ['accuracy', 'f1', 'roc_auc'] } as const;

export const liveValues = (task: string, metrics: Record<string, unknown> | null): string[] =>
  (task === 'classification' ? LIVE_COLUMNS.classification : LIVE_COLUMNS.regression).map((m) => (metrics ? formatNumber(metrics[m]) : '—'));

const PROBLEMS = {
  missing_id: 'no id',
  duplicated: 'the same id on several rows (none of them used)',
  no_outcome: 'no outcome value yet',
  unknown: 'an id no recorded prediction has',
  invalid: 'not a value of the target (not a number, or not a class of the model)',
} as const;

export function renderFeedback(r: FeedbackResult, c: ChalkInstance): string {
  const lines = [`${r.cached ? 'already stored' : 'stored'} monitoring/${r.id}: ${r.outcomes.rows} outcome row(s) of ${r.outcomes.name}, ${r.outcomes.matched} matched by id, ${r.outcomes.unmatched} matched no prediction`];
  for (const m of r.models) {
    const head = ['model / batch', 'source', 'predictions', 'matched', 'no outcome', 'dup. ids', ...(m.task === 'classification' ? LIVE_COLUMNS.classification : LIVE_COLUMNS.regression)];
    const rows = [
      [c.bold(`train/${m.model}`), '', m.predictions, m.matched, m.no_outcome, '', ...liveValues(m.task, m.metrics)],
      ...m.batches.map((b) => [`  ${b.batch.slice(0, 12)} ${b.started.slice(0, 16).replace('T', ' ')}`, b.source, b.predictions, b.matched, b.no_outcome, b.duplicated_ids, ...liveValues(m.task, b.metrics)]),
    ];
    lines.push(renderTable(head, rows, c));
  }
  for (const [key, what] of Object.entries(PROBLEMS) as [keyof typeof PROBLEMS, string][]) {
    const p = r.problems[key];
    if (p.count) lines.push(c.yellow(`${p.count} outcome row(s) left out: ${what} (line${p.lines.length > 1 ? 's' : ''} ${p.lines.join(', ')}${p.count > p.lines.length ? ', …' : ''})`));
  }
  return lines.join('\n');
}

export function renderMonitor(r: MonitorResult, c: ChalkInstance): string {
  if (r.models.length === 0) return 'nothing to monitor yet: no recorded predictions, feedback or drift reports in the store (spm predict records; spm feedback -i OUTCOMES measures)';
  const lines: string[] = [];
  for (const m of r.models) {
    const metrics = m.task === 'classification' ? LIVE_COLUMNS.classification : LIVE_COLUMNS.regression;
    const rows = m.events.map((e) => {
      const when = e.at.slice(0, 19).replace('T', ' ');
      const id = e.id.slice(0, 12);
      if (e.kind === 'predictions') return [when, `predictions (${e.source})`, id, e.rows, '', ...metrics.map(() => ''), ''];
      if (e.kind === 'feedback') return [when, 'feedback', id, e.rows, `${e.matched} (${e.no_outcome} waiting)`, ...liveValues(m.task ?? 'regression', e.metrics), ''];
      return [when, 'drift', id, e.rows, '', ...metrics.map(() => ''), `${formatNumber(e.drift_share)}${e.dataset_drift ? c.red(' drift') : ''}`];
    });
    lines.push(c.bold(`train/${m.model}${m.task ? ` (${m.task})` : ''}`));
    lines.push(renderTable(['time (UTC)', 'event', 'version', 'rows', 'matched', ...metrics, 'drift share'], rows, c));
    for (const g of m.gates) lines.push(`  gate ${g.metric} ${g.condition}: ${formatNumber(g.value)} ${g.passed ? c.green('passed') : c.red('FAILED')}`);
  }
  if (Object.keys(r.gates).length && !r.passed) lines.push(c.red('a live quality gate failed (monitor.gates): exit 4'));
  return lines.join('\n');
}
