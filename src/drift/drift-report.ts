/** The drift report `spm drift` stores as drift.json (SPEC §6), and what the report and serve read back. */
import type { ColumnDrift } from './feature-drift.js';
import type { CategoryCount } from './samples.js';

export interface FeatureDriftRow extends ColumnDrift {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  readonly reference_missing: number;
  readonly batch_missing: number;
  /** Categorical: values the schema never had, with counts. */
  readonly new_categories?: readonly CategoryCount[];
  /** Numeric: batch values outside the reference's [min, max]. */
  readonly out_of_range?: number;
}

export interface DriftReport {
  readonly format: 'spm.drift';
  readonly version: 1;
  readonly id: string;
  /** The model's train version; null when two files were compared with no model. */
  readonly model: string | null;
  readonly reference: { readonly kind: 'train_split' | 'file'; readonly name: string; readonly rows: number };
  readonly batch: { readonly name: string; readonly rows: number; readonly rejected: number };
  readonly dataset_drift: boolean;
  readonly drift_share: number;
  readonly share_threshold: number;
  readonly correction: string;
  /** Most drifted first. */
  readonly features: readonly FeatureDriftRow[];
  /** Drift of the model's outputs; null when there is no model (see prediction_skipped). */
  readonly prediction: FeatureDriftRow | null;
  /** Why prediction drift was skipped (two files, no model); absent when it was measured. */
  readonly prediction_skipped?: string;
  /** No model: the reference's columns left out (ids, dropped), with why. */
  readonly skipped_columns?: readonly { readonly name: string; readonly reason: string }[];
  readonly target: FeatureDriftRow | null;
  /** The first rejected rows of the batch (line and reason); all are counted in batch.rejected. */
  readonly sample_rejects: readonly { readonly line: number; readonly reason: string }[];
}
