/** The confusion matrix and per-class scores of a classification, with the class names. */
import type { NamedClassScores } from '../metrics/index.js';
import type { ChalkInstance } from 'chalk';
import { formatNumber, renderTable } from './render.js';

const isMatrix = (v: unknown): v is number[][] => Array.isArray(v) && v.every((row) => Array.isArray(row));
const isLabels = (v: unknown, n: number): v is string[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'string');

/**
 * The metrics' confusion matrix as a table whose rows (true class) and columns (predicted) carry
 * the class names, then precision, recall, f1 and support per class; '' for regression. Metrics
 * stored before labels existed show the bare matrix, as they did.
 */
export function renderClasses(metrics: Readonly<Record<string, unknown>>, c: ChalkInstance): string {
  const cm = metrics.confusion_matrix;
  if (!isMatrix(cm)) return '';
  const labels = metrics.labels;
  if (!isLabels(labels, cm.length)) return `confusion matrix (rows = true, columns = predicted): ${JSON.stringify(cm)}`;
  const out = [
    'confusion matrix (rows = true class, columns = predicted):',
    renderTable(['true \\ predicted', ...labels], cm.map((row, i) => [labels[i]!, ...row.map(formatNumber)]), c),
  ];
  const perClass = metrics.per_class as readonly NamedClassScores[] | undefined;
  if (Array.isArray(perClass) && perClass.length) {
    out.push('per class:', renderTable(['class', 'precision', 'recall', 'f1', 'support'], perClass.map((r) => [r.label, formatNumber(r.precision), formatNumber(r.recall), formatNumber(r.f1), formatNumber(r.support)]), c));
  }
  return out.join('\n');
}
