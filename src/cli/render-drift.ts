/** The human rendering of a drift report: one ranked table, then the model's outputs and the verdict. */
import type { ChalkInstance } from 'chalk';
import type { DriftReport, FeatureDriftRow } from '../drift/drift-report.js';
import { formatNumber, renderTable } from './render.js';
import { SAMPLE_REJECTS } from '../scoring/format.js';

const TEST_NAMES: Readonly<Record<string, string>> = { ks: 'K-S p-value', chi2: 'chi² p-value', wasserstein: 'Wasserstein/std', jensenshannon: 'Jensen-Shannon' };

function row(f: FeatureDriftRow, c: ChalkInstance): string[] {
  const value = f.p_value ?? f.statistic;
  const notes = [
    ...(f.new_categories?.length ? [`new: ${f.new_categories.map((n) => `${n.value} (${n.count})`).join(', ')}`] : []),
    ...(f.out_of_range ? [`${f.out_of_range} outside the reference range`] : []),
  ];
  return [f.name, TEST_NAMES[f.test] ?? f.test, formatNumber(value), `${f.p_value !== null ? '<' : '≥'} ${formatNumber(f.threshold)}`, formatNumber(f.psi), f.drifted ? c.red('drift') : c.green('ok'), notes.join('; ')];
}

export function renderDrift(report: DriftReport, c: ChalkInstance): string {
  const head = ['column', 'test', 'value', 'drifts if', 'PSI', '', 'notes'];
  const outputs = [...(report.prediction ? [report.prediction] : []), ...(report.target ? [report.target] : [])];
  const out = [
    `drift of ${report.batch.name} (${report.batch.rows} rows${report.batch.rejected ? `, ${report.batch.rejected} rejected` : ''}) against ${report.reference.name} (${report.reference.rows} rows), ${report.model ? `model train/${report.model}` : 'no model'}:`,
    renderTable(head, report.features.map((f) => row(f, c)), c),
    ...(outputs.length ? [renderTable(head, outputs.map((f) => row(f, c)), c)] : []),
  ];
  if (report.prediction_skipped) out.push(`prediction drift: skipped — ${report.prediction_skipped}`);
  if (report.skipped_columns?.length) out.push(`not compared: ${report.skipped_columns.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
  for (const r of report.sample_rejects) out.push(`rejected: line ${r.line}: ${r.reason}`);
  if (report.batch.rejected > report.sample_rejects.length) out.push(`… and ${report.batch.rejected - report.sample_rejects.length} more rejected rows (spm drift --json lists the first ${SAMPLE_REJECTS})`);
  const drifted = report.features.filter((f) => f.drifted).length;
  const verdict = `${drifted} of ${report.features.length} features drifted (share ${formatNumber(report.drift_share)}; dataset drift at ≥ ${formatNumber(report.share_threshold)})`;
  out.push(report.dataset_drift ? c.red(`${verdict}: dataset drift (exit 3) — retrain on the new data: append it to data.source and \`spm run\``) : c.green(`${verdict}: no dataset drift`));
  out.push(`stored as drift/${report.id}`);
  return out.join('\n');
}
