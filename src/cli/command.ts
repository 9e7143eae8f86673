/** What every command module provides, and the small glue shared by their actions. */
import type { Command } from 'commander';
import type { GlobalOptions } from './ui.js';

export interface CommandModule {
  register(program: Command, setExitCode: (code: number) => void): void;
}

/**
 * Wraps a command's action: hands it the merged global + command options and reports its
 * exit code to the entry point (commands never call process.exit).
 */
export function action<O>(
  setExitCode: (code: number) => void,
  run: (opts: GlobalOptions & O, args: string[]) => Promise<number | void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const positional = args.slice(0, -2).filter((a): a is string => typeof a === 'string');
    const code = await run(command.optsWithGlobals<GlobalOptions & O>(), positional);
    setExitCode(code ?? 0);
  };
}
