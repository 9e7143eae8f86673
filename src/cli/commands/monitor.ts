/** `spm monitor`: live metrics and drift per model version over time; exit 4 when monitor.gates fail. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface MonitorOptions {
  readonly model?: string;
}

export const monitorCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('monitor')
      .description('per model version, over time: recorded batches, live metrics from feedback and drift reports in one table; exit 4 when a monitor.gates gate fails')
      .option('--model <ref>', 'only this version (an id or prefix, an alias); default: every model with recorded batches, feedback or drift')
      .addHelpText(
        'after',
        `
The gates (monitor.gates, like evaluate.gates) are checked against each model's latest live
metrics; a model without feedback yet has none to fail. \`spm report\` draws the same figures
as time series.

Examples:
  spm monitor
  spm monitor --model production --json
  spm monitor -S 'monitor.gates={rmse: "<= 9"}'     exit 4 when the live rmse is above 9 (a CI job can page)`,
      )
      .action(
        action<MonitorOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { runMonitor }, { renderMonitor }, { EXIT }] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../actions/monitor.js'),
            import('../render-live.js'),
            import('../../errors.js'),
          ]);
          const ws = await openWorkspace(opts);
          const result = await runMonitor(ws, opts.model ? { model: opts.model } : {});
          ui.result(result, () => renderMonitor(result, ui.c));
          return result.passed ? EXIT.ok : EXIT.gate;
        }),
      );
  },
};
