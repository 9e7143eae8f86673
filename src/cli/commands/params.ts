/** `spm params diff [REF_A] [REF_B]`: which params (and data) differ between two pipeline versions. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface DiffOptions {
  readonly md?: boolean;
}

export const paramsCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const params = program
      .command('params')
      .description('compare the params of two versions')
      .addHelpText('after', '\nExamples:\n  spm params diff              what changed between the current version and the one before\n  spm params diff production latest --md');
    params
      .command('diff')
      .description('param (and data) differences between two versions (default: the current one and the one before it)')
      .argument('[ref_a]', 'the older version')
      .argument('[ref_b]', 'the newer version (default: latest)')
      .option('--md', 'print a Markdown table')
      .addHelpText('after', '\nExamples:\n  spm params diff\n  spm params diff production latest --json')
      .action(
        action<DiffOptions>(setExitCode, async (opts, [refA, refB]) => {
          const ui = createUi(opts);
          const { openWorkspace } = await import('../../pipeline/workspace.js');
          const { diffRecords, lineageParams } = await import('../../pipeline/history.js');
          const { resolvePair, renderChanges } = await import('../compare.js');
          const ws = await openWorkspace(opts);
          const ids = await resolvePair(ws, refA, refB);
          const changes = diffRecords(await lineageParams(ws.store, ids.a), await lineageParams(ws.store, ids.b));
          if (opts.md && !opts.json) {
            process.stdout.write(`${renderChanges(changes, ids, ui.c, true, false)}\n`);
            return;
          }
          ui.result({ a: ids.a, b: ids.b, params: changes.map((ch) => ({ key: ch.key, a: ch.a ?? null, b: ch.b ?? null })) }, () =>
            renderChanges(changes, ids, ui.c, false, false),
          );
        }),
      );
  },
};
