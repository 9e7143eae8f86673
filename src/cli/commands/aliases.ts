/** `spm aliases [--history]`: the aliases and what they name, or the append-only history of their changes. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface AliasesOptions {
  readonly history?: boolean;
}

const at = (r: { stage: string; id: string } | null): string => (r ? `${r.stage}/${r.id.slice(0, 12)}` : '—');
const num = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(4));

export const aliasesCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('aliases')
      .description('list the aliases (spm promote) and the versions they name; --history: every change, when, why and both metrics')
      .option('--history', 'the append-only history of alias changes, oldest first')
      .addHelpText('after', '\nExamples:\n  spm aliases\n  spm aliases --history          every promotion and rollback, with both metrics when compared\n  spm aliases --history --json')
      .action(
        action<AliasesOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { readAliases }, { readAliasHistory }, { renderTable }] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../store/refs.js'),
            import('../../store/alias-history.js'),
            import('../render.js'),
          ]);
          const ws = await openWorkspace(opts, { paramsOptional: true });
          if (opts.history) {
            const history = await readAliasHistory(ws.store);
            ui.result({ history }, () => {
              if (history.length === 0) return 'no alias changes yet: spm promote --as production';
              const rows = history.map((e) => [
                e.time.replace('T', ' ').slice(0, 19),
                e.alias,
                e.kind,
                at(e.from),
                at(e.to),
                e.comparison ? `${e.comparison.metric} ${num(e.comparison.candidate)} vs ${num(e.comparison.champion)}` : '',
                e.why,
              ]);
              return renderTable(['time (UTC)', 'alias', 'kind', 'from', 'to', 'metric (new vs old)', 'why'], rows, ui.c);
            });
            return;
          }
          const aliases = await readAliases(ws.store);
          const history = await readAliasHistory(ws.store);
          const list = Object.entries(aliases).map(([name, ref]) => ({ name, stage: ref.stage, id: ref.id, since: history.filter((e) => e.alias === name).at(-1)?.time ?? null }));
          ui.result({ aliases: list }, () => {
            if (list.length === 0) return 'no aliases yet: spm promote --as production';
            return renderTable(['alias', 'version', 'since (UTC)'], list.map((a) => [a.name, `${a.stage}/${a.id}`, a.since ? a.since.replace('T', ' ').slice(0, 19) : '—']), ui.c);
          });
        }),
      );
  },
};
