/**
 * Where output goes and how it looks (SPEC §4): `--json` prints one JSON document on stdout
 * and nothing else; human text goes to stdout, or to stderr when stdout carries data;
 * colour on a TTY unless --no-color or a non-empty NO_COLOR, or anywhere with FORCE_COLOR
 * (colorLevel); progress only on a TTY.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { progressText, type ProgressStep } from '../util/progress.js';

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
  /** A line of the log of long work on stderr (each pipeline of `spm run -p PATTERN`): shown unless --quiet, with --json too. */
  note(text: string): void;
  /**
   * A transient progress line on stderr, only when stderr is a TTY, at most every 100 ms.
   * A function is called only when the line is shown (formatting numbers costs on hot loops).
   * A step with a known total shows a percentage and the time left (timed from its first step).
   */
  progress(text: string | (() => string) | ProgressStep): void;
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
  const c = new Chalk({ level: colorLevel({ flag: opts.color, env: process.env, isTTY: human.isTTY === true }) });
  const progressOn = process.stderr.isTTY === true && !quiet;
  let progressShown = false;
  let progressAt = 0;
  // When the current counted task (its unit and total) started: the pace for the time left.
  let task = { key: '', startedAt: 0 };
  const taskStart = (step: ProgressStep): number => {
    const key = `${step.unit}/${step.total}`;
    if (key !== task.key || step.done <= 0) task = { key, startedAt: Date.now() };
    return task.startedAt;
  };
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
    note(text) {
      if (quiet) return;
      clearProgress();
      process.stderr.write(`${text}\n`);
    },
    progress(text) {
      if (!progressOn) return;
      if (typeof text === 'object') {
        const step = text;
        const startedAt = taskStart(step); // kept even when this step is not shown
        text = () => progressText(step, Date.now() - startedAt);
      }
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

/**
 * The colour level: --no-color wins; then FORCE_COLOR (as Node reads it: 0 or false off, 2 or 3
 * more colours, anything else on, even off a terminal); then NO_COLOR when non-empty
 * (https://no-color.org: an empty NO_COLOR does not count); else colour on a terminal only.
 */
export function colorLevel(o: { readonly flag?: boolean; readonly env: NodeJS.ProcessEnv; readonly isTTY: boolean }): 0 | 1 | 2 | 3 {
  if (o.flag === false) return 0;
  const force = o.env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force.toLowerCase() === 'false') return 0;
    return force === '2' ? 2 : force === '3' ? 3 : 1;
  }
  if (o.env.NO_COLOR) return 0;
  return o.isTTY ? 1 : 0;
}
