/** Everything needed to score rows with a trained version: what predict, serve and drift score with. */
import type { Schema } from '../data/schema.js';
import type { FittedTransformer } from '../features/transformer.js';
import type { Model } from '../models/model.js';
import type { SegmentsFile } from './segments.js';

export interface ScoringPipeline {
  readonly ids: { readonly ingest: string; readonly transform: string; readonly train: string };
  readonly schema: Schema;
  readonly transformer: FittedTransformer;
  readonly model: Model;
  /** The segments of the evaluation that goes with the model, when it has them: predict adds segment and recommendation. */
  readonly segments?: SegmentsFile;
}
