/**
 * `mkdir -p` that always ends. Node's own `mkdir(path, { recursive: true })` loops forever when
 * the kernel answers ENOENT for a folder whose parent exists (under /proc, say: `spm run
 * --artifacts /proc/store` hung at 100% CPU). Here each level is made once, from the top
 * down, and any refusal is the error the caller reports.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorCode, isNotFound } from '../store/fs-errors.js';

export async function mkdirp(path: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const parent = dirname(path);
  if (parent !== path) await mkdirp(parent);
  try {
    await mkdir(path);
  } catch (e) {
    // Another process made it meanwhile: as good as ours.
    if (errorCode(e) === 'EEXIST' && (await stat(path)).isDirectory()) return;
    throw e;
  }
}
