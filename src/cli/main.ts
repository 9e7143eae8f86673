/**
 * The entry point: builds the command line, runs one command, and turns the outcome into an
 * exit code (SPEC §7). This is the only place that decides how the process ends.
 */
import { EXIT, exitCodeOf, isSpmError, type ErrorCode } from '../errors.js';
import { SPM_VERSION } from '../version.js';
import { setShowValues } from '../util/privacy.js';
import { userPathError } from '../store/atomic.js';
import { deliver } from './stop-signals.js';

export async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  // Fast path: `spm --version` must not load anything (SPEC §8: ≤ 0.15 s).
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${SPM_VERSION}\n`);
    return;
  }
  // `spm … | head`: the reader went away. Like a Unix tool, stop quietly instead of crashing
  // on the unhandled EPIPE (the output nobody reads is not an error of spm's).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    // stdout redirected to a full disk (or a file that cannot grow): a message, not a stack.
    const failure = userPathError(error, 'stdout');
    if (!isSpmError(failure)) throw error;
    process.stderr.write(`spm: error: ${failure.message}\n${failure.hint ? `  hint: ${failure.hint}\n` : ''}`);
    process.exit(EXIT.user);
  });
  // Ctrl-C ends spm at once, unless a command that stops gracefully (serve) is waiting for it.
  process.on('SIGINT', () => {
    if (deliver('SIGINT')) return;
    process.stderr.write('\nspm: interrupted\n');
    process.exit(EXIT.interrupted);
  });
  const wantsJson = args.includes('--json');
  // Before any command runs (and any worker starts): may messages show values from the data?
  setShowValues(args.includes('--verbose'));
  try {
    const { buildProgram } = await import('./program.js');
    let code: number = EXIT.ok;
    const program = buildProgram((c) => {
      code = c;
    });
    await program.parseAsync(argv);
    process.exitCode = code;
  } catch (error) {
    process.exitCode = report(error, wantsJson);
  }
}

interface CommanderLike {
  code: string;
  exitCode: number;
  message: string;
}

/** With --json, every failure is also one JSON document on stdout, whatever its kind. */
function printJsonError(code: ErrorCode, message: string, hint: string | null): void {
  process.stdout.write(`${JSON.stringify({ error: { code, message, hint, exit_code: exitCodeOf(code) } }, null, 2)}\n`);
}

const isCommanderError = (e: unknown): e is CommanderLike =>
  typeof e === 'object' && e !== null && typeof (e as CommanderLike).code === 'string' && (e as CommanderLike).code.startsWith('commander.');

/** Prints an error for people and returns the exit code it maps to. */
function report(error: unknown, json: boolean): number {
  if (isCommanderError(error)) {
    // Commander already printed its message (usage errors) or the help/version text.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (json) printJsonError('USAGE', error.message.replace(/^error: /, ''), 'run `spm --help` for usage');
    return EXIT.usage;
  }
  if (isSpmError(error)) {
    process.stderr.write(`spm: error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (json) printJsonError(error.code, error.message, error.hint ?? null);
    return error.exitCode;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`spm: internal error (this is a bug in spm ${SPM_VERSION}): ${e.message}\n${e.stack ?? ''}\n`);
  process.stderr.write('Please report it with the command you ran and the output above.\n');
  if (json) printJsonError('INTERNAL', e.message, 'this is a bug in spm: please report it');
  return EXIT.internal;
}
