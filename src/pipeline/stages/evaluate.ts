/**
 * evaluate: score the held-out test split with the trained model: metrics (SPEC §4), a
 * baseline (mean / majority class of train), the confusion matrix and ROC/PR points for
 * classification, permutation importance per input column, and the quality gates.
 */
import { applyTransformer } from '../../features/transformer.js';
import { precisionRecallCurve, rocCurve } from '../../metrics/classification.js';
import { checkGates, type GateResult } from '../../metrics/gates.js';
import { classBreakdown, computeClassificationMetrics, computeRegressionMetrics, METRICS } from '../../metrics/index.js';
import { resolveMetric, scorer } from '../../metrics/selection.js';
import { decideClasses, matrixColumn } from '../../models/decision.js';
import { permutationImportance, type Importance } from '../../models/importance.js';
import { createMatrix } from '../../models/matrix.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import { SpmError } from '../../errors.js';
import type { Params } from '../params.js';
import { sliceOf, type StageContext, type StageRunner } from '../stage-runner.js';
import { scoringThreshold } from './cv-results.js';
import { loadModel, loadSchema, loadSplit, loadTransformer, positiveIndexOf, targetVector } from './load.js';
import { nonFeatureSpecs } from './param-columns.js';
import { sensitiveColumns } from './sensitive.js';
import { buildSegments, segmentFeatures } from './segments.js';
import { columnFairness, type ColumnFairness } from '../../metrics/fairness.js';
import type { CategoricalColumn } from '../../data/table.js';

/** Seed of the permutation-importance shuffles (fixed: evaluate's outputs are reproducible). */
const IMPORTANCE_SEED = 20240101;

export interface MetricsFile {
  readonly format: 'spm.metrics';
  readonly version: 1;
  readonly task: string;
  readonly model: string;
  readonly model_params: Record<string, unknown>;
  readonly rows: number;
  readonly threshold: number | null;
  /** How the threshold was set: 'fixed', or 'maximises f1 on cross-validation'. */
  readonly threshold_rule?: string | null;
  readonly metrics: Record<string, unknown>;
  readonly baseline: Record<string, unknown>;
  readonly gates: readonly GateResult[];
  readonly passed: boolean;
  readonly importance: readonly Importance[];
  /** Per sensitive column (evaluate.sensitive): the model's measures per group and the largest gaps. */
  readonly fairness?: readonly ColumnFairness[];
  readonly curves?: { readonly roc: unknown; readonly pr: unknown };
}

export const evaluateStage: StageRunner = {
  async run(ctx: StageContext) {
    const slice = sliceOf<{ evaluate: Params['evaluate']; segments: Params['segments'] }>(ctx);
    const { evaluate, segments: segmentParams } = slice;
    const store = ctx.ws.store;
    const ingested = await loadSchema(store, ctx.upstream.ingest!);
    const sensitive = sensitiveColumns(ingested, evaluate.sensitive);
    const segmentColumns = segmentFeatures(ingested, segmentParams.features);
    const [test, train, transformer, model] = await Promise.all([
      loadSplit(store, ctx.upstream.ingest!, 'test', nonFeatureSpecs(ingested, [...sensitive, ...segmentColumns])),
      loadSplit(store, ctx.upstream.ingest!, 'train', nonFeatureSpecs(ingested, segmentColumns)),
      loadTransformer(store, ctx.upstream.transform!),
      loadModel(store, ctx.upstream.train!),
    ]);
    const { schema } = test;
    const { X } = applyTransformer(transformer, test.table);
    const y = targetVector(test.table, schema);
    const yTrain = targetVector(train.table, schema);
    const n = X.rows;
    const nClasses = schema.classes?.length;
    const positiveIndex = positiveIndexOf(schema);
    const threshold = await scoringThreshold(store, schema, ctx.upstream.train!, evaluate.threshold);
    let metrics: Record<string, unknown>;
    let baseline: Record<string, unknown>;
    let curves: MetricsFile['curves'];
    let yPred: Float64Array;
    if (schema.task === 'regression') {
      yPred = model.predict(X);
      metrics = { ...computeRegressionMetrics(y, yPred) };
      const mean = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
      baseline = { ...computeRegressionMetrics(y, new Float64Array(n).fill(mean)) };
    } else {
      const k = nClasses!;
      const proba = model.predictProba!(X);
      yPred = decideClasses(proba, positiveIndex, threshold);
      // labels right after confusion_matrix: the class names of its rows and columns.
      metrics = { ...computeClassificationMetrics({ yTrue: y, yPred, proba, positiveIndex, nClasses: k }), ...classBreakdown({ yTrue: y, yPred, nClasses: k }, schema.classes!) };
      // Majority-class baseline; its probabilities are the train class shares.
      const shares = new Float64Array(k);
      for (const c of yTrain) shares[c]! += 1 / yTrain.length;
      let majority = 0;
      for (let j = 1; j < k; j++) if (shares[j]! > shares[majority]!) majority = j;
      const priors = createMatrix(n, k);
      for (let i = 0; i < n; i++) priors.data.set(shares, i * k);
      baseline = { ...computeClassificationMetrics({ yTrue: y, yPred: new Float64Array(n).fill(majority), proba: priors, positiveIndex, nClasses: k }) };
      delete baseline.confusion_matrix;
      if (k === 2 && positiveIndex !== undefined) {
        const score = matrixColumn(proba, positiveIndex);
        curves = { roc: rocCurve(y, score, positiveIndex), pr: precisionRecallCurve(y, score, positiveIndex) };
      }
    }
    ctx.progress('evaluate: permutation importance…');
    const importanceMetric = resolveMetric('auto', schema.task, nClasses);
    const importance = permutationImportance({
      model,
      X,
      y,
      featureSources: transformer.featureSources,
      score: scorer(importanceMetric, { positiveIndex, nClasses }),
      direction: METRICS[importanceMetric].direction,
      repeats: evaluate.permutation_repeats,
      seed: IMPORTANCE_SEED,
    });
    const fairness = sensitive.map((name) => {
      const column = test.table.columns.find((c) => c.name === name) as CategoricalColumn;
      return columnFairness({ task: schema.task, yTrue: y, yPred, positiveIndex, nClasses }, name, column.codes, column.dictionary);
    });
    const gates = checkGates(evaluate.gates, metrics, slice.explicit?.includes('evaluate.gates') === true);
    const passed = gates.every((g) => g.passed);
    const file: MetricsFile = {
      format: 'spm.metrics',
      version: 1,
      task: schema.task,
      model: model.name,
      model_params: { ...model.params },
      rows: n,
      threshold: schema.task === 'classification' && nClasses === 2 ? threshold : null,
      threshold_rule: schema.task === 'classification' && nClasses === 2 ? (typeof evaluate.threshold === 'number' ? 'fixed' : `maximises ${evaluate.threshold} on cross-validation`) : null,
      metrics,
      baseline,
      gates,
      passed,
      importance,
      fairness,
      ...(curves ? { curves } : {}),
    };
    await ctx.writer.writeJson('metrics.json', file);
    const classes = schema.classes;
    const segments = buildSegments(segmentParams, schema, { table: train.table, y: yTrain }, {
      table: test.table,
      prediction: (i) => (classes ? classes[yPred[i]!]! : yPred[i]!),
    });
    if (segments) await ctx.writer.writeJson('segments.json', segments);
    const headline = Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === 'number'));
    return { model: model.name, ...headline, ...(segments ? { segments: segments.k } : {}), passed };
  },

  async details(store: ArtifactStore, manifest: Manifest) {
    const m = await readMetricsFile(store, manifest.id);
    return { task: m.task, model: m.model, threshold: m.threshold, threshold_rule: m.threshold_rule ?? null, metrics: m.metrics, baseline: m.baseline, gates: m.gates, passed: m.passed, importance: m.importance, fairness: m.fairness ?? [] };
  },
};

export async function readMetricsFile(store: ArtifactStore, id: string): Promise<MetricsFile> {
  const value = (await store.readJson('evaluate', id, 'metrics.json')) as Partial<MetricsFile> | null;
  if (!value || value.format !== 'spm.metrics' || typeof value.metrics !== 'object' || !Array.isArray(value.gates)) {
    throw new SpmError('ARTIFACT_CORRUPT', `evaluate/${id}/metrics.json is not an spm metrics file`, { hint: 'rebuild it with `spm evaluate --force`' });
  }
  return value as MetricsFile;
}
