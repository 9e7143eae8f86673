/**
 * train: k-fold cross-validation (stratified for classification) of every model × grid point
 * on the train split, selection by train.metric, and a refit of the winner on the whole train
 * split. The feature pipeline is the one fitted by transform on the whole train split, so
 * imputation and scaling statistics are shared by the folds (a deliberate simplification: for
 * these statistics the leak is negligible, and it keeps transform a stage of its own).
 * Feature selection (features.select) is another matter: it looks at the target, so each fold
 * selects on its own train part and the refit on the whole train split (features/select.ts).
 * With train.calibration, the refit is wrapped with calibrators fitted on the winner's
 * out-of-fold probabilities (models/calibration.ts).
 */
import { kFold } from '../../data/split.js';
import { applyTransformer } from '../../features/transformer.js';
import { METRICS } from '../../metrics/index.js';
import { resolveMetric, rewardsMinorityClasses, scorer } from '../../metrics/selection.js';
import { withBothClassWeights, type ClassWeightMode } from '../../models/class-weight.js';
import { expandGrids, type Candidate } from '../../models/grid.js';
import { crossValidateParallel, refitCandidate } from '../../models/parallel-cv.js';
import { chooseThreshold, THRESHOLD_METRICS, type ChosenThreshold, type ThresholdMetric } from '../../metrics/threshold.js';
import { readCvResults, type CvResultsFile } from './cv-results.js';
import { rankResults, type CvResult, type Fold, type TuneData } from '../../models/tune.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import type { Params } from '../params.js';
import { sliceOf, type StageContext, type StageRunner } from '../stage-runner.js';
import { loadSplit, loadTransformer, targetVector } from './load.js';
import { positiveIndexOf } from '../../data/schema.js';
import { assembleFits, computeFits } from '../../models/cv-fits.js';
import { readFits, removeFits } from './cv-fits-store.js';
import { selectFeatures, selectPerFold, type SelectSettings } from '../../features/select.js';
import { selectedModel, takeColumns } from '../../models/selected-model.js';
import { SpmError } from '../../errors.js';
import { CalibratedModel } from '../../models/calibrated-model.js';
import { calibrateProba, fitCalibrators, type CalibrationMethod } from '../../models/calibration.js';
import { matrixColumn } from '../../models/decision.js';
import type { Model } from '../../models/model.js';

/** A searched candidate's class weights, as cv_results.json records them (absent when not searched). */
const classWeightOf = (r: CvResult): { class_weight?: ClassWeightMode } => (r.classWeight ? { class_weight: r.classWeight } : {});

/** What train's cross-validation works on, from its slice and upstream versions (shared with train-shard.ts). */
export async function prepareTrain(ctx: Pick<StageContext, 'ws' | 'plan' | 'upstream'> & { readonly progress?: StageContext['progress'] }) {
  // features.select and train.calibration are in the slice only when set (stages.ts STAGE_PARAMS_WHEN_SET): absent = none
  const slice = sliceOf<{ train: Omit<Params['train'], 'jobs' | 'calibration'> & { calibration?: CalibrationMethod }; features?: { select?: Params['features']['select'] } }>(ctx as StageContext);
  const { train } = slice;
  const calibration = train.calibration ?? 'none';
  const store = ctx.ws.store;
  const [{ schema, table }, transformer] = await Promise.all([loadSplit(store, ctx.upstream.ingest!, 'train'), loadTransformer(store, ctx.upstream.transform!)]);
  const { X } = applyTransformer(transformer, table);
  const y = targetVector(table, schema);
  const nClasses = schema.classes?.length;
  const positiveIndex = positiveIndexOf(schema);
  const metric = resolveMetric(train.metric, schema.task, nClasses);
  // Left unset, the slice holds the old default 'none' (STAGE_LEGACY_DEFAULTS): the setting is auto.
  const classWeight = slice.explicit?.includes('train.class_weight') ? train.class_weight : 'auto';
  const searchWeights = classWeight === 'auto' && schema.task === 'classification' && rewardsMinorityClasses(metric, nClasses);
  const grid = expandGrids(train.models, { task: schema.task, explicit: slice.explicit?.includes('train.models') === true });
  const candidates = searchWeights ? withBothClassWeights(grid) : grid;
  const folds = kFold(X.rows, {
    folds: train.cv.folds,
    seed: train.cv.seed,
    ...(schema.task === 'classification' ? { strata: Int32Array.from(y), classNames: schema.classes } : {}),
  });
  const data: TuneData = { X, y, task: schema.task, nClasses, classWeight: classWeight === 'balanced' ? 'balanced' : 'none', seed: train.cv.seed };
  if (calibration !== 'none' && schema.task !== 'classification') {
    throw new SpmError('PARAMS_INVALID', `train.calibration: ${calibration} calibrates class probabilities, but '${schema.target}' is a regression target`, {
      hint: 'remove train.calibration (or set it to none) for a regression task',
    });
  }
  const score = scorer(metric, { positiveIndex, nClasses });
  // Binary tasks keep the out-of-fold probabilities: the decision thresholds are chosen on them;
  // so does calibration, whose calibrators are fitted on them.
  const binary = schema.task === 'classification' && nClasses === 2 && positiveIndex !== undefined;
  const asked = slice.features?.select;
  const select: SelectSettings | undefined = asked && asked.method !== 'none' ? { method: asked.method, top_k: asked.top_k } : undefined;
  const cvFolds: readonly Fold[] = select
    ? selectPerFold(X, y, folds, schema.task, nClasses, select, train.cv.seed, (f) => ctx.progress?.({ label: `train: selecting features (${select.method})`, done: f, total: folds.length, unit: 'folds' }))
    : folds;
  // The refit selects on the whole train split (known before CV: it does not depend on it).
  const refitKept = select ? selectFeatures(X, y, schema.task, nClasses, select, train.cv.seed).kept : undefined;
  const oofProba = binary || calibration !== 'none';
  return { schema, transformer, X, y, nClasses, positiveIndex, metric, candidates, folds, cvFolds, data, score, binary, calibration, select, refitKept, oofProba };
}

export const trainStage: StageRunner = {
  async run(ctx: StageContext) {
    const store = ctx.ws.store;
    const { schema, transformer, X, y, positiveIndex, metric, candidates, folds, cvFolds, data, score, binary, calibration, select, refitKept, oofProba: keepOof } = await prepareTrain(ctx);
    const jobs = ctx.ws.loaded.params.train.jobs;
    const refitOf = async (c: Candidate): Promise<Model> =>
      refitKept ? selectedModel(await refitCandidate({ ...data, X: takeColumns(X, refitKept) }, c, jobs), refitKept, X.cols) : refitCandidate(data, c, jobs);
    const onProgress = (done: number, total: number, c: { model: string }) => ctx.progress({ label: `train: cross-validating ${c.model}`, done, total, unit: 'fits' });
    // Fits computed by `spm train --shard i/n` (train-shard.ts): used, and only the rest computed here.
    const known = await readFits(store.root, ctx.plan.id, candidates, cvFolds.length);
    const searching: Promise<CvResult[]> =
      known.size > 0
        ? Promise.resolve().then(() => assembleFits(data, cvFolds, candidates, new Map([...known, ...computeFits(data, cvFolds, candidates, { score, known, onProgress, oofProba: keepOof })]), keepOof))
        : crossValidateParallel(data, cvFolds, candidates, {
            // Not in the slice: the number of threads never changes the result.
            jobs: ctx.ws.loaded.params.train.jobs,
            metric,
            positiveIndex,
            ...(keepOof ? { oofProba: true } : {}),
            // a lone candidate is refitted on this thread meanwhile (below)
            ...(candidates.length === 1 ? { besideRefit: true } : {}),
            score,
            onProgress,
          });
    // One candidate is the selected one whatever CV says: its refit runs here while the worker
    // threads (already given their folds) cross-validate it, instead of after them. Same model.
    const only = candidates.length === 1 ? candidates[0]! : undefined;
    let early: Promise<Model> | undefined;
    if (only) {
      searching.catch(() => {}); // awaited below; a refit error must not leave it unhandled
      ctx.progress(`train: refitting ${only.model} on ${X.rows} rows`);
      early = refitOf(only);
      early.catch(() => {}); // awaited below, after the search
    }
    const results = await searching;
    const direction = METRICS[metric].direction;
    const ranked = rankResults(results, direction);
    const best = ranked[0]!; // expandGrids gives at least one candidate (NO_MODELS otherwise)
    if (!early) ctx.progress(`train: refitting ${best.model} on ${X.rows} rows`);
    const refit = await (early ?? refitOf(best));
    const namesOf = (kept: Uint32Array): string[] => Array.from(kept, (j) => transformer.featureNames[j]!);
    const selection = select && refitKept
      ? { method: select.method, top_k: select.top_k, folds: cvFolds.map((f) => namesOf(f.features!)), refit: namesOf(refitKept) }
      : undefined;
    let model: Model = refit;
    let oofProba = best.oof;
    if (calibration !== 'none' && best.oof) {
      const calibrators = fitCalibrators(calibration, best.oof, y);
      model = new CalibratedModel(refit, calibration, calibrators);
      // the thresholds are chosen on the probabilities the model will give: calibrated ones
      oofProba = calibrateProba(calibrators, best.oof);
    }
    let thresholds: CvResultsFile['thresholds'];
    if (binary && oofProba && positiveIndex !== undefined) {
      const oof = matrixColumn(oofProba, positiveIndex);
      thresholds = Object.fromEntries(THRESHOLD_METRICS.map((m) => [m, chooseThreshold(y, oof, positiveIndex, m)])) as Record<ThresholdMetric, ChosenThreshold>;
    }
    const cvFile: CvResultsFile = {
      format: 'spm.cv_results',
      version: 1,
      task: schema.task,
      metric,
      direction,
      folds: folds.length,
      best: { model: best.model, params: { ...best.params }, ...classWeightOf(best), cv: { metric, mean: best.cv.mean, std: best.cv.std } },
      candidates: ranked.map((r, i) => ({ rank: i + 1, model: r.model, params: { ...r.params }, ...classWeightOf(r), cv: r.cv })),
      ...(thresholds ? { thresholds } : {}),
      ...(selection ? { selection } : {}),
    };
    await ctx.writer.writeJson('model.json', model.toJSON());
    await ctx.writer.writeJson('cv_results.json', cvFile);
    await removeFits(store.root, ctx.plan.id);
    return { model: best.model, metric, cv_mean: best.cv.mean, ...(selection ? { features_kept: selection.refit.length } : {}) };
  },

  async details(store: ArtifactStore, manifest: Manifest) {
    const cv = await readCvResults(store, manifest.id);
    return {
      task: cv.task,
      best: cv.best,
      candidates: cv.candidates.map((c) => ({ model: c.model, params: c.params, ...(c.class_weight ? { class_weight: c.class_weight } : {}), cv: { mean: c.cv.mean, std: c.cv.std } })),
      ...(cv.thresholds ? { thresholds: cv.thresholds } : {}),
      ...(cv.selection ? { selection: cv.selection } : {}),
    };
  },
};
