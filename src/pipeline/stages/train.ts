/**
 * train: k-fold cross-validation (stratified for classification) of every model × grid point
 * on the train split, selection by train.metric, and a refit of the winner on the whole train
 * split. The feature pipeline is the one fitted by transform on the whole train split, so
 * imputation and scaling statistics are shared by the folds (a deliberate simplification: for
 * these statistics the leak is negligible, and it keeps transform a stage of its own).
 */
import { kFold } from '../../data/split.js';
import { applyTransformer } from '../../features/transformer.js';
import { METRICS } from '../../metrics/index.js';
import { resolveMetric, scorer } from '../../metrics/selection.js';
import { expandGrids } from '../../models/grid.js';
import { crossValidateParallel, refitCandidate } from '../../models/parallel-cv.js';
import { chooseThreshold, THRESHOLD_METRICS, type ChosenThreshold, type ThresholdMetric } from '../../metrics/threshold.js';
import { readCvResults, type CvResultsFile } from './cv-results.js';
import { rankResults, type TuneData } from '../../models/tune.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import type { Params } from '../params.js';
import { sliceOf, type StageContext, type StageRunner } from '../stage-runner.js';
import { loadSplit, loadTransformer, targetVector } from './load.js';
import { positiveIndexOf } from '../../data/schema.js';
import { assembleFits, computeFits } from '../../models/cv-fits.js';
import { readFits, removeFits } from './cv-fits-store.js';

/** What train's cross-validation works on, from its slice and upstream versions (shared with train-shard.ts). */
export async function prepareTrain(ctx: Pick<StageContext, 'ws' | 'plan' | 'upstream'>) {
  const slice = sliceOf<{ train: Omit<Params['train'], 'jobs'> }>(ctx as StageContext);
  const { train } = slice;
  const store = ctx.ws.store;
  const [{ schema, table }, transformer] = await Promise.all([loadSplit(store, ctx.upstream.ingest!, 'train'), loadTransformer(store, ctx.upstream.transform!)]);
  const { X } = applyTransformer(transformer, table);
  const y = targetVector(table, schema);
  const nClasses = schema.classes?.length;
  const positiveIndex = positiveIndexOf(schema);
  const metric = resolveMetric(train.metric, schema.task, nClasses);
  const candidates = expandGrids(train.models, { task: schema.task, explicit: slice.explicit?.includes('train.models') === true });
  const folds = kFold(X.rows, {
    folds: train.cv.folds,
    seed: train.cv.seed,
    ...(schema.task === 'classification' ? { strata: Int32Array.from(y), classNames: schema.classes } : {}),
  });
  const data: TuneData = { X, y, task: schema.task, nClasses, classWeight: train.class_weight, seed: train.cv.seed };
  const score = scorer(metric, { positiveIndex, nClasses });
  // Binary tasks keep the out-of-fold probabilities: the decision thresholds are chosen on them.
  const binary = schema.task === 'classification' && nClasses === 2 && positiveIndex !== undefined;
  return { schema, X, y, positiveIndex, metric, candidates, folds, data, score, binary, oofClass: binary ? positiveIndex : undefined };
}

export const trainStage: StageRunner = {
  async run(ctx: StageContext) {
    const store = ctx.ws.store;
    const { schema, X, y, positiveIndex, metric, candidates, folds, data, score, binary, oofClass } = await prepareTrain(ctx);
    const onProgress = (done: number, total: number, c: { model: string }) => ctx.progress({ label: `train: cross-validating ${c.model}`, done, total, unit: 'fits' });
    // Fits computed by `spm train --shard i/n` (train-shard.ts): used, and only the rest computed here.
    const known = await readFits(store.root, ctx.plan.id, candidates, folds.length);
    const results =
      known.size > 0
        ? assembleFits(data, folds, candidates, new Map([...known, ...computeFits(data, folds, candidates, { score, known, onProgress, ...(oofClass === undefined ? {} : { oofClass }) })]), oofClass)
        : await crossValidateParallel(data, folds, candidates, {
            // Not in the slice: the number of threads never changes the result.
            jobs: ctx.ws.loaded.params.train.jobs,
            metric,
            positiveIndex,
            ...(binary ? { oofClass: positiveIndex } : {}),
            score,
            onProgress,
          });
    const direction = METRICS[metric].direction;
    const ranked = rankResults(results, direction);
    const best = ranked[0]!; // expandGrids gives at least one candidate (NO_MODELS otherwise)
    ctx.progress(`train: refitting ${best.model} on ${X.rows} rows`);
    const model = await refitCandidate(data, best, ctx.ws.loaded.params.train.jobs);
    let thresholds: CvResultsFile['thresholds'];
    if (binary && best.oof) {
      const oof = best.oof;
      // binary implies a positive class (prepareTrain).
      thresholds = Object.fromEntries(THRESHOLD_METRICS.map((m) => [m, chooseThreshold(y, oof, positiveIndex!, m)])) as Record<ThresholdMetric, ChosenThreshold>;
    }
    const cvFile: CvResultsFile = {
      format: 'spm.cv_results',
      version: 1,
      task: schema.task,
      metric,
      direction,
      folds: folds.length,
      best: { model: best.model, params: { ...best.params }, cv: { metric, mean: best.cv.mean, std: best.cv.std } },
      candidates: ranked.map((r, i) => ({ rank: i + 1, model: r.model, params: { ...r.params }, cv: r.cv })),
      ...(thresholds ? { thresholds } : {}),
    };
    await ctx.writer.writeJson('model.json', model.toJSON());
    await ctx.writer.writeJson('cv_results.json', cvFile);
    await removeFits(store.root, ctx.plan.id);
    return { model: best.model, metric, cv_mean: best.cv.mean };
  },

  async details(store: ArtifactStore, manifest: Manifest) {
    const cv = await readCvResults(store, manifest.id);
    return {
      task: cv.task,
      best: cv.best,
      candidates: cv.candidates.map((c) => ({ model: c.model, params: c.params, cv: { mean: c.cv.mean, std: c.cv.std } })),
      ...(cv.thresholds ? { thresholds: cv.thresholds } : {}),
    };
  },
};
