/**
 * Temporary files and folders that must not outlive the process. Ctrl-C ends spm through
 * `process.exit(130)` (src/cli/main.ts), which skips every `finally` and pending `rm`, so
 * whatever is still registered here is removed synchronously in the 'exit' handler.
 * Register a path when it is created; unregister it once it is renamed into place or removed.
 */
import { rmSync } from 'node:fs';

const pending = new Set<string>();
let installed = false;

export function trackTemp(path: string): void {
  pending.add(path);
  if (!installed) {
    installed = true;
    process.on('exit', removeTracked);
  }
}

export function untrackTemp(path: string): void {
  pending.delete(path);
}

/** Removes every registered path now (the 'exit' handler; exported for tests). */
export function removeTracked(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Exiting anyway: a path we cannot remove is left for `cleanStaleTemp` or the user.
    }
  }
  pending.clear();
}

/** The registered paths (for tests). */
export const trackedTemp = (): readonly string[] => [...pending];
