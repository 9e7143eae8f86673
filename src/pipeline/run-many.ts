/**
 * Many pipelines in one command (`spm run -p PATTERN`, e.g. the params.yaml of every folder in
 * districts/): a state retrains hundreds of district pipelines, each in its own workspace (the
 * folder of its params file).
 *
 * The seam: `runMany(paramsPaths, runOne, options)` decides the order, the concurrency, what one
 * pipeline's failure does to the others and the exit code; `runOne(paramsPath, context)` runs
 * ONE pipeline wherever it likes and resolves to its summary (or throws). The local runner
 * (run-local.ts: the stages in this process) is the default; a queue-backed runOne (enqueue a
 * job for `spm worker`, await its result) plugs in unchanged. A runOne must:
 * - resolve to a PipelineSummary (plain JSON: it may have crossed a process or a network),
 * - throw an SpmError for a problem the user can fix (its code, message and hint are reported;
 *   an error that crossed a boundary is rebuilt with `new SpmError(code, message, { hint })`
 *   when `isErrorCode(code)`); anything else counts as a bug (INTERNAL, exit 70),
 * - not print: it reports through `context.progress` and `context.warn`.
 * A queue plugs in as: the job carries the params path and the LocalRunOptions (plain data);
 * the worker runs `localRunner(options)(paramsPath, context)` and sends back the summary, or the
 * error's code, message and hint; the runOne handed to runMany enqueues and awaits that.
 * runMany never throws for a pipeline; outcomes come back in the order of `paramsPaths`,
 * whatever `jobs` is, and `onDone` is called in that order too (a finished pipeline waits for
 * those before it), so the output is the same for any number of jobs.
 */
import { EXIT, exitCodeOf, isSpmError, type ErrorCode } from '../errors.js';
import { ERROR_CODES } from '../error-codes.js';
import type { ProgressStep } from '../util/progress.js';
import type { GateResult } from '../metrics/gates.js';
import type { StageName } from './stages.js';

/** What one pipeline run gives back (the fields of `spm run --json`, plus the selected model and main metric). */
export interface PipelineSummary {
  readonly stages: readonly { readonly stage: StageName; readonly id: string; readonly cached: boolean; readonly duration_ms: number }[];
  /** The selected model (null when the run stopped before train). */
  readonly model: string | null;
  /** The train.metric the model was selected on, and its value on the test split (null before evaluate). */
  readonly metric: { readonly name: string; readonly value: number | null } | null;
  readonly metrics: Readonly<Record<string, unknown>> | null;
  readonly gates: readonly GateResult[];
  /** false when a quality gate failed. */
  readonly passed: boolean;
}

export interface RunOneContext {
  /** Position in the run (0-based) and the number of pipelines. */
  readonly index: number;
  readonly total: number;
  readonly progress: (text: string | ProgressStep) => void;
  readonly warn: (text: string) => void;
}

export type RunOne = (paramsPath: string, context: RunOneContext) => Promise<PipelineSummary>;

export type PipelineStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface PipelineError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string | null;
  readonly exit_code: number;
  /** A bug (INTERNAL): its stack, for the report. */
  readonly stack?: string;
}

/** One pipeline's line of the result: passed, failed (a gate), error, or skipped (--fail-fast). */
export interface PipelineOutcome extends PipelineSummary {
  readonly params: string;
  readonly status: PipelineStatus;
  readonly duration_ms: number;
  readonly error?: PipelineError;
}

export interface RunManyResult {
  readonly pipelines: readonly PipelineOutcome[];
  /** How many pipelines passed, failed a gate, errored, were skipped. */
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
  /** manyExitCode of the outcomes. */
  readonly exit_code: number;
}

export interface RunManyOptions {
  /** Pipelines run at once (default 1). */
  readonly jobs?: number;
  /** After the first error, start no other pipeline (those running finish); the rest are `skipped`. */
  readonly failFast?: boolean;
  /** A pipeline starts (in start order). */
  readonly onStart?: (paramsPath: string, index: number, total: number) => void;
  /** A pipeline's outcome, called in the order of paramsPaths whatever the jobs. */
  readonly onDone?: (outcome: PipelineOutcome, index: number, total: number) => void;
  readonly progress?: (paramsPath: string, index: number, text: string | ProgressStep) => void;
  readonly warn?: (paramsPath: string, index: number, text: string) => void;
  /** Milliseconds (default performance.now); injected so tests control durations. */
  readonly clock?: () => number;
}

/** Runs every pipeline through runOne, `jobs` at a time; never throws for one pipeline's failure. */
export async function runMany(paramsPaths: readonly string[], runOne: RunOne, options: RunManyOptions = {}): Promise<RunManyResult> {
  const total = paramsPaths.length;
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, total));
  const clock = options.clock ?? (() => performance.now());
  const outcomes: (PipelineOutcome | undefined)[] = new Array(total);
  let nextToStart = 0;
  let nextToReport = 0;
  let stopping = false;
  const report = (): void => {
    while (nextToReport < total && outcomes[nextToReport] !== undefined) {
      options.onDone?.(outcomes[nextToReport]!, nextToReport, total);
      nextToReport++;
    }
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = nextToStart++;
      if (index >= total) return;
      const params = paramsPaths[index]!;
      if (stopping) {
        outcomes[index] = skipped(params);
      } else {
        options.onStart?.(params, index, total);
        const started = clock();
        const context: RunOneContext = {
          index,
          total,
          progress: (text) => options.progress?.(params, index, text),
          warn: (text) => options.warn?.(params, index, text),
        };
        outcomes[index] = await runOne(params, context).then(
          (summary) => finished(params, summary, clock() - started),
          (error: unknown) => errored(params, error, clock() - started),
        );
        if (outcomes[index]!.status === 'error' && options.failFast) stopping = true;
      }
      report();
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const pipelines = outcomes as PipelineOutcome[];
  const count = (status: PipelineStatus): number => pipelines.filter((p) => p.status === status).length;
  return {
    pipelines,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('error'),
    skipped: count('skipped'),
    exit_code: manyExitCode(pipelines),
  };
}

/**
 * The exit code of many pipelines: an error beats a failed gate. Any pipeline errored → the
 * highest exit code among the errors (1 a problem the user can fix, 2 usage, 70 a bug: a bug
 * is never hidden behind a fixable problem); else any gate failed → 4; else 0.
 */
export function manyExitCode(outcomes: readonly Pick<PipelineOutcome, 'status' | 'error'>[]): number {
  const errors = outcomes.flatMap((o) => (o.error ? [o.error.exit_code] : []));
  if (errors.length) return Math.max(...errors);
  return outcomes.some((o) => o.status === 'failed') ? EXIT.gate : EXIT.ok;
}

const EMPTY: PipelineSummary = { stages: [], model: null, metric: null, metrics: null, gates: [], passed: false };

function finished(params: string, summary: PipelineSummary, ms: number): PipelineOutcome {
  return { params, status: summary.passed ? 'passed' : 'failed', ...summary, duration_ms: Math.round(ms) };
}

function skipped(params: string): PipelineOutcome {
  return { params, status: 'skipped', ...EMPTY, duration_ms: 0 };
}

function errored(params: string, error: unknown, ms: number): PipelineOutcome {
  return { params, status: 'error', ...EMPTY, duration_ms: Math.round(ms), error: pipelineError(error) };
}

/** An error as the result reports it: an SpmError's code, message and hint; anything else is a bug. */
export function pipelineError(error: unknown): PipelineError {
  if (isSpmError(error)) return { code: error.code, message: error.message, hint: error.hint ?? null, exit_code: error.exitCode };
  const e = error instanceof Error ? error : new Error(String(error));
  return { code: 'INTERNAL', message: e.message, hint: ERROR_CODES.INTERNAL.meaning, exit_code: exitCodeOf('INTERNAL'), ...(e.stack ? { stack: e.stack } : {}) };
}
