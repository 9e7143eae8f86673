/**
 * Ctrl-C and SIGTERM for commands that stop gracefully (`spm serve`). By default Ctrl-C ends
 * spm at once (main.ts); a command waiting in `nextStopSignal()` takes the first SIGINT or
 * SIGTERM instead, finishes its work and returns its exit code to the entry point. A second
 * Ctrl-C finds no one waiting, so main.ts ends spm at once.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

let waiting: ((signal: StopSignal) => void) | null = null;

/** The next SIGINT or SIGTERM, taken from the entry point's default (exit at once). */
export function nextStopSignal(): Promise<StopSignal> {
  return new Promise((resolve) => {
    const onTerm = (): void => {
      deliver('SIGTERM');
    };
    process.once('SIGTERM', onTerm);
    waiting = (signal) => {
      waiting = null;
      process.removeListener('SIGTERM', onTerm);
      resolve(signal);
    };
  });
}

/** Hands a signal to the command waiting for it; false when none is (main.ts then exits). */
export function deliver(signal: StopSignal): boolean {
  if (!waiting) return false;
  waiting(signal);
  return true;
}
