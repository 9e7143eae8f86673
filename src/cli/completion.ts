/**
 * Shell completion scripts (bash, zsh, fish), generated from the commander program itself so
 * that a new command or option is completed without touching this file. Pure: the command tree
 * in, the script text out; `spm completion SHELL` prints it.
 */
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface OptionNode {
  readonly long?: string;
  readonly short?: string;
  readonly description: string;
  /** The option takes a value (-p FILE): the next word is that value, completed as a file. */
  readonly takesValue: boolean;
}

export interface CommandNode {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionNode[];
  readonly commands: readonly CommandNode[];
  /** The values its first argument may take (completion bash|zsh|fish), completed like subcommands. */
  readonly choices: readonly string[];
}

/** The tree of a commander program: its commands, their subcommands and options (help included). */
export function commandTree(command: Command): CommandNode {
  const help = command.createHelp();
  const options = help.visibleOptions(command);
  const unique = new Map<string, OptionNode>();
  for (const o of options) {
    const key = o.long ?? o.short ?? '';
    if (!unique.has(key)) unique.set(key, { long: o.long, short: o.short, description: firstLine(o.description), takesValue: o.required || o.optional });
  }
  return {
    name: command.name(),
    description: firstLine(command.description()),
    options: [...unique.values()],
    commands: help.visibleCommands(command).filter((c) => c.name() !== 'help').map(commandTree),
    choices: command.registeredArguments[0]?.argChoices ?? [],
  };
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';
const words = (xs: readonly (string | undefined)[]): string => xs.filter(Boolean).join(' ');
const optionWords = (options: readonly OptionNode[]): string => words(options.flatMap((o) => [o.long, o.short]));
const valueOptions = (options: readonly OptionNode[]): string => words(options.filter((o) => o.takesValue).flatMap((o) => [o.long, o.short]));
/** Options every command takes: the program's, less those only the program itself has. */
const inherited = (root: CommandNode): readonly OptionNode[] => root.options.filter((o) => o.long !== '--version' && o.long !== '--help');
const nextWords = (node: CommandNode): readonly string[] => [...node.commands.map((c) => c.name), ...node.choices];
const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/** Every command path below the root, e.g. ['metrics'], ['metrics', 'diff']. */
function paths(node: CommandNode, at: readonly string[] = []): { path: readonly string[]; node: CommandNode }[] {
  return node.commands.flatMap((c) => [{ path: [...at, c.name], node: c }, ...paths(c, [...at, c.name])]);
}

function bash(root: CommandNode): string {
  const all = paths(root);
  const globalValues = valueOptions(root.options);
  const cases = all
    .map(({ path, node }) => {
      const opts = optionWords([...node.options, ...inherited(root)]);
      const subs = words(nextWords(node));
      return `    ${shellQuote(path.join(' '))}) opts=${shellQuote(opts)}; subs=${shellQuote(subs)}; values=${shellQuote(`${valueOptions(node.options)} ${globalValues}`.trim())} ;;`;
    })
    .join('\n');
  return `# spm completion for bash. Load it in this shell:  source <(spm completion bash)
# or for every shell:  spm completion bash > ~/.local/share/bash-completion/completions/spm
_spm_completion() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" word i skip=0
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local opts subs values
  # The command path so far (spm metrics diff …): words that are not options or option values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    case " ${globalValues} $values " in *" $word "*) skip=1; continue ;; esac
    case "$word" in -*) continue ;; esac
    local next="\${path:+$path }$word"
    case "$next" in
${all.map(({ path }) => `      ${shellQuote(path.join(' '))}) path="$next" ;;`).join('\n')}
    esac
    _spm_level "$path"
  done
  _spm_level "$path"
  case " $values " in *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); return; fi
  if [ -n "$subs" ]; then COMPREPLY=($(compgen -W "$subs" -- "$cur")); return; fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
_spm_level() {
  case "$1" in
    '') opts=${shellQuote(optionWords(root.options))}; subs=${shellQuote(words(root.commands.map((c) => c.name)))}; values=${shellQuote(globalValues)} ;;
${cases}
  esac
}
complete -o filenames -F _spm_completion spm
`;
}

function zsh(root: CommandNode): string {
  const spec = (o: OptionNode): string => {
    const desc = o.description.replace(/[[\]:'\\]/g, ' ');
    const arg = o.takesValue ? ':value:_files' : '';
    const names = [o.short, o.long].filter(Boolean) as string[];
    return names.map((n) => `'${n}[${desc}]${arg}'`).join(' ');
  };
  const describe = (nodes: readonly CommandNode[]): string => nodes.map((c) => `'${c.name}:${c.description.replace(/['\\:]/g, ' ')}'`).join(' ');
  const cases = paths(root)
    .map(({ path, node }) => `    ${shellQuote(path.join(' '))}) opts=(${[...node.options, ...inherited(root)].map(spec).join(' ')}); subs=(${[describe(node.commands), ...node.choices.map((c) => `'${c}'`)].join(' ').trim()}) ;;`)
    .join('\n');
  return `#compdef spm
# spm completion for zsh. Load it in this shell:  source <(spm completion zsh)
# or for every shell:  spm completion zsh > "\${fpath[1]}/_spm"  (then restart zsh)
_spm() {
  local -a opts subs
  local path="" word i
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    case "\${path:+$path }$word" in
${paths(root).map(({ path }) => `      ${shellQuote(path.join(' '))}) path="\${path:+$path }$word" ;;`).join('\n')}
    esac
  done
  case "$path" in
    '') opts=(${root.options.map(spec).join(' ')}); subs=(${describe(root.commands)}) ;;
${cases}
  esac
  if [[ "\${words[CURRENT]}" != -* ]] && (( \${#subs} )); then _describe 'command' subs; else _arguments -s $opts '*:file:_files'; fi
}
if [[ "$funcstack[1]" = "_spm" ]]; then _spm "$@"; else compdef _spm spm; fi
`;
}

function fish(root: CommandNode): string {
  const lines = [
    '# spm completion for fish. Load it in this shell:  spm completion fish | source',
    '# or for every shell:  spm completion fish > ~/.config/fish/completions/spm.fish',
    'complete -c spm -f',
  ];
  const option = (o: OptionNode, condition: string): string =>
    ['complete -c spm', condition, o.long ? `-l ${o.long.slice(2)}` : '', o.short ? `-s ${o.short.slice(1)}` : '', o.takesValue ? '-r -F' : '', `-d ${shellQuote(o.description)}`].filter(Boolean).join(' ');
  for (const o of root.options) lines.push(option(o, ''));
  for (const c of root.commands) lines.push(`complete -c spm -n '__fish_use_subcommand' -a ${c.name} -d ${shellQuote(c.description)}`);
  for (const { path, node } of paths(root)) {
    const seen = `-n '__fish_seen_subcommand_from ${path.at(-1)}'`;
    for (const sub of node.commands) lines.push(`complete -c spm ${seen} -a ${sub.name} -d ${shellQuote(sub.description)}`);
    for (const choice of node.choices) lines.push(`complete -c spm ${seen} -a ${choice}`);
    for (const o of node.options) lines.push(option(o, seen));
  }
  return `${lines.join('\n')}\n`;
}

const RENDER: Readonly<Record<Shell, (root: CommandNode) => string>> = { bash, zsh, fish };

/** The completion script for `shell`. */
export const completionScript = (shell: Shell, root: CommandNode): string => RENDER[shell](root);
