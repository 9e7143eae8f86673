/**
 * evaluate: reads the test and train splits, the transformer and the model, scores the model on
 * the test split (evaluateModel, pure), fits the segments (buildSegments, pure) and writes
 * metrics.json and segments.json.
 */
import { applyTransformer } from '../../features/transformer.js';
import { evaluateModel, type MetricsFile } from '../../metrics/evaluate-model.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import { SpmError } from '../../errors.js';
import type { Params } from '../params.js';
import { sliceOf, type StageContext, type StageRunner } from '../stage-runner.js';
import { scoringThreshold } from './cv-results.js';
import { loadModel, loadSchema, loadSplit, loadTransformer, targetVector } from './load.js';
import { sensitiveColumns } from './sensitive.js';
import { buildSegments, segmentFeatures } from './segments.js';
import { nonFeatureSpecs, positiveIndexOf } from '../../data/schema.js';
import { getColumn, type CategoricalColumn } from '../../data/table.js';

export const evaluateStage: StageRunner = {
  async run(ctx: StageContext) {
    const slice = sliceOf<{ evaluate: Params['evaluate']; segments: Params['segments'] }>(ctx);
    const { evaluate, segments: segmentParams } = slice;
    const store = ctx.ws.store;
    // read
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
    const threshold = await scoringThreshold(store, schema, ctx.upstream.train!, evaluate.threshold);
    // compute
    const yTrain = targetVector(train.table, schema);
    const { file, yPred } = evaluateModel(
      model,
      {
        task: schema.task,
        nClasses: schema.classes?.length,
        classes: schema.classes,
        positiveIndex: positiveIndexOf(schema),
        X: applyTransformer(transformer, test.table).X,
        y: targetVector(test.table, schema),
        yTrain,
        featureSources: transformer.featureSources,
        sensitive: sensitive.map((name) => getColumn(test.table, name) as CategoricalColumn),
      },
      {
        threshold,
        thresholdSetting: evaluate.threshold,
        gates: evaluate.gates,
        explicitGates: slice.explicit?.includes('evaluate.gates') === true,
        permutationRepeats: evaluate.permutation_repeats,
      },
      ctx.progress,
    );
    const classes = schema.classes;
    const segments = buildSegments(segmentParams, schema, { table: train.table, y: yTrain }, {
      table: test.table,
      prediction: (i) => (classes ? classes[yPred[i]!]! : yPred[i]!),
    });
    // write
    await ctx.writer.writeJson('metrics.json', file);
    if (segments) await ctx.writer.writeJson('segments.json', segments);
    const headline = Object.fromEntries(Object.entries(file.metrics).filter(([, v]) => typeof v === 'number'));
    return { model: model.name, ...headline, ...(segments ? { segments: segments.k } : {}), passed: file.passed };
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
