/**
 * Ctrl-C and SIGTERM for commands that stop gracefully (`spm serve`, `spm worker`, a `--queue`
 * command). By default Ctrl-C ends spm at once (main.ts); a command waiting in
 * `nextStopSignal()` (or running under `abortOnStop`) takes the first SIGINT or SIGTERM instead,
 * finishes or cancels its work and returns its exit code to the entry point. A second Ctrl-C
 * finds no one waiting, so main.ts ends spm at once.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

let waiting: ((signal: StopSignal) => void) | null = null;

/** Takes the next SIGINT or SIGTERM for `handler`; the release gives them back to the entry point. */
function take(handler: (signal: StopSignal) => void): () => void {
  const onTerm = (): void => {
    deliver('SIGTERM');
  };
  process.once('SIGTERM', onTerm);
  const release = (): void => {
    if (waiting === mine) waiting = null;
    process.removeListener('SIGTERM', onTerm);
  };
  const mine = (signal: StopSignal): void => {
    release();
    handler(signal);
  };
  waiting = mine;
  return release;
}

/** The next SIGINT or SIGTERM, taken from the entry point's default (exit at once). */
export function nextStopSignal(): Promise<StopSignal> {
  return new Promise((resolve) => {
    take(resolve);
  });
}

/**
 * Runs `work` with a signal that the first Ctrl-C or SIGTERM aborts (a `--queue` command
 * cancels its pieces, cleans up and returns 130); once `work` settles, Ctrl-C ends spm at once
 * again.
 */
export async function abortOnStop<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const release = take((signal) => controller.abort(new DOMException(`stopped by ${signal}`, 'AbortError')));
  try {
    return await work(controller.signal);
  } finally {
    release();
  }
}

/** Hands a signal to the command waiting for it; false when none is (main.ts then exits). */
export function deliver(signal: StopSignal): boolean {
  if (!waiting) return false;
  waiting(signal);
  return true;
}
