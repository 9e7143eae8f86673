/** The bearer token of `spm serve --token-file`, and which hosts count as this machine only. */
import { readFile, stat } from 'node:fs/promises';
import { SpmError } from '../errors.js';

/** How to make a token, for every message about a missing or bad one. */
export const TOKEN_HINT = "write one with `node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\" > token.txt`";

/** Shortest token accepted: 16 characters (a guessable token is no protection). */
export const MIN_TOKEN = 16;

export async function readToken(path: string, warn: (text: string) => void): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SpmError('TOKEN_FILE', `--token-file: cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`, {
      hint: TOKEN_HINT,
    });
  }
  const token = text.trim();
  if (token.length < MIN_TOKEN || /\s/.test(token)) {
    throw new SpmError('TOKEN_FILE', `--token-file: ${path} must hold one token of at least ${MIN_TOKEN} characters without spaces (found ${token.length ? `${token.length} characters` : 'nothing'}${/\s/.test(token) ? ' with spaces' : ''})`, {
      hint: TOKEN_HINT,
    });
  }
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) warn(`${path} can be read by other users of this machine: chmod 600 ${path}`);
  return token;
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
