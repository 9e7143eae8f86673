/**
 * `spm predict` / `spm drift` with no -i read the CSV from stdin. In a pipe that is what the
 * user wants; typed at a terminal it would look like a hang, so say what spm waits for.
 */

export const STDIN_PROMPT = 'reading CSV from stdin (Ctrl-D to end; or pass -i FILE)…';

/** Whether to say so: input is stdin, stdin is a terminal, and the user did not ask for quiet. */
export const shouldPromptStdin = (input: string, stdinIsTTY: boolean, quiet: boolean): boolean => input === '-' && stdinIsTTY && !quiet;

/** Writes the prompt to stderr when shouldPromptStdin says so. */
export function promptStdin(input: string, quiet: boolean | undefined): void {
  if (shouldPromptStdin(input, process.stdin.isTTY === true, quiet === true)) process.stderr.write(`${STDIN_PROMPT}\n`);
}
