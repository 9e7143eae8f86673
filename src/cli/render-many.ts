/** Human rendering of `spm run -p PATTERN`: one log line per pipeline (stderr), then the table (stdout). */
import type { ChalkInstance } from 'chalk';
import type { PipelineOutcome, PipelineStatus, RunManyResult } from '../pipeline/run-many.js';
import type { ProgressStep } from '../util/progress.js';
import { formatDuration, formatNumber, renderTable } from './render.js';

const STATUS_TEXT = {
  passed: 'passed',
  failed: 'FAILED (gate)',
  error: 'ERROR',
  skipped: 'skipped',
} as const satisfies Record<PipelineStatus, string>;

const paint = (status: PipelineStatus, c: ChalkInstance): string =>
  ({ passed: c.green, failed: c.red, error: c.red, skipped: c.dim })[status](STATUS_TEXT[status]);

/** `[2/40] districts/b/params.yaml: ` — where a line of one pipeline comes from. */
export const pipelinePrefix = (params: string, index: number, total: number): string => `[${index + 1}/${total}] ${params}: `;

/** A pipeline's progress, prefixed with its place and params file (a counted step keeps its count). */
export function prefixProgress(prefix: string, text: string | ProgressStep): string | ProgressStep {
  return typeof text === 'string' ? `${prefix}${text}` : { ...text, label: `${prefix}${text.label}` };
}

/** The log line of a finished pipeline: status, model, main metric, gates, what each stage did. */
export function renderPipelineLine(o: PipelineOutcome, index: number, total: number, c: ChalkInstance): string {
  const head = `${pipelinePrefix(o.params, index, total)}${paint(o.status, c)}`;
  if (o.error) return `${head} ${o.error.code}: ${o.error.message}${o.error.hint ? `\n  hint: ${o.error.hint}` : ''}`;
  if (o.status === 'skipped') return `${head} (--fail-fast: an earlier pipeline errored)`;
  const stages = o.stages.map((s) => `${s.stage} ${s.cached ? 'cached' : 'rebuilt'}`).join(', ');
  const figures = [o.model, metricText(o), gatesText(o) && `gates ${gatesText(o)}`].filter(Boolean).join(', ');
  return `${head}${figures ? ` — ${figures}` : ''} (${stages}; ${formatDuration(o.duration_ms)})`;
}

const metricText = (o: PipelineOutcome): string => (o.metric ? `${o.metric.name} ${formatNumber(o.metric.value)}` : '');
const gatesText = (o: PipelineOutcome): string => (o.gates.length ? `${o.gates.filter((g) => g.passed).length}/${o.gates.length}` : '');

/** The table of every pipeline in order, the count per status and the exit code, then each error in full. */
export function renderManyRuns(result: RunManyResult, c: ChalkInstance): string {
  const rows = result.pipelines.map((o) => [
    o.params,
    paint(o.status, c),
    o.model ?? '—',
    metricText(o) || '—',
    gatesText(o) || '—',
    o.status === 'skipped' ? '—' : formatDuration(o.duration_ms),
  ]);
  const table = renderTable(['pipeline', 'status', 'model', 'metric (test)', 'gates passed', 'time'], rows, c);
  const counts = [`${result.passed} passed`, `${result.failed} failed a gate`, `${result.errored} errored`, ...(result.skipped ? [`${result.skipped} skipped`] : [])];
  const summary = `${result.pipelines.length} pipelines: ${counts.join(', ')} (exit ${result.exit_code})`;
  const errors = result.pipelines.flatMap((o) => (o.error ? [`${c.red('error')} ${o.params}: ${o.error.code}: ${o.error.message}${o.error.hint ? `\n  hint: ${o.error.hint}` : ''}`] : []));
  return [table, summary, ...errors].join('\n');
}
