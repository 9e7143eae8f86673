/**
 * Where output goes and how it looks (SPEC §4): `--json` prints one JSON document on stdout
 * and nothing else; human text goes to stdout, or to stderr when stdout carries data;
 * colour only on a TTY without NO_COLOR / --no-color; progress only on a TTY.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface GlobalOptions {
  readonly params?: string;
  readonly set: string[];
  readonly artifacts?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly verbose?: boolean;
}

export interface Ui {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly c: ChalkInstance;
  /** Human-readable output (suppressed by --quiet and --json). */
  info(text: string): void;
  /** Warnings: always shown on stderr unless --quiet. */
  warn(text: string): void;
  /**
   * A transient progress line on stderr, only when stderr is a TTY, at most every 100 ms.
   * A function is called only when the line is shown (formatting numbers costs on hot loops).
   */
  progress(text: string | (() => string)): void;
  /** Prints the command's result: JSON on stdout with --json, else the human rendering. */
  result(data: unknown, render: () => string): void;
}

export interface UiOptions {
  /** The command writes data to stdout (predict -o -, synth -o -): human text goes to stderr. */
  readonly stdoutIsData?: boolean;
}

export function createUi(opts: GlobalOptions, uiOptions: UiOptions = {}): Ui {
  const json = opts.json === true;
  const quiet = opts.quiet === true;
  const humanToStderr = json || uiOptions.stdoutIsData === true;
  const human = humanToStderr ? process.stderr : process.stdout;
  const colorWanted = opts.color !== false && !('NO_COLOR' in process.env) && human.isTTY === true;
  const c = new Chalk({ level: colorWanted ? 1 : 0 });
  const progressOn = process.stderr.isTTY === true && !quiet;
  let progressShown = false;
  let progressAt = 0;
  const clearProgress = (): void => {
    if (progressShown) process.stderr.write('\r\x1b[K');
    progressShown = false;
  };
  return {
    json,
    quiet,
    c,
    info(text) {
      if (quiet || json) return;
      clearProgress();
      human.write(`${text}\n`);
    },
    warn(text) {
      if (quiet) return;
      clearProgress();
      process.stderr.write(`${c.yellow('warning:')} ${text}\n`);
    },
    progress(text) {
      if (!progressOn) return;
      const now = Date.now();
      if (progressShown && now - progressAt < 100) return;
      progressAt = now;
      process.stderr.write(`\r\x1b[K${c.dim(typeof text === 'function' ? text() : text)}`);
      progressShown = true;
    },
    result(data, render) {
      clearProgress();
      if (json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (!quiet) human.write(`${render()}\n`);
    },
  };
}
