/** `spm gc [--keep-last N] [--older-than AGE] [--yes]`: remove the store versions nothing refers to; a dry run unless --yes. */
import type { Command } from 'commander';
import { SpmError } from '../../errors.js';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';
import { lockWaitText } from '../../store/lock-wait.js';

interface GcOptions {
  readonly keepLast: string;
  readonly olderThan?: string;
  readonly yes?: boolean;
}

const usage = (message: string, hint: string): SpmError => new SpmError('USAGE', message, { hint });

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export const gcCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('gc')
      .description('remove store versions that no alias, alias history, spm.lock or kept version refers to (a dry run unless --yes)')
      .option('--keep-last <n>', 'also keep the newest N versions of every stage', '0')
      .option('--older-than <age>', 'only remove versions older than this: 90m, 12h, 30d, 2w')
      .option('--yes', 'remove them (without it, only list what would go and its size)')
      .addHelpText(
        'after',
        `
Examples:
  spm gc                                  what would go, and how much space it frees
  spm gc --keep-last 3 --older-than 30d --yes
  spm verify                              afterwards: still clean

Kept always: what an alias or the alias history names, the versions in spm.lock (the last
run of these params), and everything upstream of a kept version (a model keeps its transform
and ingest). Other params files sharing the store have their own spm.lock: run gc with the
params file whose versions you want to keep (-p), or give --keep-last.

The alias history is an audit log: gc never trims it (artifacts/aliases-history.jsonl, shown by
spm aliases --history), so every version an alias ever named stays and a rollback always has its
target. To let those versions go, move that file out of the store (archive it), then run gc:
only what the aliases name now is kept, and a rollback finds no earlier holder.`,
      )
      .action(
        action<GcOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const keepLast = Number(opts.keepLast);
          if (!/^\d+$/.test(opts.keepLast.trim()) || !Number.isSafeInteger(keepLast)) throw usage(`--keep-last: '${opts.keepLast}' is not a whole number ≥ 0`, 'e.g. --keep-last 3');
          const [{ openWorkspace }, { runGc }, { parseAge }] = await Promise.all([import('../../pipeline/workspace.js'), import('../../actions/gc.js'), import('../../store/gc-plan.js')]);
          let olderThanMs: number | null = null;
          if (opts.olderThan !== undefined) {
            olderThanMs = parseAge(opts.olderThan);
            if (olderThanMs === null) throw usage(`--older-than: '${opts.olderThan}' is not an age`, 'e.g. --older-than 30d (m minutes, h hours, d days, w weeks)');
          }
          const ws = await openWorkspace(opts, { paramsOptional: true });
          const result = await runGc(ws, { keepLast, olderThanMs, apply: opts.yes === true, onLockWait: (pid, host) => ui.warn(lockWaitText(pid, host)) });
          ui.result(result, () => {
            const lines = result.removed.map((v) => `  ${v.stage}/${v.id}  ${v.created.replace('T', ' ').slice(0, 19)}  ${size(v.bytes)}`);
            const what = `${result.removed.length} version(s), ${size(result.removed_bytes)}`;
            const head = result.removed.length === 0 ? `nothing to remove in ${result.root} (${result.kept} version(s) kept)` : result.dry_run ? `would remove ${what} (${result.kept} kept); run again with --yes to remove them:` : `removed ${what} (${result.kept} kept)`;
            const unreadable = result.unreadable.length ? [`left alone (unreadable manifest; see spm verify): ${result.unreadable.join(', ')}`] : [];
            return [head, ...lines, ...unreadable].join('\n');
          });
        }),
      );
  },
};
