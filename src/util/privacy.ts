/**
 * Whether messages may show values from the user's data. spm holds student data: by default a
 * message names the line, the row and the column, never a value from a cell (a score, an id),
 * so that terminals, CI logs and server logs carry none. `--verbose` turns values on for a
 * person debugging their own file. Kept in the environment so that worker threads (the parse
 * and cross-validation workers, started later) see the same setting; read once per thread,
 * since reasons are built per rejected row.
 */
const KEY = 'SPM_SHOW_VALUES';
let shown = process.env[KEY] === '1';

export function setShowValues(on: boolean): void {
  shown = on;
  if (on) process.env[KEY] = '1';
  else delete process.env[KEY];
}

export const showValues = (): boolean => shown;
