/** `spm status`: each stage up to date, or stale/missing and why (DVC status). */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

export const statusCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('status')
      .description('show each stage as up to date, or stale and why (which param keys, which input changed)')
      .addHelpText('after', '\nExamples:\n  spm status\n  spm status -S train.cv.folds=3     # what would a changed param re-run?')
      .action(
        action(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const { openWorkspace, planWorkspace } = await import('../../pipeline/workspace.js');
          const { renderTable } = await import('../render.js');
          const plan = await planWorkspace(await openWorkspace(opts));
          const doc = { stages: plan.map((p) => ({ stage: p.stage, id: p.id, state: p.state, reasons: p.reasons })) };
          ui.result(doc, () => {
            const label = { up_to_date: ui.c.green('up to date'), stale: ui.c.yellow('stale'), missing: ui.c.red('missing') };
            const rows = plan.map((p) => [p.stage, p.id, label[p.state], p.reasons.join('\n') || '—']);
            const stale = plan.filter((p) => p.state !== 'up_to_date').length;
            const footer = stale ? `\n${stale} stage(s) to run: spm run` : '\nnothing to do';
            return renderTable(['stage', 'version', 'state', 'why'], rows, ui.c) + footer;
          });
        }),
      );
  },
};
