/** `spm metrics [show|diff] [REF_A] [REF_B]`: metrics of a version, or what changed between two. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface DiffOptions {
  readonly md?: boolean;
  readonly all?: boolean;
}

async function loadMetrics(ws: import('../../pipeline/workspace.js').Workspace, id: string): Promise<Record<string, unknown>> {
  const { loadStageRunner } = await import('../../pipeline/stage-runner.js');
  const details = await (await loadStageRunner('evaluate')).details(ws.store, await ws.store.readManifest('evaluate', id));
  return { ...(details.metrics as Record<string, unknown>), model: details.model };
}

export const metricsCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const metrics = program
      .command('metrics')
      .description('show the metrics of a version, or diff two versions')
      .addHelpText('after', '\nExamples:\n  spm metrics                  the latest evaluation (same as spm metrics show)\n  spm metrics diff --md        what changed since the evaluation before, as Markdown');
    metrics
      .command('show', { isDefault: true })
      .description('metrics of a version (default: latest)')
      .argument('[ref]', 'latest, a version id or prefix, or an alias', 'latest')
      .addHelpText('after', '\nExamples:\n  spm metrics\n  spm metrics show production --json')
      .action(
        action(setExitCode, async (opts, [ref]) => {
          const ui = createUi(opts);
          const { openWorkspace } = await import('../../pipeline/workspace.js');
          const { resolveVersion } = await import('../../pipeline/resolve.js');
          const { renderTable, formatNumber } = await import('../render.js');
          const { renderClasses } = await import('../render-classes.js');
          const ws = await openWorkspace(opts);
          const id = await resolveVersion(ws, ref, 'evaluate');
          const values = await loadMetrics(ws, id);
          ui.result({ id, metrics: values }, () =>
            [renderTable(['metric', id], Object.entries(values).filter(([, v]) => !Array.isArray(v)).map(([k, v]) => [k, formatNumber(v)]), ui.c), renderClasses(values, ui.c)].filter(Boolean).join('\n'),
          );
        }),
      );
    metrics
      .command('diff')
      .description('differences in metrics between two versions (default: the current one and the one before it)')
      .argument('[ref_a]', 'the older version')
      .argument('[ref_b]', 'the newer version (default: latest)')
      .option('--md', 'print a Markdown table (for a pull-request comment)')
      .option('--all', 'list unchanged metrics too')
      .addHelpText('after', '\nExamples:\n  spm run -S train.cv.folds=3 && spm metrics diff\n  spm metrics diff production latest --md >> $GITHUB_STEP_SUMMARY')
      .action(
        action<DiffOptions>(setExitCode, async (opts, [refA, refB]) => {
          const ui = createUi(opts);
          const { openWorkspace } = await import('../../pipeline/workspace.js');
          const { diffRecords } = await import('../../pipeline/history.js');
          const { resolvePair, renderChanges } = await import('../compare.js');
          const ws = await openWorkspace(opts);
          const ids = await resolvePair(ws, refA, refB);
          const [a, b] = [await loadMetrics(ws, ids.a), await loadMetrics(ws, ids.b)];
          const scalar = (r: Record<string, unknown>): Record<string, unknown> =>
            Object.fromEntries(Object.entries(r).filter(([, v]) => !Array.isArray(v) && (v === null || typeof v !== 'object')));
          const changes = opts.all
            ? Object.keys({ ...scalar(a), ...scalar(b) }).sort().map((key) => ({ key, a: a[key], b: b[key] }))
            : diffRecords(scalar(a), scalar(b));
          const doc = {
            a: ids.a,
            b: ids.b,
            metrics: changes.map((ch) => ({ metric: ch.key, a: ch.a, b: ch.b, delta: typeof ch.a === 'number' && typeof ch.b === 'number' ? ch.b - ch.a : null })),
          };
          if (opts.md && !opts.json) {
            process.stdout.write(`${renderChanges(changes, ids, ui.c, true, true)}\n`);
            return;
          }
          ui.result(doc, () => renderChanges(changes, ids, ui.c, false, true));
        }),
      );
  },
};
