/** The report's tables for a classification: the confusion matrix and the scores of each class, by class name. */
import type { NamedClassScores } from '../metrics/index.js';
import type { ReportTable } from './build-report.js';

const fixed = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3));

/** Tables from a metrics object with `confusion_matrix`, `labels` and `per_class`; none when it lacks them (regression, or metrics stored before labels). */
export function classTables(metrics: Readonly<Record<string, unknown>>): ReportTable[] {
  const cm = metrics.confusion_matrix as number[][] | undefined;
  const labels = metrics.labels as string[] | undefined;
  const perClass = metrics.per_class as NamedClassScores[] | undefined;
  if (!Array.isArray(cm) || !Array.isArray(labels) || labels.length !== cm.length) return [];
  const tables: ReportTable[] = [{ head: ['true \\ predicted', ...labels], rows: cm.map((row, i) => [labels[i]!, ...row.map(fixed)]) }];
  if (Array.isArray(perClass)) {
    tables.push({ head: ['class', 'precision', 'recall', 'f1', 'support'], rows: perClass.map((r) => [r.label, fixed(r.precision), fixed(r.recall), fixed(r.f1), fixed(r.support)]) });
  }
  return tables;
}
