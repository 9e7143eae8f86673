/** `spm feedback`: late outcomes joined by id with the recorded predictions; live metrics stored as a monitoring version. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';
import { lockWaitText } from '../../store/lock-wait.js';

interface FeedbackOptions {
  readonly input: string;
  readonly model?: string;
}

export const feedbackCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('feedback')
      .description('join late outcomes with the predictions predict and serve recorded, by id; store the live metrics of each model version and batch')
      .requiredOption('-i, --input <file>', 'the outcomes: the id columns (data.id_columns) and the target, any file spm reads (CSV, .xlsx, .parquet)')
      .option('--model <ref>', 'only the predictions of this version (an id or prefix, an alias); default: every recorded batch')
      .addHelpText(
        'after',
        `
Nothing is matched by position: an outcome row with no id or an id given twice, and an id
recorded twice in one batch, are reported (with their lines) and left out, never guessed.
An id scored in several batches counts in each, with the model that scored it there, so
outcomes that arrive late are credited to the model version that made the prediction.

Examples:
  spm feedback -i term1_results.csv                 live metrics of every model that scored these students
  spm feedback -i term1_results.xlsx --model production --json
  spm monitor                                        the live metrics and drift over time`,
      )
      .action(
        action<FeedbackOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { runFeedback }, { renderFeedback }] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../actions/feedback.js'),
            import('../render-live.js'),
          ]);
          const ws = await openWorkspace(opts);
          const result = await runFeedback(ws, {
            input: opts.input,
            ...(opts.model ? { model: opts.model } : {}),
            onLockWait: (pid, host) => ui.warn(lockWaitText(pid, host)),
          });
          ui.result(result, () => renderFeedback(result, ui.c));
        }),
      );
  },
};
