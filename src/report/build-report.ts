/**
 * The report's content (pure): from the artifacts of one evaluated version (schema, profile, CV
 * results, metrics, segments, a drift report) and the analysis of the ingested data, the
 * sections of the report, each with its text, tables and Vega-Lite chart specs. html.ts lays
 * them out; `spm report --vega` writes the same specs as files.
 */
import type { AnalyzeResult } from '../analysis/analyze.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { ColumnFairness } from '../metrics/fairness.js';
import { classTables } from './class-tables.js';
import type { CvResultsFile } from '../pipeline/stages/cv-results.js';
import type { MetricsFile } from '../metrics/evaluate-model.js';
import type { SegmentsFile } from '../scoring/segments.js';
import type { DriftReport } from '../drift/drift-report.js';
import { barChartSpec, boxPlotSpec, confusionMatrixSpec, fairnessSpec, precisionRecallSpec, predictedVsActualSpec, reliabilitySpec, rocCurveSpec, segmentProfileSpec, timeSeriesSpec, type VegaLiteSpec } from './charts/index.js';

export interface ReportChart {
  /** File-name-safe id, e.g. factor-lunch (the --vega file name). */
  readonly id: string;
  readonly spec: VegaLiteSpec;
}

export interface ReportTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
}

export interface ReportInput {
  readonly title: string;
  readonly versions: { readonly ingest: string; readonly train: string; readonly evaluate: string };
  readonly created: string;
  readonly sources: readonly string[];
  readonly schema: Schema;
  readonly profile: { readonly rows: number; readonly used_rows: number; readonly rejected: number };
  /** The ingested rows (both splits), for the box plots. */
  readonly data: Table;
  readonly analysis: AnalyzeResult;
  readonly cv: CvResultsFile;
  readonly metrics: MetricsFile;
  /** Test split: actual and predicted values (regression). */
  readonly test?: { readonly actual: Float64Array; readonly predicted: Float64Array };
  readonly segments: SegmentsFile | null;
  readonly drift: DriftReport | null;
  /** After deployment (`spm monitor`): per model version, its live metrics and drift over time; absent or empty: no section. */
  readonly monitor?: readonly MonitoredModel[];
}

/** One model version's measurements after deployment, as `spm monitor` reads them from the store. */
export interface MonitoredModel {
  readonly model: string;
  readonly task: string | null;
  /** Feedback: the live metrics at that time. */
  readonly live: readonly { readonly at: string; readonly matched: number; readonly metrics: Record<string, unknown> }[];
  /** Drift reports of its batches. */
  readonly drift: readonly { readonly at: string; readonly drift_share: number; readonly dataset_drift: boolean }[];
}

const fmt = (x: unknown, digits = 3): string => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(digits)) : x === null || x === undefined ? '—' : String(x));
const safeId = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const formatParams = (p: Record<string, unknown>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ') || 'defaults';
/** A candidate's hyper-parameters, then its class weights when train.class_weight: auto searched both (as the CLI's table). */
const candidateParams = (c: { readonly params: Record<string, unknown>; readonly class_weight?: string }): string =>
  formatParams(c.class_weight ? { ...c.params, class_weight: c.class_weight } : c.params);

export function buildReport(input: ReportInput): ReportSection[] {
  return [profileSection(input), factorsSection(input), modelsSection(input), performanceSection(input), fairnessSection(input.metrics.fairness ?? []), segmentsSection(input.segments), driftSection(input.drift), monitoringSection(input.monitor ?? []), modelCard(input)].filter(
    (s): s is ReportSection => s !== null,
  );
}

function profileSection({ schema, profile }: ReportInput): ReportSection {
  const rows = schema.columns.map((c) => [
    c.name,
    c.role,
    c.type,
    `${(100 * c.nullRate).toFixed(1)}%`,
    c.type === 'numeric' ? `${fmt(c.min, 2)} – ${fmt(c.max, 2)}` : c.categories ? `${c.categories.length} categories` : '—',
  ]);
  return {
    id: 'data',
    title: 'Data',
    paragraphs: [`${profile.rows} rows read, ${profile.used_rows} used, ${profile.rejected} rejected (see the ingest version's rejects.csv). Target: ${schema.target} (${schema.task}).`],
    tables: [{ head: ['column', 'role', 'type', 'missing', 'values'], rows }],
    charts: [],
  };
}

function factorsSection({ analysis, data, schema }: ReportInput): ReportSection {
  const target = data.columns.find((c) => c.name === schema.target)!;
  const charts: ReportChart[] = [];
  for (const f of analysis.factors) {
    const factor = data.columns.find((c) => c.name === f.name);
    if (!factor) continue;
    if (target.kind === 'numeric' && factor.kind === 'categorical') {
      const groups = factor.dictionary.map((value, code) => ({ value, values: target.values.filter((_, r) => factor.codes[r] === code && !Number.isNaN(target.values[r]!)) }));
      charts.push({ id: `factor-${safeId(f.name)}`, spec: boxPlotSpec({ title: `${schema.target} by ${f.name}`, factor: f.name, target: schema.target, groups }) });
    } else if (target.kind === 'categorical' && factor.kind === 'numeric') {
      const groups = target.dictionary.map((value, code) => ({ value, values: factor.values.filter((v, r) => target.codes[r] === code && !Number.isNaN(v)) }));
      charts.push({ id: `factor-${safeId(f.name)}`, spec: boxPlotSpec({ title: `${f.name} by ${schema.target}`, factor: schema.target, target: f.name, groups }) });
    } else {
      const bars = f.groups.map((g) => ({ label: g.value, value: g.mean ?? 0 }));
      charts.push({ id: `factor-${safeId(f.name)}`, spec: barChartSpec({ title: `${schema.positiveClass ?? 'share'} by ${f.name}`, xTitle: f.name, yTitle: `share ${schema.positiveClass ?? ''}`.trim(), bars }) });
    }
  }
  const table = (list: AnalyzeResult['factors']): ReportTable => ({
    head: ['factor', 'test', 'statistic', 'p-value', 'effect', 'variance explained'],
    rows: list.map((f) => [f.name, f.test, fmt(f.statistic), f.p_value < 0.001 ? '< 0.001' : fmt(f.p_value), `${f.effect_measure} ${fmt(f.effect_size)}`, `${(100 * f.strength).toFixed(1)}%`]),
  });
  return {
    id: 'factors',
    title: `What goes with ${schema.target}`,
    paragraphs: [...analysis.factors, ...analysis.correlations].map((f) => f.finding),
    tables: [table(analysis.factors), ...(analysis.correlations.length ? [table(analysis.correlations)] : [])],
    charts,
  };
}

function modelsSection({ cv }: ReportInput): ReportSection {
  const top = cv.candidates.slice(0, 12);
  const bars = top.map((c) => ({ label: `${c.model} ${candidateParams(c)}`, value: c.cv.mean, error: c.cv.std }));
  return {
    id: 'models',
    title: 'Model comparison (cross-validation)',
    paragraphs: [`${cv.candidates.length} candidates, ${cv.folds}-fold cross-validation on the train split, ranked by ${cv.metric} (${cv.direction === 'min' ? 'lower' : 'higher'} is better). Selected: ${cv.best.model} (${candidateParams(cv.best)}), ${cv.metric} ${fmt(cv.best.cv.mean)} ± ${fmt(cv.best.cv.std)}.`],
    tables: [{ head: ['rank', 'model', 'params', `${cv.metric} mean`, 'std'], rows: top.map((c) => [String(c.rank), c.model, candidateParams(c), fmt(c.cv.mean, 4), fmt(c.cv.std, 4)]) }, ...selectionTables(cv)],
    charts: [{ id: 'cv-models', spec: barChartSpec({ title: `Cross-validated ${cv.metric}`, xTitle: cv.metric, yTitle: 'candidate', bars, horizontal: true }) }],
  };
}

/** features.select: which features each fold (chosen on its train part) and the refit kept. */
function selectionTables({ selection }: CvResultsFile): ReportTable[] {
  if (!selection) return [];
  const kept = [...selection.folds, selection.refit];
  const names = [...new Set(kept.flat())];
  return [{
    head: [`feature kept (${selection.method}, top ${selection.top_k})`, ...selection.folds.map((_, i) => `fold ${i + 1}`), 'refit'],
    rows: names.map((name) => [name, ...kept.map((k) => (k.includes(name) ? '✓' : ''))]),
  }];
}

function performanceSection({ metrics, schema, test }: ReportInput): ReportSection {
  const charts: ReportChart[] = [];
  const numbers = Object.entries(metrics.metrics).filter(([, v]) => typeof v === 'number');
  if (test) charts.push({ id: 'predicted-vs-actual', spec: predictedVsActualSpec({ actual: test.actual, predicted: test.predicted, target: schema.target, title: 'Predicted vs actual (test split)' }) });
  const curves = metrics.curves as
    | { roc?: { fpr: number[]; tpr: number[] }; pr?: { precision: number[]; recall: number[] }; reliability?: { of: 'positive' | 'top'; bins: { predicted: number; observed: number; count: number }[] } }
    | undefined;
  if (curves?.roc) charts.push({ id: 'roc', spec: rocCurveSpec({ points: curves.roc.fpr.map((fpr, i) => ({ fpr, tpr: curves.roc!.tpr[i]! })), auc: typeof metrics.metrics.roc_auc === 'number' ? metrics.metrics.roc_auc : null }) });
  if (curves?.pr) charts.push({ id: 'precision-recall', spec: precisionRecallSpec({ points: curves.pr.recall.map((recall, i) => ({ recall, precision: curves.pr!.precision[i]! })) }) });
  if (curves?.reliability?.bins.length) {
    const of = curves.reliability.of === 'positive' ? (schema.positiveClass ?? 'the positive class') : "each student's predicted class (right or not)";
    charts.push({ id: 'reliability', spec: reliabilitySpec({ bins: curves.reliability.bins, of }) });
  }
  const cm = metrics.metrics.confusion_matrix;
  if (Array.isArray(cm) && schema.classes) charts.push({ id: 'confusion-matrix', spec: confusionMatrixSpec({ labels: [...schema.classes], matrix: cm as number[][] }) });
  const importance = metrics.importance.filter((i) => Number.isFinite(i.mean));
  if (importance.length) {
    charts.push({ id: 'importance', spec: barChartSpec({ title: 'Permutation importance (test split)', xTitle: 'loss of score when the column is shuffled', yTitle: 'column', bars: importance.map((i) => ({ label: i.feature, value: i.mean, error: i.std })), horizontal: true }) });
  }
  const shap = metrics.shap?.importance.filter((i) => Number.isFinite(i.mean_abs_shap)) ?? [];
  if (shap.length) {
    const scale = SHAP_SCALE[metrics.shap!.scale as keyof typeof SHAP_SCALE] ?? metrics.shap!.scale;
    charts.push({ id: 'shap-importance', spec: barChartSpec({ title: `Mean |SHAP value| per column (${metrics.shap!.rows} test rows)`, xTitle: `mean |SHAP value| (${scale})`, yTitle: 'column', bars: shap.map((i) => ({ label: i.feature, value: i.mean_abs_shap })), horizontal: true }) });
  }
  return {
    id: 'performance',
    title: `Test performance (${metrics.model})`,
    paragraphs: [
      `${metrics.rows} test rows, never seen in training or model selection.${metrics.threshold !== null ? ` Decision threshold ${fmt(metrics.threshold)} (${metrics.threshold_rule ?? 'fixed'}).` : ''}`,
      metrics.gates.length ? `Quality gates: ${metrics.gates.map((g) => `${g.metric} ${g.condition}: ${fmt(g.value)} ${g.passed ? 'passed' : 'FAILED'}`).join('; ')}.` : 'No quality gates.',
      ...(typeof metrics.metrics.brier === 'number'
        ? [`Brier score ${fmt(metrics.metrics.brier, 4)} and log loss ${fmt(metrics.metrics.log_loss, 4)} (lower is better) measure the probabilities themselves; the reliability diagram shows whether a predicted 70% comes true about 70% of the time.`]
        : []),
      ...(shap.length ? [`Mean |SHAP value| is how far, on average, a column moves a prediction away from the average prediction (exact Shapley values; the one-hot columns of a category are summed back to it).`] : []),
    ],
    tables: [{ head: ['metric', 'model', 'baseline'], rows: numbers.map(([k, v]) => [k, fmt(v, 4), fmt(metrics.baseline[k], 4)]) }, ...classTables(metrics.metrics)],
    charts,
  };
}

/** What a SHAP value is measured in, by Explanation.scale. */
const SHAP_SCALE = { prediction: 'units of the prediction', probability: 'probability', log_odds: 'log-odds' } as const;

function fairnessSection(fairness: readonly ColumnFairness[]): ReportSection | null {
  if (!fairness.length) return null;
  const measure = Object.keys(fairness[0]!.groups[0]?.metrics ?? {})[0] ?? 'mae';
  const rows = fairness.flatMap((f) => f.groups.map((g) => [f.column, g.value + (g.small ? ' (small)' : ''), String(g.n), ...Object.values(g.metrics).map((v) => fmt(v))]));
  const measures = Object.keys(fairness[0]!.groups[0]?.metrics ?? {});
  const gaps = fairness.map((f) => `${f.column}: ${f.gaps.filter((g) => g.gap !== null).map((g) => `${g.metric} gap ${fmt(g.gap)} (${g.highest} vs ${g.lowest})`).join('; ') || 'no two groups of 30 test rows'}`);
  return {
    id: 'fairness',
    title: 'Fairness across groups',
    paragraphs: ['The model\'s error (or recall, false-positive and selection rates) per group of each sensitive column, on the test split. Groups under 30 rows are listed but do not decide the largest gap.', ...gaps],
    tables: [{ head: ['column', 'group', 'n', ...measures], rows }],
    charts: [{ id: 'fairness', spec: fairnessSpec({ metric: measure, groups: fairness.flatMap((f) => f.groups.filter((g) => g.metrics[measure] !== null).map((g) => ({ column: f.column, value: g.value, score: g.metrics[measure]! }))) }) }],
  };
}

function segmentsSection(s: SegmentsFile | null): ReportSection | null {
  if (!s) return null;
  return {
    id: 'segments',
    title: 'Segments and recommendations',
    paragraphs: [`${s.k} segments from k-means on ${s.features.join(', ')} (${s.k_rule === 'silhouette' ? 'k chosen by silhouette score' : 'k fixed'}), named from their centroids and ordered by their students' outcome.`],
    tables: [
      { head: ['segment', 'train rows', 'outcome', ...s.features], rows: s.segments.map((g) => [g.name, String(g.size), fmt(g.outcome), ...s.features.map((f) => fmt(g.centroid[f], 1))]) },
      { head: ['segment', 'prediction', 'test rows', 'recommendation'], rows: s.table.map((r) => [r.segment, r.prediction, String(r.rows), r.action]) },
    ],
    charts: [{ id: 'segments', spec: segmentProfileSpec({ segments: s.segments.map((g) => ({ name: g.name, size: g.size, centroid: g.z })) }) }],
  };
}

/** The metric a live chart follows: the task's default selection metric's family (rmse; roc_auc, else accuracy). */
const LIVE_METRICS = { regression: ['rmse', 'r2'], classification: ['roc_auc', 'accuracy'] } as const;

function monitoringSection(models: readonly MonitoredModel[]): ReportSection | null {
  // Only with live metrics: drift alone has its own section (the latest report).
  if (models.every((m) => m.live.length === 0)) return null;
  const series = (m: MonitoredModel): string => `train/${m.model.slice(0, 12)}`;
  const charts: ReportChart[] = [];
  const tasks = [...new Set(models.map((m) => m.task).filter((t): t is 'regression' | 'classification' => t === 'regression' || t === 'classification'))];
  for (const task of tasks) {
    for (const metric of LIVE_METRICS[task]) {
      const points = models
        .filter((m) => m.task === task)
        .flatMap((m) => m.live.flatMap((l) => (typeof l.metrics[metric] === 'number' ? [{ at: l.at, series: series(m), value: l.metrics[metric] as number }] : [])));
      if (points.length) charts.push({ id: `live-${metric}`, spec: timeSeriesSpec({ title: `Live ${metric} after deployment`, subtitle: 'from spm feedback: recorded predictions against the outcomes that came later', yTitle: metric, points }) });
    }
  }
  const drift = models.flatMap((m) => m.drift.map((d) => ({ at: d.at, series: series(m), value: d.drift_share })));
  if (drift.length) charts.push({ id: 'live-drift', spec: timeSeriesSpec({ title: 'Share of drifted features per batch', subtitle: 'from spm drift: each batch against the model\'s training data', yTitle: 'drift share', points: drift }) });
  const rows = models.map((m) => {
    const last = m.live.at(-1);
    const lastDrift = m.drift.at(-1);
    const shown = m.task === 'classification' ? LIVE_METRICS.classification : LIVE_METRICS.regression;
    return [series(m), m.task ?? '—', String(m.live.length), last ? `${last.at.slice(0, 16).replace('T', ' ')}: ${shown.map((k) => `${k} ${fmt(last.metrics[k])}`).join(', ')} (${last.matched} matched)` : '—', lastDrift ? `${fmt(lastDrift.drift_share, 2)}${lastDrift.dataset_drift ? ' (dataset drift)' : ''}` : '—'];
  });
  return {
    id: 'monitoring',
    title: 'After deployment',
    paragraphs: ['Live quality of each model version that scored recorded batches (spm feedback joins the outcomes that arrived later by id), and the drift of the batches it scored (spm drift). `spm monitor` prints the same figures; monitor.gates fail it with exit 4.'],
    tables: [{ head: ['model version', 'task', 'feedback', 'latest live metrics', 'latest drift share'], rows }],
    charts,
  };
}

function driftSection(d: DriftReport | null): ReportSection | null {
  if (!d) return null;
  const rows = d.features.map((f) => [f.name, f.type, f.test, fmt(f.statistic), f.p_value === null ? '—' : fmt(f.p_value), fmt(f.psi), f.drifted ? 'drifted' : '']);
  return {
    id: 'drift',
    title: 'Drift of the latest batch',
    paragraphs: [
      `Batch ${d.batch.name} (${d.batch.rows} rows) against ${d.reference.name} (${d.reference.rows} rows): ${(100 * d.drift_share).toFixed(0)}% of features drifted; dataset drift ${d.dataset_drift ? 'detected' : 'not detected'} (threshold ${(100 * d.share_threshold).toFixed(0)}%).`,
      d.prediction ? `Prediction drift (${d.prediction.test}): ${d.prediction.drifted ? 'drifted' : 'no drift'}.` : `Prediction drift: skipped — ${d.prediction_skipped ?? 'no model'}.`,
    ],
    tables: [{ head: ['feature', 'type', 'test', 'statistic', 'p-value', 'PSI', ''], rows }],
    charts: [{ id: 'drift-psi', spec: barChartSpec({ title: 'Population stability index per feature', xTitle: 'PSI (> 0.2: a large shift)', yTitle: 'feature', bars: d.features.map((f) => ({ label: f.name, value: f.psi ?? 0 })), horizontal: true }) }],
  };
}

function modelCard({ schema, metrics, cv, sources, profile, versions, analysis }: ReportInput): ReportSection {
  const main = Object.entries(metrics.metrics).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${fmt(v, 3)}`).join(', ');
  const limitations = [
    'Correlational: the factors above go with the outcome in this data; they are not shown to cause it.',
    `Trained on ${profile.used_rows} rows from ${sources.join(', ')}; a cohort unlike them (check with spm drift) may be scored less well.`,
    ...(metrics.fairness ?? []).flatMap((f) => f.groups.filter((g) => g.small).map((g) => `Few test rows for ${f.column} = ${g.value} (${g.n}): its figures are uncertain.`)).slice(0, 5),
  ];
  return {
    id: 'model-card',
    title: 'Model card',
    paragraphs: [
      `Model: ${metrics.model} (${formatParams(metrics.model_params)}), selected by ${cv.metric} from ${cv.candidates.length} candidates. Versions: ingest ${versions.ingest}, train ${versions.train}, evaluate ${versions.evaluate}.`,
      `Intended use: to flag students who may need support with ${schema.target}, as one input to a teacher's judgement — not to decide on a student alone, and not for grading.`,
      `Data: ${schema.columns.filter((c) => c.role === 'feature').length} features; ${schema.columns.filter((c) => c.role === 'id').map((c) => c.name).join(', ') || 'no'} id columns, never used as features.`,
      `Test metrics: ${main}.`,
      `Strongest factor: ${analysis.factors[0]?.finding ?? '—'}`,
    ],
    tables: [{ head: ['limitation'], rows: limitations.map((l) => [l]) }],
    charts: [],
  };
}
