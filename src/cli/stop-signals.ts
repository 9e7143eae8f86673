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

/**
 * Runs `work` with a signal that the first Ctrl-C or SIGTERM aborts (a `--queue` command
 * cancels its pieces, cleans up and returns 130); once `work` settles, Ctrl-C ends spm at once
 * again. A second Ctrl-C during the cancelling ends spm at once too.
 */
export async function abortOnStop<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onTerm = (): void => {
    deliver('SIGTERM');
  };
  process.once('SIGTERM', onTerm);
  const mine = (signal: StopSignal): void => {
    waiting = null;
    process.removeListener('SIGTERM', onTerm);
    controller.abort(new DOMException(`stopped by ${signal}`, 'AbortError'));
  };
  waiting = mine;
  try {
    return await work(controller.signal);
  } finally {
    if (waiting === mine) waiting = null;
    process.removeListener('SIGTERM', onTerm);
  }
}
