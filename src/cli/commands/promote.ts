/**
 * `spm promote [REF] --as NAME [--if-better …]` and `spm promote --rollback NAME`: give a version
 * a stable name (e.g. production) for predict and serve, only when it beats the current holder,
 * or move the name back. Not promoted by --if-better → exit 4 (a quality gate, SPEC §7).
 */
import type { Command } from 'commander';
import { SpmError } from '../../errors.js';
import type { PromoteResult } from '../../actions/promote.js';
import { action, type CommandModule } from '../command.js';
import { createUi, type Ui } from '../ui.js';
import { lockWaitText } from '../../store/lock-wait.js';

interface PromoteOptions {
  readonly as?: string;
  readonly ifBetter?: boolean;
  readonly metric?: string;
  readonly minDelta?: string;
  readonly on?: string;
  readonly rollback?: string;
}

const NOT_PROMOTED = 4;

const usage = (message: string, hint: string): SpmError => new SpmError('USAGE', message, { hint });

/** The option combinations that make sense, and --min-delta as a number. */
function checkOptions(opts: PromoteOptions, ref: string | undefined): number {
  if (opts.rollback !== undefined) {
    const extra = [ref !== undefined && 'REF', opts.as !== undefined && '--as', opts.ifBetter && '--if-better', opts.metric !== undefined && '--metric', opts.minDelta !== undefined && '--min-delta', opts.on !== undefined && '--on'].filter(Boolean);
    if (extra.length) throw usage(`--rollback takes only the alias name, not ${extra.join(', ')}`, `e.g. spm promote --rollback ${opts.rollback}`);
    return 0;
  }
  if (opts.as === undefined) throw usage("required option '--as <name>' not specified", 'e.g. spm promote --as production (or spm promote --rollback production)');
  if (!opts.ifBetter) {
    const extra = [opts.metric !== undefined && '--metric', opts.minDelta !== undefined && '--min-delta', opts.on !== undefined && '--on'].filter(Boolean);
    if (extra.length) throw usage(`${extra.join(', ')} only apply with --if-better`, `e.g. spm promote --as ${opts.as} --if-better ${extra.includes('--on') ? '--on cohort.csv' : '--metric r2'}`);
  }
  if (opts.minDelta === undefined) return 0;
  const d = Number(opts.minDelta);
  if (opts.minDelta.trim() === '' || !Number.isFinite(d) || d < 0) throw usage(`--min-delta: '${opts.minDelta}' is not a number ≥ 0`, 'e.g. --min-delta 0.01 (in the metric\'s own units)');
  return d;
}

const holder = (r: { stage: string; id: string } | null): string => (r ? `${r.stage}/${r.id}` : '(none)');

function render(ui: Ui, r: PromoteResult): string {
  const lines: string[] = [];
  if (r.comparison) {
    const c = r.comparison;
    const value = (x: number | null): string => (x === null ? '—' : x.toFixed(4));
    lines.push(`${c.metric} (${c.direction === 'min' ? 'lower' : 'higher'} is better) on ${c.rows} labelled rows of ${c.on}${c.excluded ? ` (${c.excluded} of ${c.records} left out: rejected or no known target)` : ''}:`);
    const w = Math.max('candidate'.length, r.alias.length);
    lines.push(`  ${'candidate'.padEnd(w)}  ${holder(r.to)}  ${value(c.candidate)}`);
    lines.push(`  ${r.alias.padEnd(w)}  ${holder(r.from)}  ${value(c.champion)}`);
  }
  if (r.kind === 'rollback') lines.push(`${r.alias} rolled back: ${holder(r.from)} → ${holder(r.to)}`);
  else if (r.unchanged) lines.push(`${r.alias} already is ${holder(r.to)}: nothing changed`);
  else if (r.kind === 'promote') lines.push(`${r.alias} → ${holder(r.to)}${r.from ? ` (was ${holder(r.from)})` : ''}`);
  else if (r.promoted) lines.push(ui.c.green(`promoted: ${r.alias} → ${holder(r.to)} (${r.why})`));
  else lines.push(ui.c.red(`not promoted: ${r.why}; ${r.alias} stays ${holder(r.from)}`));
  return lines.join('\n');
}

export const promoteCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('promote')
      .description('name a version with an alias (e.g. production) that predict and serve accept; --if-better only when it beats the current holder; --rollback moves the alias back')
      .argument('[ref]', 'version to promote: latest (default), an id or unique prefix, or an alias')
      .option('--as <name>', 'alias to set (letters, digits, _ . -)')
      .option('--if-better', 'score the candidate and the current holder on the same labelled rows; promote only when the candidate wins (exit 4 when not)')
      .option('--metric <name>', 'with --if-better: the metric to compare (default: the candidate\'s train.metric)')
      .option('--min-delta <d>', 'with --if-better: how much better the candidate must be, in the metric\'s units (default 0)')
      .option('--on <file>', 'with --if-better: labelled rows to compare on, e.g. a newer cohort with its outcomes (default: the candidate\'s test split)')
      .option('--rollback <name>', 'move the alias back to its previous holder (again: one further back)')
      .addHelpText(
        'after',
        `
Examples:
  spm promote --as production                        the current evaluate version, unconditionally
  spm promote --as production --if-better            only if it beats production on its test split
  spm promote --as production --if-better --on cohort3.csv --metric r2 --min-delta 0.01
  spm promote --rollback production                  back to the previous production model
  spm aliases --history                              every change, with both metrics

Every change is recorded (spm aliases --history); a running spm serve --model production
picks it up within its --reload-interval. Exit 4: --if-better did not promote.`,
      )
      .action(
        action<PromoteOptions>(setExitCode, async (opts, [ref]) => {
          const ui = createUi(opts);
          const minDelta = checkOptions(opts, ref);
          const { openWorkspace } = await import('../../pipeline/workspace.js');
          const { runPromote, runRollback } = await import('../../actions/promote.js');
          const { assertAliasName } = await import('../../store/refs.js');
          assertAliasName(opts.rollback ?? opts.as!);
          const ws = await openWorkspace(opts);
          const onLockWait = (pid: number, host?: string): void => ui.warn(lockWaitText(pid, host));
          const result =
            opts.rollback !== undefined
              ? await runRollback(ws, opts.rollback, onLockWait)
              : await runPromote(ws, { ref, alias: opts.as!, ifBetter: opts.ifBetter === true, minDelta, onLockWait, ...(opts.metric === undefined ? {} : { metric: opts.metric }), ...(opts.on === undefined ? {} : { on: opts.on }) });
          // stage and id: the promoted version, as the plain promote's document always gave it.
          ui.result({ ...result, stage: result.to.stage, id: result.to.id }, () => render(ui, result));
          return result.promoted || result.unchanged ? 0 : NOT_PROMOTED;
        }),
      );
  },
};
