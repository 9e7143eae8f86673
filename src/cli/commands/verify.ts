/** `spm verify`: check every version in the store against its manifest; exit 1 when anything is damaged. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

export const verifyCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('verify')
      .description('check the whole artifact store: every manifest, every output\'s sha256, lineage and aliases; exit 1 on any problem')
      .addHelpText('after', '\nExamples:\n  spm verify                 after a crash, a copy or a restore of artifacts/\n  spm verify --json          in CI, after the pipeline ran')
      .action(
        action(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { verifyStore }, { EXIT }] = await Promise.all([import('../../pipeline/workspace.js'), import('../../store/verify.js'), import('../../errors.js')]);
          const ws = await openWorkspace(opts);
          const result = await verifyStore(ws.store, (n) => ui.progress(`verify: ${n} versions`));
          ui.result({ ...result, ok: result.problems.length === 0 }, () => {
            const head = `${result.versions} versions, ${result.files} files in ${result.root}`;
            if (result.problems.length === 0) return `${head}: all verified`;
            const lines = result.problems.map((p) => `  ${p.where}: ${p.problem}\n    hint: ${p.hint}`);
            return `${head}: ${result.problems.length} problem(s)\n${lines.join('\n')}`;
          });
          return result.problems.length ? EXIT.user : EXIT.ok;
        }),
      );
  },
};
