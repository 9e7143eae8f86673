/**
 * `spm run`: ingest → transform → train → evaluate, skipping up-to-date stages (DVC repro).
 * With a -p pattern (quoted, e.g. every districts/NAME/params.yaml) or several -p values it runs every
 * pipeline they name, each in its own workspace (run-many.ts), and exits 0 when all passed, 4
 * when a gate failed and none errored, else the highest exit code of the errors (1, or 70 for a bug).
 */
import { Option, type Command } from 'commander';
import { EXIT, SpmError } from '../../errors.js';
import { STAGES, type StageName } from '../../pipeline/stages.js';
import { action, type CommandModule } from '../command.js';
import { createUi, type GlobalOptions, type Ui } from '../ui.js';
import { positiveInteger } from './synth.js';

interface RunOptions {
  readonly force?: boolean;
  readonly until?: StageName;
  readonly jobs?: number;
  readonly failFast?: boolean;
  readonly queue?: string;
  readonly queueName?: string;
}

/** With --queue and no --jobs: pipelines handed to the queue at once (each holds a few Redis connections while it waits). */
const QUEUE_JOBS = 32;
const QUEUE_EXAMPLE = "spm run -p 'districts/*/params.yaml' --queue redis://localhost:6379   # workers: spm worker --queue redis://localhost:6379 --queue-name pipelines";

export const runCommand: CommandModule = {
  register(program: Command, setExitCode) {
    // -p is a global option whose value is the last one given; run alone takes several, so it
    // listens for each value as commander reads it (other commands keep "the last -p wins").
    const paramsValues: string[] = [];
    program.on('option:params', (value: string) => paramsValues.push(value));
    program
      .command('run')
      .description('run the pipeline (ingest → transform → train → evaluate), skipping every stage whose inputs are unchanged; -p PATTERN runs many')
      .option('--force', 'rebuild every stage even when up to date')
      .addOption(new Option('--until <stage>', 'stop after this stage').choices([...STAGES]))
      .option('-j, --jobs <n>', 'with -p PATTERN: pipelines run at once (default 1)', positiveInteger)
      .option('--fail-fast', 'with -p PATTERN: start no other pipeline once one errors (the rest are skipped)')
      .option('--queue <url>', `with -p PATTERN: each pipeline is run by spm worker processes on a Redis queue (redis://HOST:PORT); --jobs defaults to ${QUEUE_JOBS} then`)
      .option('--queue-name <name>', 'with --queue: the queue in Redis (default: pipelines; start workers with the same --queue-name)')
      .allowExcessArguments()
      .hook('preAction', (command) => {
        if (command.args.length) throw unexpectedArguments(command.args);
      })
      .addHelpText(
        'after',
        `
Examples:
  npx spm run                           build what is stale, print the metrics table
  spm run -S train.cv.folds=3           re-runs train and evaluate only
  spm run --until transform --json      stop early; machine-readable summary
  spm run -p 'districts/*/params.yaml' --jobs 2
                                        every district's pipeline, each in its own folder;
                                        one table, exit 4 if a gate failed, 1 if one errored
  spm run -p 'districts/*/params.yaml' --queue redis://localhost:6379
                                        the same, run by spm worker processes
                                        (spm worker --queue redis://localhost:6379 --queue-name pipelines)

Many pipelines: -p takes a pattern (* ? [..] within a folder name, ** any depth; quote it so the
shell leaves it to spm) or several -p values. Each pipeline runs in the folder of its params file,
in path order; one error does not stop the others (--fail-fast does). Exit 0 all passed, 4 a
gate failed (none errored), else the highest exit code of the errors (1 fixable, 70 a bug).
--json: { pipelines: [ { params, status, stages, model, metric, metrics, gates, passed, error? } ],
passed, failed, errored, skipped, exit_code }.`,
      )
      .action(
        action<RunOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const { isManyParams } = await import('../../pipeline/params-pattern.js');
          if (isManyParams(paramsValues, process.cwd())) return runMany(opts, paramsValues, ui);
          if (opts.queue !== undefined || opts.queueName !== undefined) {
            throw new SpmError('USAGE', `${opts.queue !== undefined ? '--queue' : '--queue-name'} on spm run goes with many pipelines (-p PATTERN)`, {
              hint: `${QUEUE_EXAMPLE}; for one pipeline, spm train --queue URL spreads its CV fits`,
            });
          }
          if (opts.jobs !== undefined || opts.failFast) {
            throw new SpmError('USAGE', `${opts.jobs !== undefined ? '--jobs' : '--fail-fast'} applies to many pipelines`, {
              hint: "name them with a pattern or several -p: spm run -p 'districts/*/params.yaml' --jobs 2",
            });
          }
          return runOne(opts, ui);
        }),
      );
  },
};

function unexpectedArguments(args: readonly string[]): SpmError {
  const shown = args.slice(0, 3).map((a) => `'${a}'`).join(' ') + (args.length > 3 ? ' …' : '');
  return new SpmError('USAGE', `spm run takes no arguments, got ${shown}`, {
    hint: "did the shell expand a -p pattern? Quote it, so spm expands it: spm run -p 'districts/*/params.yaml'",
  });
}

/** One pipeline: the stages of the params file -p names (or the nearest params.yaml). */
async function runOne(opts: GlobalOptions & RunOptions, ui: Ui): Promise<number> {
  const [{ openWorkspace }, { runStages }, { stagesUntil }, { stageDocument }, { renderStageRuns }] = await Promise.all([
    import('../../pipeline/workspace.js'),
    import('../../pipeline/run.js'),
    import('../../pipeline/stages.js'),
    import('../stage-document.js'),
    import('../render-stage.js'),
  ]);
  const ws = await openWorkspace(opts);
  const runs = await runStages(ws, {
    stages: stagesUntil(opts.until),
    force: opts.force,
    progress: ui.progress,
    warn: ui.warn,
    onStageStart: (stage) => ui.progress(`${stage}…`),
  });
  const docs = await Promise.all(runs.map((r) => stageDocument(ws, r)));
  const evaluation = docs.find((d) => d.stage === 'evaluate');
  const passed = evaluation ? evaluation.passed !== false : true;
  const doc = {
    stages: docs.map((d) => ({ stage: d.stage, id: d.id, cached: d.cached, duration_ms: d.duration_ms })),
    metrics: evaluation?.metrics ?? null,
    gates: evaluation?.gates ?? [],
    passed,
  };
  ui.result(doc, () => renderStageRuns(docs, ui.c));
  return passed ? EXIT.ok : EXIT.gate;
}

/**
 * Many pipelines: a log line per pipeline on stderr as each finishes (in path order, with its
 * warnings, whatever --jobs), a live progress line on a terminal, then the table.
 */
async function runMany(opts: GlobalOptions & RunOptions, values: readonly string[], ui: Ui): Promise<number> {
  const [{ expandParamsPatterns }, { runMany }, { localRunner }, { stagesUntil }, render] = await Promise.all([
    import('../../pipeline/params-pattern.js'),
    import('../../pipeline/run-many.js'),
    import('../../pipeline/run-local.js'),
    import('../../pipeline/stages.js'),
    import('../render-many.js'),
  ]);
  if (opts.queue === undefined && opts.queueName !== undefined) throw new SpmError('USAGE', '--queue-name goes with --queue URL', { hint: QUEUE_EXAMPLE });
  const paths = await expandParamsPatterns(values, process.cwd());
  const run = async (signal?: AbortSignal): Promise<number> => {
    const runOne =
      opts.queue === undefined
        ? localRunner({ set: opts.set, artifacts: opts.artifacts, stages: stagesUntil(opts.until), force: opts.force })
        : await queuedRunner(opts, opts.queue, signal);
    const warnings = new Map<number, string[]>();
    const result = await runMany(paths, runOne, {
      jobs: opts.jobs ?? (opts.queue === undefined ? undefined : Math.min(paths.length, QUEUE_JOBS)),
      failFast: opts.failFast,
      progress: (params, index, text) => ui.progress(render.prefixProgress(render.pipelinePrefix(params, index, paths.length), text)),
      warn: (_params, index, text) => warnings.set(index, [...(warnings.get(index) ?? []), text]),
      onDone: (outcome, index, total) => {
        for (const text of warnings.get(index) ?? []) ui.warn(`${render.pipelinePrefix(outcome.params, index, total)}${text}`);
        ui.note(render.renderPipelineLine(outcome, index, total, ui.c));
      },
    });
    // Ctrl-C: every pipeline still queued was removed (and reported as an error); the command ends as interrupted.
    signal?.throwIfAborted();
    ui.result(result, () => render.renderManyRuns(result, ui.c));
    return result.exit_code;
  };
  if (opts.queue === undefined) return run();
  const { interruptible } = await import('../queue-command.js');
  return interruptible(run);
}

/** The queue's runOne, after checking Redis answers (an unreachable queue fails before any pipeline is handed over). */
async function queuedRunner(opts: GlobalOptions & RunOptions, url: string, signal: AbortSignal | undefined) {
  const [{ reachableQueue }, { queueRunner, PIPELINES_QUEUE }] = await Promise.all([import('../queue-command.js'), import('../../queue/pipeline-runner.js')]);
  const address = await reachableQueue({ queue: url, ...(opts.queueName === undefined ? {} : { queueName: opts.queueName }) }, () => PIPELINES_QUEUE);
  return queueRunner(address, { set: opts.set, ...(opts.artifacts ? { artifacts: opts.artifacts } : {}), ...(opts.until ? { until: opts.until } : {}), force: opts.force, ...(signal ? { signal } : {}) });
}
