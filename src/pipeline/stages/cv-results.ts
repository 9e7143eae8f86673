/**
 * train's cv_results.json: the ranked CV results of every candidate and, for binary tasks, the
 * decision thresholds chosen on cross-validation. Read by train's details, evaluate, predict and drift
 * (kept apart from train.ts so that predict does not load the model zoo).
 */
import type { Schema } from '../../data/schema.js';
import { SpmError } from '../../errors.js';
import type { ChosenThreshold, ThresholdMetric } from '../../metrics/threshold.js';
import type { ArtifactStore } from '../../store/store.js';
import type { SelectionReport } from '../../features/select.js';

export interface CvResultsFile {
  readonly format: 'spm.cv_results';
  readonly version: 1;
  readonly task: string;
  readonly metric: string;
  readonly direction: 'min' | 'max';
  readonly folds: number;
  /** class_weight: set on every candidate when train.class_weight: auto searched both weightings. */
  readonly best: { readonly model: string; readonly params: Record<string, unknown>; readonly class_weight?: 'none' | 'balanced'; readonly cv: { readonly metric: string; readonly mean: number; readonly std: number } };
  readonly candidates: readonly { readonly rank: number; readonly model: string; readonly params: Record<string, unknown>; readonly class_weight?: 'none' | 'balanced'; readonly cv: { readonly mean: number; readonly std: number; readonly folds: readonly number[] } }[];
  /**
   * Binary classification: the decision thresholds that maximise each metric on the best
   * model's out-of-fold probabilities (what evaluate.threshold: f1 | balanced_accuracy uses).
   */
  readonly thresholds?: Readonly<Record<ThresholdMetric, ChosenThreshold>>;
  /** features.select: the features kept in each fold (chosen on its train part) and for the refit. */
  readonly selection?: SelectionReport;
}

/** The decision threshold an evaluate.threshold setting means for a trained model. */
export function decisionThreshold(setting: number | ThresholdMetric, cv: CvResultsFile): number {
  if (typeof setting === 'number') return setting;
  const chosen = cv.thresholds?.[setting];
  if (!chosen) {
    throw new SpmError('PARAMS_INVALID', `evaluate.threshold: ${setting} is chosen on cross-validation, which only a binary classification model records`, {
      hint: 'set evaluate.threshold to a number, or retrain with `spm train --force` if the model is binary',
    });
  }
  return chosen.threshold;
}

export async function readCvResults(store: ArtifactStore, trainId: string): Promise<CvResultsFile> {
  const cv = (await store.readJson('train', trainId, 'cv_results.json')) as CvResultsFile | null;
  if (!cv || cv.format !== 'spm.cv_results' || !Array.isArray(cv.candidates)) {
    throw new SpmError('ARTIFACT_CORRUPT', `train/${trainId}/cv_results.json is not an spm CV results file`, { hint: 'rebuild it with `spm train --force`' });
  }
  return cv;
}

/**
 * The threshold a model decides with: the evaluate.threshold setting resolved for a binary
 * classifier (evaluate, predict and drift decide alike); 0.5 otherwise, where it is unused.
 */
export async function scoringThreshold(store: ArtifactStore, schema: Schema, trainId: string, setting: number | ThresholdMetric): Promise<number> {
  const binary = schema.task === 'classification' && schema.classes?.length === 2;
  return binary ? decisionThreshold(setting, await readCvResults(store, trainId)) : 0.5;
}
