/** Human rendering of stage documents: one line per stage plus the stage's own figures. */
import type { ChalkInstance } from 'chalk';
import { formatDuration, formatNumber, renderTable } from './render.js';
import { renderClasses } from './render-classes.js';
import type { StageDocument } from './stage-document.js';
import { MIN_GROUP, type ColumnFairness } from '../metrics/fairness.js';

interface Candidate {
  model: string;
  params: Record<string, unknown>;
  /** Present when train.class_weight: auto searched unweighted and balanced fits. */
  class_weight?: string;
  cv: { mean: number; std: number };
}

/** A candidate's params column: its hyper-parameters, then its class weights when they were searched. */
const candidateParams = (cand: Candidate): string =>
  [formatModelParams(cand.params), cand.class_weight ? `class_weight=${cand.class_weight}` : ''].filter((s) => s.length > 0).join(' ');

interface Gate {
  metric: string;
  condition: string;
  value: number | null;
  passed: boolean;
}

export function renderStageRuns(docs: readonly StageDocument[], c: ChalkInstance): string {
  const lines: string[] = [];
  lines.push(
    renderTable(
      ['stage', 'version', 'status', 'time'],
      docs.map((d) => [d.stage, d.id, d.cached ? c.dim('cached') : c.green('built'), formatDuration(d.duration_ms)]),
      c,
    ),
  );
  for (const doc of docs) {
    if (doc.stage === 'ingest') lines.push(renderIngest(doc));
    if (doc.stage === 'train') lines.push(renderTrain(doc, c));
    if (doc.stage === 'evaluate') lines.push(renderEvaluate(doc, c));
  }
  return lines.filter((l) => l.length > 0).join('\n');
}

function renderIngest(doc: StageDocument): string {
  const d = doc as StageDocument & { rows?: number; train_rows?: number; test_rows?: number; task?: string; target?: string; read_as?: string };
  if (d.rows === undefined) return '';
  const read = d.read_as === undefined ? '' : `\nread as: ${d.read_as}`;
  return `ingest: ${d.rows} rows → train ${d.train_rows}, test ${d.test_rows}; target ${d.target} (${d.task})${read}`;
}

export const formatModelParams = (params: Record<string, unknown>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

function renderTrain(doc: StageDocument, c: ChalkInstance): string {
  const d = doc as StageDocument & {
    best?: Candidate & { cv: { metric: string } };
    candidates?: Candidate[];
    thresholds?: Record<string, { threshold: number; value: number }>;
    selection?: { method: string; top_k: number; folds: string[][]; refit: string[] };
  };
  if (!d.best || !d.candidates) return '';
  const s = d.selection;
  const selected = s
    ? `
features kept (features.select: ${s.method}, top ${s.top_k}, chosen on each fold's train part):
${s.folds.map((f, i) => `  fold ${i + 1}: ${f.join(', ')}`).join('\n')}
  refit: ${s.refit.join(', ')}`
    : '';
  const rows = d.candidates.slice(0, 10).map((cand, i) => {
    const isBest = cand.model === d.best!.model && candidateParams(cand) === candidateParams(d.best!);
    const mark = isBest ? c.green('★') : String(i + 1);
    return [mark, cand.model, candidateParams(cand) || '—', formatNumber(cand.cv.mean), formatNumber(cand.cv.std)];
  });
  const more = d.candidates.length > 10 ? `\n(${d.candidates.length - 10} more candidates: spm train --json)` : '';
  const thresholds = Object.entries(d.thresholds ?? {}).map(([m, t]) => `${m} ${formatNumber(t.threshold)} (${m} ${formatNumber(t.value)})`);
  const chosen = thresholds.length ? `\ndecision thresholds chosen on cross-validation (evaluate.threshold: f1 | balanced_accuracy): ${thresholds.join('; ')}` : '';
  return `\ncross-validation (${d.best.cv.metric}, ranked):\n${renderTable(['#', 'model', 'params', 'mean', 'std'], rows, c)}${more}${chosen}${selected}`;
}

function renderEvaluate(doc: StageDocument, c: ChalkInstance): string {
  const d = doc as StageDocument & {
    model?: string;
    metrics?: Record<string, unknown>;
    baseline?: Record<string, unknown>;
    gates?: Gate[];
    passed?: boolean;
    threshold?: number | null;
    threshold_rule?: string | null;
    fairness?: ColumnFairness[];
  };
  if (!d.metrics) return '';
  const names = Object.keys(d.metrics).filter((k) => typeof d.metrics![k] === 'number' || d.metrics![k] === null);
  const rows = names.map((k) => [k, formatNumber(d.metrics![k]), formatNumber(d.baseline?.[k])]);
  const out = [`\ntest metrics (${d.model}):`, renderTable(['metric', 'model', 'baseline'], rows, c)];
  if (typeof d.threshold === 'number') out.push(`decision threshold: ${formatNumber(d.threshold)}${d.threshold_rule && d.threshold_rule !== 'fixed' ? ` (${d.threshold_rule})` : ''}`);
  const classes = renderClasses(d.metrics, c);
  if (classes) out.push(classes);
  for (const g of d.gates ?? []) {
    const mark = g.passed ? c.green('pass') : c.red('FAIL');
    out.push(`gate ${g.metric} ${g.condition}: ${formatNumber(g.value)} ${mark}`);
  }
  if (d.passed === false) out.push(c.red('quality gate failed (exit 4)'));
  if (d.fairness?.length) out.push(renderFairness(d.fairness, c));
  return out.join('\n');
}

/** Each sensitive column's largest gap per measure (the per-group figures are in metrics.json and the report). */
export function renderFairness(fairness: readonly ColumnFairness[], c: ChalkInstance): string {
  const gaps = fairness.map((f) => {
    const parts = f.gaps.filter((g) => g.gap !== null).map((g) => `${g.metric} ${formatNumber(g.gap)} (${g.highest} vs ${g.lowest})`);
    return `  ${f.column}: ${parts.length ? parts.join('; ') : `fewer than two groups of ${MIN_GROUP} rows`}`;
  });
  return [`\nfairness on the test split, largest gap between groups (per group: spm evaluate --json, spm report):`, ...gaps].join('\n');
}
