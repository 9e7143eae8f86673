/** `spm run`: ingest → transform → train → evaluate, skipping up-to-date stages (DVC repro). */
import { Option, type Command } from 'commander';
import { EXIT } from '../../errors.js';
import { STAGES, type StageName } from '../../pipeline/stages.js';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface RunOptions {
  readonly force?: boolean;
  readonly until?: StageName;
}

export const runCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('run')
      .description('run the pipeline (ingest → transform → train → evaluate), skipping every stage whose inputs are unchanged')
      .option('--force', 'rebuild every stage even when up to date')
      .addOption(new Option('--until <stage>', 'stop after this stage').choices([...STAGES]))
      .addHelpText(
        'after',
        `
Examples:
  npx spm run                           build what is stale, print the metrics table
  spm run -S train.cv.folds=3           re-runs train and evaluate only
  spm run --until transform --json      stop early; machine-readable summary`,
      )
      .action(
        action<RunOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
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
        }),
      );
  },
};
