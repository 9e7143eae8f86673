/** `spm completion bash|zsh|fish`: the shell completion script, generated from the program's own commands. */
import { Argument, type Command } from 'commander';
import { action, type CommandModule } from '../command.js';

export const completionCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('completion')
      .description('print a shell completion script (commands, subcommands, options; files for option values)')
      .addArgument(new Argument('<shell>', 'the shell to complete for').choices(['bash', 'zsh', 'fish']))
      .addHelpText(
        'after',
        `
Examples:
  source <(spm completion bash)                                         this bash session
  spm completion bash > ~/.local/share/bash-completion/completions/spm  every bash session
  spm completion zsh > "\${fpath[1]}/_spm"                               zsh (restart it)
  spm completion fish > ~/.config/fish/completions/spm.fish             fish`,
      )
      .action(
        action<Record<string, never>>(setExitCode, async (_opts, [shell]) => {
          const { commandTree, completionScript, SHELLS } = await import('../completion.js');
          const chosen = SHELLS.find((s) => s === shell) ?? 'bash'; // commander already refused other names
          process.stdout.write(completionScript(chosen, commandTree(program)));
        }),
      );
  },
};
