/** `spm versions [STAGE]`: artifact versions with time, lineage and key figures. */
import { Argument, type Command } from 'commander';
import { SpmError } from '../../errors.js';
import { STAGES, type StageName } from '../../pipeline/stages.js';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

export const versionsCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('versions')
      .description('list artifact versions with creation time, lineage, aliases and key metrics')
      .addArgument(new Argument('[stage]', 'only this stage').choices([...STAGES]))
      .addHelpText('after', '\nExamples:\n  spm versions\n  spm versions evaluate --json')
      .action(
        action(setExitCode, async (opts, [stageArg]) => {
          const ui = createUi(opts);
          const { openWorkspace, planWorkspace } = await import('../../pipeline/workspace.js');
          const { listManifests } = await import('../../pipeline/history.js');
          const { readAliases } = await import('../../store/refs.js');
          const { renderTable, formatNumber } = await import('../render.js');
          const ws = await openWorkspace(opts);
          // Listing the store must not need the data: without it, nothing is marked current.
          const plan = await planWorkspace(ws).catch((e: unknown) => {
            if (e instanceof SpmError && e.code === 'DATA_NOT_FOUND') return [];
            throw e;
          });
          const current = new Set(plan.filter((p) => p.state === 'up_to_date').map((p) => `${p.stage}/${p.id}`));
          const aliases = await readAliases(ws.store);
          const stages = stageArg ? [stageArg as StageName] : [...STAGES];
          const versions: { stage: string; id: string; created: string; duration_ms: number; current: boolean; aliases: string[]; lineage: readonly { stage: string; id: string }[]; summary: Record<string, unknown> }[] = [];
          for (const stage of stages) {
            for (const m of await listManifests(ws.store, stage)) {
              versions.push({
                stage,
                id: m.id,
                created: m.created,
                duration_ms: m.duration_ms,
                current: current.has(`${stage}/${m.id}`),
                aliases: Object.entries(aliases).filter(([, r]) => r.stage === stage && r.id === m.id).map(([n]) => n),
                lineage: m.inputs.artifacts,
                summary: m.summary,
              });
            }
          }
          ui.result({ versions }, () => {
            if (versions.length === 0) return 'no versions yet: run `spm run`';
            const rows = versions.map((v) => [
              v.stage,
              v.id + (v.current ? ui.c.green(' *') : ''),
              v.created.replace('T', ' ').slice(0, 19),
              v.lineage.map((l) => `${l.stage}:${l.id.slice(0, 7)}`).join(' ') || '—',
              Object.entries(v.summary)
                .filter(([, x]) => typeof x === 'number' || typeof x === 'string')
                .map(([k, x]) => `${k}=${formatNumber(x)}`)
                .join(' '),
              v.aliases.join(', '),
            ]);
            return `${renderTable(['stage', 'version', 'created (UTC)', 'lineage', 'summary', 'aliases'], rows, ui.c)}\n* = produced by the current params`;
          });
        }),
      );
  },
};
