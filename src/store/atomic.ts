/**
 * Writes that never leave a half-written file visible: write beside the target under a
 * temporary name, then rename (atomic on one file system). The temporary file is registered
 * for removal at exit, so even Ctrl-C leaves nothing behind. Also the one place that turns a
 * file-system error on a path the user gave into a message for people.
 */
import { hostTag, isThisHostTag } from './host.js';
import { mkdirp } from '../util/mkdirp.js';
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { SpmError } from '../errors.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';
import { errorCode } from './fs-errors.js';

// `.<name>.<pid>@<host tag>.<hex>.tmp`: the host tag keeps a shared folder's cleanup to its own host's pids.
const tempName = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${process.pid}@${hostTag()}.${randomBytes(4).toString('hex')}.tmp`);

/** Removes the temporary files of `target` (see tempName) whose process no longer runs: a write killed half way. */
export async function cleanStaleTempFiles(target: string, isAlive: (pid: number) => boolean): Promise<number> {
  const prefix = `.${basename(target)}.`;
  let removed = 0;
  for (const name of await readdir(dirname(target)).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)(?:@([0-9a-f]{8}))?\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (m && isThisHostTag(m[2]) && Number(m[1]) !== process.pid && !isAlive(Number(m[1]))) {
      await rm(join(dirname(target), name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** What a user-given path is: an output file, or the artifact store folder. */
export type UserPathKind = 'output' | 'store';

/** The file-system errors a user can fix by giving another path, in words. */
const REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of its path is a file, not a folder',
  EEXIST: 'part of its path is a file, not a folder',
  ENOENT: 'its folder does not exist or does not accept new files',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the disk',
  EROFS: 'the file system is read-only',
};

const STORE_HINT = 'point --artifacts (or artifacts.dir in the params file) at a folder';

/**
 * `error` as an SpmError (exit 1) naming `path` and what is wrong with it, when it is one of
 * the file-system errors in REASONS; any other error is returned unchanged (a bug: exit 70).
 * Use as `catch (e) { throw userPathError(e, path) }`.
 */
export function userPathError(error: unknown, path: string, kind: UserPathKind = 'output'): unknown {
  const code = errorCode(error);
  const reason = typeof code === 'string' ? REASONS[code] : undefined;
  if (reason === undefined || error instanceof SpmError) return error;
  const options = { hint: pathHint(code as string, path, kind), cause: error };
  if (kind === 'store') {
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      return new SpmError('STORE_PATH', `the artifact store ${path} is not a folder`, { ...options, hint: `${STORE_HINT}; spm creates it if it is missing` });
    }
    return new SpmError('STORE_PATH', `cannot use the artifact store ${path}: ${reason}`, options);
  }
  return new SpmError('OUTPUT_PATH', `cannot write ${path}: ${reason}`, options);
}

function pathHint(code: string, path: string, kind: UserPathKind): string {
  if (code === 'ENOSPC') return 'free some disk space, or write to another disk';
  if (kind === 'store') return `${STORE_HINT} you can write to`;
  if (code === 'EISDIR') return `give a file name, e.g. ${join(path, 'out.csv')}`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'check the folder names in the path: one of them is a file';
  return 'write somewhere you may create files, e.g. under the current folder';
}

/** A file being written under a temporary name; nothing appears at `path` until `commit`. */
export interface AtomicOutput {
  /** The target path, or '-' for stdout. */
  readonly path: string;
  /** Writes one chunk, waiting while the stream's buffer is full (back-pressure). */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finishes the file and renames it onto `path` (stdout: nothing to do). */
  commit(): Promise<void>;
  /** Drops the temporary file; `path` is left as it was. Safe to call after `commit`. */
  discard(): Promise<void>;
}

export interface AtomicOutputOptions {
  /** fsync before the rename, so the file survives a power cut (small state files). */
  readonly durable?: boolean;
}

/** Opens `path` for an atomic write; '-' is stdout, written directly. */
export async function openAtomicOutput(path: string, options: AtomicOutputOptions = {}): Promise<AtomicOutput> {
  if (path === '-') return stdoutOutput;
  const existing = await stat(path).catch(() => null);
  // Fail before the work, not at the final rename, when the target is a folder.
  if (existing?.isDirectory()) throw userPathError({ code: 'EISDIR' }, path);
  // A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written as it is: renaming a
  // temporary file over it would replace the device itself (as root, /dev/null with a file).
  if (existing && !existing.isFile()) return streamOutput(path);
  const tmp = tempName(path);
  trackTemp(tmp);
  try {
    await mkdirp(dirname(path));
    // Opened synchronously: once the file exists it is tracked, with no await between, so an exit
    // at any moment (Ctrl-C) removes it. An asynchronous open could create it after the exit
    // handler ran (seen under load: a `.rejects.csv` temporary left behind).
    const stream = createWriteStream(tmp, { fd: openSync(tmp, 'w') });
    return new FileOutput(path, tmp, stream, options.durable === true);
  } catch (error) {
    untrackTemp(tmp);
    throw userPathError(error, path);
  }
}

/** Runs `write` on an atomic output of `path`: committed when it resolves, discarded when it throws. */
export async function withAtomicOutput<T>(path: string, write: (out: AtomicOutput) => Promise<T>, options: AtomicOutputOptions = {}): Promise<T> {
  const out = await openAtomicOutput(path, options);
  let result: T;
  try {
    result = await write(out);
  } catch (error) {
    await out.discard();
    throw error;
  }
  await out.commit();
  return result;
}

/** Writes `data` to `path` atomically, flushing to disk before the rename (as everywhere here, '-' is stdout). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await withAtomicOutput(path, (out) => out.write(data), { durable: true });
}

const stdoutOutput: AtomicOutput = {
  path: '-',
  write: (chunk) => writeChunk(process.stdout, chunk),
  commit: async () => {},
  discard: async () => {},
};

async function writeChunk(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  // `once` also rejects when the stream emits 'error' while we wait.
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Writes straight into a device or pipe: nothing to rename, nothing to take back. */
async function streamOutput(path: string): Promise<AtomicOutput> {
  const stream = createWriteStream(path, { flags: 'a' });
  let failure: unknown = null;
  stream.on('error', (error) => {
    failure ??= error;
  });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw userPathError(error, path);
  }
  const check = (): void => {
    if (failure !== null) throw userPathError(failure, path);
  };
  return {
    path,
    write: async (chunk) => {
      check();
      try {
        await writeChunk(stream, chunk);
      } catch (error) {
        throw userPathError(error, path);
      }
    },
    commit: async () => {
      check();
      try {
        stream.end();
        await once(stream, 'close');
      } catch (error) {
        throw userPathError(error, path);
      }
      check();
    },
    discard: async () => {
      stream.destroy();
    },
  };
}

class FileOutput implements AtomicOutput {
  private failure: unknown = null;
  private done = false;

  constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly stream: Writable,
    private readonly durable: boolean,
  ) {
    // Keeps a write error for the next call instead of letting it crash the process.
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    try {
      if (this.failure !== null) throw this.failure;
      await writeChunk(this.stream, chunk);
    } catch (error) {
      throw userPathError(error, this.path);
    }
  }

  async commit(): Promise<void> {
    try {
      if (this.failure !== null) throw this.failure;
      this.stream.end();
      await once(this.stream, 'close');
      if (this.failure !== null) throw this.failure;
      if (this.durable) await fsync(this.tmp);
      await rename(this.tmp, this.path);
    } catch (error) {
      await this.discard();
      throw userPathError(error, this.path);
    }
    this.done = true;
    untrackTemp(this.tmp);
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.stream.destroy();
    await rm(this.tmp, { force: true });
    untrackTemp(this.tmp);
  }
}

/** Flushes a closed file to disk (fsync applies to the file, whichever descriptor asks). */
async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
