/**
 * `spm completion`: scripts generated from the commander program. The bash script is run in a
 * real bash (its completion function, which answers with compgen), the way bash calls it on Tab.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandTree, completionScript } from '../../src/cli/completion.js';
import { buildProgram } from '../../src/cli/program.js';

const spmTree = commandTree(buildProgram(() => {}));
const bashScript = completionScript('bash', spmTree);

/** What bash offers for the words typed so far (the last one is being completed). */
function complete(script: string, words: readonly string[], cwd?: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'spm-completion-'));
  const file = join(dir, 'spm.bash');
  writeFileSync(file, script);
  const driver = `source ${JSON.stringify(file)}
complete -p spm
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_spm_completion
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', driver], { encoding: 'utf8', cwd: cwd ?? dir });
  const [registered, ...offers] = out.split('\n');
  expect(registered).toBe('complete -o filenames -F _spm_completion spm');
  return offers.filter(Boolean).sort();
}

describe('spm completion bash (checked in bash)', () => {
  it('completes command names', () => {
    expect(complete(bashScript, ['spm', 'pr'])).toEqual(['predict', 'promote']);
    expect(complete(bashScript, ['spm', ''])).toEqual(expect.arrayContaining(['run', 'predict', 'drift', 'serve', 'completion', 'metrics']));
  });

  it("completes a group's subcommands, and a command's options with the global ones", () => {
    expect(complete(bashScript, ['spm', 'metrics', ''])).toEqual(['diff', 'show']);
    expect(complete(bashScript, ['spm', 'predict', '--ex'])).toEqual(['--explain']);
    expect(complete(bashScript, ['spm', 'predict', '--j'])).toEqual(['--json']);
    expect(complete(bashScript, ['spm', 'completion', ''])).toEqual(['bash', 'fish', 'zsh']);
  });

  it('skips option values when finding the command, and completes files after an option that takes one', () => {
    expect(complete(bashScript, ['spm', '-p', 'other.yaml', 'dr'])).toEqual(['drift']);
    const dir = mkdtempSync(join(tmpdir(), 'spm-completion-files-'));
    writeFileSync(join(dir, 'cohort.csv'), 'a\n');
    expect(complete(bashScript, ['spm', 'predict', '-i', 'coh'], dir)).toEqual(['cohort.csv']);
  });

  it('completes a command added to the program, with no change to the generator', () => {
    const program = new Command('spm').option('-p, --params <file>', 'params file');
    program.command('brand-new').description('a new command').option('--shiny', 'an option');
    const script = completionScript('bash', commandTree(program));
    expect(complete(script, ['spm', 'bra'])).toEqual(['brand-new']);
    expect(complete(script, ['spm', 'brand-new', '--sh'])).toEqual(['--shiny']);
  });
});

describe('spm completion zsh and fish (no zsh or fish on this machine: the scripts are checked as text)', () => {
  it('zsh: a #compdef script with every command, subcommand and option', () => {
    const zsh = completionScript('zsh', spmTree);
    expect(zsh.startsWith('#compdef spm\n')).toBe(true);
    for (const name of ['run', 'predict', 'metrics diff', 'params diff', 'completion']) expect(zsh).toContain(`'${name}')`);
    expect(zsh).toContain("'--explain[add top_factors");
    expect(zsh).toContain("'--params[params file");
  });

  it('fish: complete lines for commands, subcommands and options; value options take files', () => {
    const fish = completionScript('fish', spmTree);
    expect(fish).toContain("complete -c spm -n '__fish_use_subcommand' -a predict -d ");
    expect(fish).toContain("complete -c spm -n '__fish_seen_subcommand_from metrics' -a diff -d ");
    expect(fish).toContain("complete -c spm -n '__fish_seen_subcommand_from predict' -l explain -d ");
    expect(fish).toMatch(/complete -c spm -l params -s p -r -F -d /);
  });
});
