/** What a process waiting for the store lock (lock.ts) tells its user: every command that waits says the same. No imports, so a command module can import it at start-up. */
export const lockWaitText = (pid: number, host?: string): string =>
  `waiting for another spm process (pid ${pid}${host === undefined ? '' : ` on host ${host}`}) that holds the store lock`;
