/** `spm drift`: does a new batch still look like the data the model learned from? Exit 3 when not. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';
import { readStep } from '../../util/progress.js';
import { promptStdin } from '../stdin-prompt.js';
import { lockWaitText } from '../../store/lock-wait.js';

interface DriftOptions {
  readonly input: string;
  readonly reference?: string;
}

export const driftCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('drift')
      .description('compare a new batch with the training data of the model (or another CSV, with no model needed): per-feature tests, prediction and target drift; exit 3 on dataset drift')
      .option('-i, --input <file>', "the new batch, a CSV ('-' for stdin)", '-')
      .option('--reference <ref|file>', 'the train split of this model version (latest, an id or prefix, an alias), or another CSV file', 'latest')
      .addHelpText(
        'after',
        `
Tests (SPEC §6): numeric → Kolmogorov-Smirnov (reference ≤ 1000 rows) or Wasserstein / std;
categorical → chi-square homogeneity (≤ 1000) or Jensen-Shannon; PSI for every column.
Params: drift.threshold, drift.share, drift.methods, drift.thresholds, drift.correction.
Two files and no model (no params file, or nothing trained for it): the columns and their types
come from the reference by ingest's rules (data.types applies; ids are left out); prediction
drift is skipped and the report says so.

Examples:
  spm drift -i next_cohort.csv                   exit 3 when the share of drifted features ≥ drift.share
  spm drift -i next_cohort.csv --json            the report as JSON (also stored as a drift version)
  spm drift -i b.csv --reference a.csv -S drift.correction=fdr
  spm drift -i spring.csv --reference autumn.csv     two files, in any folder: no params or model needed
  spm synth --shift lower_reading -o b.csv && spm drift -i b.csv`,
      )
      .action(
        action<DriftOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          promptStdin(opts.input, opts.quiet);
          const [{ openWorkspace }, { runDrift }, { renderDrift }, { EXIT }] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../actions/drift.js'),
            import('../render-drift.js'),
            import('../../errors.js'),
          ]);
          // Two files need no params file: its absence means the defaults (and -S overrides).
          const ws = await openWorkspace(opts, { paramsOptional: opts.reference !== 'latest' });
          const report = await runDrift(ws, {
            input: opts.input,
            ...(opts.reference === 'latest' ? {} : { reference: opts.reference }),
            onProgress: (read) => ui.progress(readStep('drift', read)),
            onWarning: (text) => ui.warn(text),
            onLockWait: (pid, host) => ui.warn(lockWaitText(pid, host)),
          });
          ui.result(report, () => renderDrift(report, ui.c));
          return report.dataset_drift ? EXIT.drift : EXIT.ok;
        }),
      );
  },
};
