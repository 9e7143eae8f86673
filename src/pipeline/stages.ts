/**
 * The stage graph (DVC's dvc.yaml, fixed): which params each stage depends on and which
 * upstream versions it reads. A stage's version id is derived from exactly these.
 */
export const STAGES = ['ingest', 'transform', 'train', 'evaluate'] as const;
export type StageName = (typeof STAGES)[number];

/** Params keys (dotted) each stage reads. `data.source` is absent: its content is hashed instead. */
export const STAGE_PARAMS: Readonly<Record<StageName, readonly string[]>> = {
  ingest: ['data.target', 'data.task', 'data.positive_class', 'data.id_columns', 'data.drop', 'data.bounds', 'split'],
  transform: ['transform'],
  // train.jobs is left out: how many threads search the grid never changes the result.
  train: ['train.metric', 'train.cv', 'train.class_weight', 'train.models'],
  // segments: fitted and stored with the evaluation, so changing them never retrains a model.
  evaluate: ['evaluate', 'segments'],
};

/**
 * Params a stage reads that are in its slice only when the params file (or -S) sets one of their
 * keys: added after version ids existed, so the ids of params that leave them alone stay the same.
 */
export const STAGE_PARAMS_WHEN_SET: Readonly<Partial<Record<StageName, readonly string[]>>> = {
  ingest: ['data.types', 'data.sheet', 'data.csv'],
  transform: ['features.derive'],
  train: ['features.select', 'train.calibration'],
};

/**
 * Keys whose default changed after version ids existed: left unset, the slice holds the old
 * default, so the ids of params that leave them alone stay the same; the stage reads the new
 * default from the key's absence in `explicit` (the key is in STAGE_EXPLICIT too).
 * train.class_weight: auto (searching balanced weights too) became the default where 'none' was;
 * for metrics that do not reward minority classes auto fits as none did.
 */
export const STAGE_LEGACY_DEFAULTS: Readonly<Record<string, unknown>> = {
  'train.class_weight': 'none',
};

/** Keys whose user-set value a stage treats differently from the default (see stageSlices). */
export const STAGE_EXPLICIT: Readonly<Partial<Record<StageName, readonly string[]>>> = {
  train: ['train.models', 'train.class_weight'],
  evaluate: ['evaluate.gates'],
};

/** Upstream versions each stage reads (all of them, so readers need not walk the chain). */
export const STAGE_UPSTREAM: Readonly<Record<StageName, readonly StageName[]>> = {
  ingest: [],
  transform: ['ingest'],
  train: ['ingest', 'transform'],
  evaluate: ['ingest', 'transform', 'train'],
};

export const STAGE_DOES: Readonly<Record<StageName, string>> = {
  ingest: 'read data.source, validate, infer and freeze the schema, profile, split train/test',
  transform: 'fit the feature pipeline on the train split',
  train: 'cross-validate every model × grid point, select by train.metric, refit the winner',
  evaluate: 'score the test split: metrics, baseline, importance, fairness, gates; fit the segments',
};

export const isStageName = (s: string): s is StageName => (STAGES as readonly string[]).includes(s);

/** Stages from the first up to and including `until`. */
export function stagesUntil(until: StageName | undefined): StageName[] {
  return until ? STAGES.slice(0, STAGES.indexOf(until) + 1) : [...STAGES];
}
