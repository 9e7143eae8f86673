/** `spm promote REF --as NAME`: give a version a stable name (e.g. production) for predict and serve. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface PromoteOptions {
  readonly as: string;
}

export const promoteCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('promote')
      .description('name a version with an alias (e.g. production) that predict --model accepts')
      .argument('[ref]', 'version to promote: latest, an id or unique prefix, or an alias', 'latest')
      .requiredOption('--as <name>', 'alias to set (letters, digits, _ . -)')
      .addHelpText('after', '\nExamples:\n  spm promote --as production            # the current evaluate version\n  spm predict -i cohort.csv --model production')
      .action(
        action<PromoteOptions>(setExitCode, async (opts, [ref]) => {
          const ui = createUi(opts);
          const { openWorkspace } = await import('../../pipeline/workspace.js');
          const { resolveVersion } = await import('../../pipeline/resolve.js');
          const { assertAliasName, writeAlias } = await import('../../store/refs.js');
          assertAliasName(opts.as);
          const ws = await openWorkspace(opts);
          const id = await resolveVersion(ws, ref, 'evaluate');
          await writeAlias(ws.store, opts.as, { stage: 'evaluate', id });
          ui.result({ alias: opts.as, stage: 'evaluate', id }, () => `${opts.as} → evaluate/${id}`);
        }),
      );
  },
};
