/** `runPipelines`: `spm run -p PATTERN` from code — many pipelines, each in the folder of its params file. */
import { resolve } from 'node:path';
import { SpmError } from '../errors.js';
import { expandParamsPatterns } from '../pipeline/params-pattern.js';
import { localRunner } from '../pipeline/run-local.js';
import { runMany, type PipelineOutcome, type PipelineStatus, type PipelineSummary, type PipelineError, type RunManyResult } from '../pipeline/run-many.js';
import { stagesUntil } from '../pipeline/stages.js';
import { assertStage, progressLine, type RunPipelineOptions } from './run.js';

export type { PipelineOutcome, PipelineStatus, PipelineSummary, PipelineError };

/** What `spm run -p PATTERN --json` prints: each pipeline in path order, the counts, the exit code the command ends with. */
export type PipelinesResult = RunManyResult;

export interface RunPipelinesOptions extends Omit<RunPipelineOptions, 'params' | 'onProgress'> {
  /** Pipelines run at once (default 1), like `--jobs`. */
  readonly jobs?: number;
  /** After the first error, start no other pipeline (the rest are `skipped`), like `--fail-fast`. */
  readonly failFast?: boolean;
  /** The folder relative patterns and paths start from (default: the current folder). */
  readonly cwd?: string;
  /** Progress lines of each pipeline, as `spm run` prints them on stderr. */
  readonly onProgress?: (params: string, text: string) => void;
}

/**
 * Runs every pipeline that `patterns` name (params files, or patterns such as
 * `districts/*\/params.yaml`: * ? [..] within a folder name, ** any depth), each once, in path
 * order; one pipeline's error is reported in its outcome and does not stop the others. Throws
 * an SpmError (USAGE) only when a pattern matches no file.
 */
export async function runPipelines(patterns: string | readonly string[], options: RunPipelinesOptions = {}): Promise<PipelinesResult> {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new SpmError('API_ARGUMENT', 'runPipelines takes a params file or pattern, or a non-empty list of them', { hint: "e.g. runPipelines('districts/*/params.yaml')" });
  }
  if (options.until !== undefined) assertStage(options.until);
  const cwd = options.cwd ?? process.cwd();
  const paths = await expandParamsPatterns(list, cwd);
  const progress = options.onProgress;
  const runOne = localRunner({ set: options.set ?? [], artifacts: options.artifacts, stages: stagesUntil(options.until), force: options.force });
  return runMany(paths, (params, context) => runOne(resolve(cwd, params), context), {
    jobs: options.jobs,
    failFast: options.failFast,
    progress: progress && ((params, _index, text) => progress(params, progressLine(text))),
    warn: progress && ((params, _index, text) => progress(params, text)),
  });
}
