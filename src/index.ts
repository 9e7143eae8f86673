/**
 * The library API of the `spm-ml` package (`import { loadModel } from 'spm-ml'`): the few
 * things a Node program needs from spm, with the command line's behaviour and messages.
 * Semver from 0.2.0: anything exported here changes incompatibly only in a major version (a
 * minor one before 1.0); an addition (runPipelines, after 0.2.0) comes in a minor one;
 * everything else in dist/ is internal. Every failure a caller can fix is an SpmError whose
 * `code` is in ERROR_CODES (the README's "Error codes" table).
 */
export { loadModel, type Model, type Row, type RowTable, type Prediction, type Factor, type ScoreResult } from './api/model.js';
export { runPipeline, runStage, type RunPipelineOptions, type PipelineResult, type StageDocument, type StageName } from './api/run.js';
export {
  runPipelines,
  type RunPipelinesOptions,
  type PipelinesResult,
  type PipelineOutcome,
  type PipelineStatus,
  type PipelineSummary,
  type PipelineError,
} from './api/run-many.js';
export { readData, type DataTable } from './api/read-data.js';
export { exportModel, type ExportModelOptions, type ExportSummary } from './api/export.js';
export type { ProjectOptions } from './api/project.js';
export { SpmError, isSpmError, ERROR_CODES, type ErrorCode } from './errors.js';
export { SPM_VERSION } from './version.js';
