/** `--help` of every command and group ends with examples that start with `spm` (issue 21, item 6). */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

/** Every command below the program, with its path (`metrics diff`). */
function commands(cmd: Command, at: readonly string[] = []): { path: string; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...at, c.name()].join(' '), cmd: c }, ...commands(c, [...at, c.name()])]);
}

/** What `spm <path> --help` prints, after-help text included. */
function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

describe('--help', () => {
  const program = buildProgram(() => {});
  const all = commands(program);

  it('covers the commands and the groups', () => {
    expect(all.map((c) => c.path)).toEqual(expect.arrayContaining(['run', 'predict', 'metrics', 'metrics diff', 'params', 'params diff', 'completion', 'train']));
  });

  it.each([{ path: '(the program)', cmd: program }, ...all])('spm $path --help shows examples', ({ cmd }) => {
    const help = helpOf(cmd);
    const examples = help.split('\nExamples:\n')[1];
    expect(examples, help).toBeDefined();
    const lines = examples!.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => /^ {2}(npx )?spm\b|^ {2}(cat|curl|source) /.test(l)).length).toBeGreaterThanOrEqual(1);
  });
});
