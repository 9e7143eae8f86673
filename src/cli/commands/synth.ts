/** `spm synth`: write a synthetic Students-Performance cohort (the default data, drift demos). */
import { InvalidArgumentError, type Command } from 'commander';
import { SHIFTS } from '../../data/synth-shifts.js';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface SynthCliOptions {
  readonly output: string;
  readonly rows: number;
  readonly seed: number;
  readonly shift?: string;
}

/** A commander parser for a whole number ≥ 1 (`--rows`, `run --jobs`). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return n;
}

function seedValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 4294967295) throw new InvalidArgumentError('expected a whole number from 0 to 4294967295.');
  return n;
}

const shiftHelp = Object.entries(SHIFTS)
  .map(([name, spec]) => `  ${name.padEnd(17)} ${spec.description}`)
  .join('\n');

export const synthCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('synth')
      .description('write a synthetic cohort CSV with the Students Performance columns (seeded, deterministic)')
      .requiredOption('-o, --output <file>', "output CSV file ('-' for stdout)")
      .option('--rows <n>', 'number of students', positiveInteger, 1000)
      .option('--seed <s>', 'random seed', seedValue, 42)
      .option('--shift <name>', 'write a shifted cohort (see the presets below)')
      .addHelpText(
        'after',
        `
Shift presets (for drift demonstrations):
${shiftHelp}

Examples:
  spm synth -o data/students.csv                      the default dataset
  spm synth -o cohort.csv --rows 5000 --seed 7 --shift less_test_prep
  spm synth -o - --rows 10000000 | gzip > big.csv.gz  streams in constant memory`,
      )
      .action(
        action<SynthCliOptions>(setExitCode, async (opts) => {
          const toStdout = opts.output === '-';
          const ui = createUi(opts, { stdoutIsData: toStdout });
          const { writeSynth } = await import('../../data/synth-write.js');
          const started = performance.now();
          const result = await writeSynth(opts.output, { rows: opts.rows, seed: opts.seed, shift: opts.shift ?? null }, (done) =>
            ui.progress({ label: 'synth', done, total: opts.rows, unit: 'rows' }),
          );
          const doc = { output: opts.output, rows: result.rows, seed: opts.seed, shift: opts.shift ?? null, bytes: result.bytes, duration_ms: Math.round(performance.now() - started) };
          ui.result(doc, () => `wrote ${result.rows} rows to ${toStdout ? 'stdout' : opts.output}${opts.shift ? ` (shift: ${opts.shift})` : ''}`);
        }),
      );
  },
};
