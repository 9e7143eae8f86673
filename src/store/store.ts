/**
 * The artifact store (SPEC §5): `<root>/<stage>/<id>/` holds a version's outputs and its
 * manifest.json. A version is built in `<root>/.tmp/` and renamed into place when complete,
 * so a killed run never leaves a half-written version visible. Reads verify sha256.
 */
import { hostTag, isThisHostTag } from './host.js';
import { mkdirp } from '../util/mkdirp.js';
import { errorCode, isNotFound, isOccupied } from './fs-errors.js';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SpmError } from '../errors.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';
import { userPathError } from './atomic.js';
import { sha256, sha256Async, sha256File } from './hash.js';
import { manifestChecksum, rebuildHint, STAGE_NAME, validateManifest, VERSION_ID, type ArtifactInput, type DataInput, type Manifest, type OutputEntry } from './manifest.js';
import { SPM_VERSION } from '../version.js';

const MANIFEST = 'manifest.json';
const TMP = '.tmp';


export interface PublishInfo {
  readonly params: Record<string, unknown>;
  readonly inputs: { readonly data: readonly DataInput[]; readonly artifacts: readonly ArtifactInput[] };
  readonly summary?: Record<string, unknown>;
  readonly startedAt: number;
  /** Replace an existing version with the same id (`--force`). */
  readonly replace?: boolean;
}

export class ArtifactStore {
  constructor(readonly root: string) {}

  /** The folder of a version; a stage or id that is not a bare name (a path such as `../x`) never becomes one. */
  versionDir(stage: string, id: string): string {
    if (!STAGE_NAME.test(stage) || !VERSION_ID.test(id)) {
      throw new SpmError('UNKNOWN_REF', `'${stage}/${id}' is not a version of this store`, { hint: 'list versions with `spm versions`' });
    }
    return join(this.root, stage, id);
  }

  async has(stage: string, id: string): Promise<boolean> {
    try {
      await stat(join(this.versionDir(stage, id), MANIFEST));
      return true;
    } catch (e) {
      // ENOTDIR: `id` is a stray file in the stage folder, not a version.
      if (isNotFound(e) || errorCode(e) === 'ENOTDIR') return false;
      throw this.pathError(e);
    }
  }

  /** Ids of the complete versions of a stage. */
  async listIds(stage: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, stage));
    } catch (e) {
      if (isNotFound(e)) return [];
      throw this.pathError(e);
    }
    const ids: string[] = [];
    for (const name of names.sort()) if (VERSION_ID.test(name) && (await this.has(stage, name))) ids.push(name);
    return ids;
  }

  async readManifest(stage: string, id: string): Promise<Manifest> {
    const path = join(this.versionDir(stage, id), MANIFEST);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if (isNotFound(e)) {
        throw new SpmError('ARTIFACT_MISSING', `no ${stage} version ${id} in ${this.root}`, {
          hint: `run \`spm ${stage}\` (or \`spm run\`) to build it`,
        });
      }
      throw this.pathError(e);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const manifest = validateManifest(parsed, path, stage);
    if (manifest.stage !== stage || manifest.id !== id) {
      throw new SpmError('ARTIFACT_CORRUPT', `${path} describes ${manifest.stage}/${manifest.id}, not ${stage}/${id}`, { hint: rebuildHint(stage) });
    }
    return manifest;
  }

  /** Reads one output of a version, verified against the sha256 in its manifest. */
  async readOutput(stage: string, id: string, name: string): Promise<Buffer> {
    return this.verifiedOutput(stage, id, name, async (path) => {
      const data = await readFile(path);
      return { value: data, sha256: sha256(data) };
    });
  }

  async readJson(stage: string, id: string, name: string): Promise<unknown> {
    const data = await this.readOutput(stage, id, name);
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch {
      throw corrupt(stage, join(this.versionDir(stage, id), name), 'is not valid JSON');
    }
  }

  /** Path of a verified output file, for readers that stream it (large CSV splits); `manifest`: the version's, when already read. */
  async verifiedPath(stage: string, id: string, name: string, manifest?: Manifest): Promise<string> {
    return this.verifiedOutput(stage, id, name, async (path) => ({ value: path, sha256: await sha256File(path) }), manifest);
  }

  /**
   * Looks up output `name` in the version's manifest and checks `load`'s sha256 against it:
   * an output missing from the manifest or the folder, or with another hash, is corrupt.
   */
  private async verifiedOutput<T>(stage: string, id: string, name: string, load: (path: string) => Promise<{ value: T; sha256: string }>, read?: Manifest): Promise<T> {
    const manifest = read ?? (await this.readManifest(stage, id));
    const entry = manifest.outputs.find((o) => o.path === name);
    if (!entry) throw new SpmError('ARTIFACT_CORRUPT', `${stage}/${id} has no output ${name}`, { hint: rebuildHint(stage) });
    const path = join(this.versionDir(stage, id), name);
    let loaded: { value: T; sha256: string };
    try {
      loaded = await load(path);
    } catch (e) {
      if (isNotFound(e)) throw corrupt(stage, path, 'is missing');
      throw e;
    }
    if (loaded.sha256 !== entry.sha256) throw corrupt(stage, path, 'does not match the sha256 in its manifest');
    return loaded.value;
  }

  /** Starts a new version in a private temporary folder. */
  async create(stage: string, id: string): Promise<VersionWriter> {
    const dir = this.tempDir(stage, id);
    trackTemp(dir);
    try {
      await mkdirp(dir);
    } catch (e) {
      untrackTemp(dir);
      throw this.pathError(e);
    }
    return new VersionWriter(this, stage, id, dir);
  }

  /**
   * A new private folder name in `<root>/.tmp/`. The pid and host tag in it (`<pid>@<tag>`, the
   * second-to-last `-` field) let `cleanStaleTemp` tell a killed run's leftovers from a live
   * run's work — on this host only: another host's pid cannot be checked from here.
   */
  tempDir(stage: string, id: string, suffix = ''): string {
    return join(this.root, TMP, `${stage}-${id}-${process.pid}@${hostTag()}-${randomBytes(3).toString('hex')}${suffix}`);
  }

  /** A file-system error on the store root as a message for people (exit 1), else unchanged. */
  pathError(e: unknown): unknown {
    return userPathError(e, this.root, 'store');
  }

  /**
   * Removes temporary folders left by processes of this host that no longer run (a killed
   * run). Names without a host tag come from an older spm and count as this host's; another
   * host's are left for that host to clean.
   */
  async cleanStaleTemp(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(join(this.root, TMP));
    } catch (e) {
      if (isNotFound(e)) return 0;
      throw this.pathError(e);
    }
    let removed = 0;
    for (const name of names) {
      const m = /^(\d+)(?:@([0-9a-f]{8}))?$/.exec(name.split('-').at(-2) ?? '');
      if (m && isGoneHere(Number(m[1]), m[2])) {
        await rm(join(this.root, TMP, name), { recursive: true, force: true });
        removed++;
      }
    }
    // A lock being made or taken over when its process was killed: .lock.<pid>[@<tag>].<hex>.new / .stale.
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      const m = /^\.lock\.(\d+)(?:@([0-9a-f]{8}))?\.[0-9a-f]+\.(new|stale)$/.exec(name);
      if (m && isGoneHere(Number(m[1]), m[2])) {
        await rm(join(this.root, name), { recursive: true, force: true });
        removed++;
      }
    }
    return removed;
  }
}

function corrupt(stage: string, path: string, what: string): SpmError {
  return new SpmError('ARTIFACT_CORRUPT', `artifact ${path} ${what}`, { hint: rebuildHint(stage) });
}

/** A pid of this host (by its name's host tag) that is not ours and no longer runs. */
export function isGoneHere(pid: number, tag: string | undefined): boolean {
  return isThisHostTag(tag) && pid !== process.pid && !isAlive(pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Collects a version's outputs, then publishes them with their manifest in one rename. */
export class VersionWriter {
  private readonly outputs: OutputEntry[] = [];

  constructor(
    private readonly store: ArtifactStore,
    readonly stage: string,
    readonly id: string,
    readonly dir: string,
  ) {}

  /**
   * Writes and hashes an output. Bytes are hashed on the thread pool while the file is written:
   * a stage may start the next output (or other work) before awaiting this one, as ingest does
   * with its splits. Entries keep the order of the calls.
   */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    const entry = { path: name, sha256: '', bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength };
    this.outputs.push(entry);
    const [, digest] = await Promise.all([writeFile(join(this.dir, name), data), typeof data === 'string' ? sha256(data) : sha256Async(data)]);
    entry.sha256 = digest;
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    await this.write(name, `${JSON.stringify(value, null, 1)}\n`);
  }

  /** Registers a file the stage already wrote into `dir` (streamed outputs). */
  async addFile(name: string): Promise<void> {
    const path = join(this.dir, name);
    const { size } = await stat(path);
    this.outputs.push({ path: name, sha256: await sha256File(path), bytes: size });
  }

  async publish(info: PublishInfo): Promise<Manifest> {
    const unfinished = this.outputs.find((o) => o.sha256 === '');
    if (unfinished) throw new Error(`${this.stage}: output ${unfinished.path} published before its write finished`);
    const fields: Omit<Manifest, 'manifest_sha256'> = {
      format: 'spm.manifest',
      version: 1,
      stage: this.stage,
      id: this.id,
      params: info.params,
      inputs: info.inputs,
      outputs: [...this.outputs].sort((a, b) => (a.path < b.path ? -1 : 1)),
      spm_version: SPM_VERSION,
      created: new Date().toISOString(),
      duration_ms: Math.round(performance.now() - info.startedAt),
      summary: info.summary ?? {},
    };
    const manifest: Manifest = { ...fields, manifest_sha256: manifestChecksum(fields) };
    await writeFile(join(this.dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    const target = this.store.versionDir(this.stage, this.id);
    try {
      await mkdir(join(this.store.root, this.stage), { recursive: true });
    } catch (e) {
      throw this.store.pathError(e);
    }
    if (!info.replace) {
      try {
        await rename(this.dir, target);
        untrackTemp(this.dir);
        return manifest;
      } catch (e) {
        if (!isOccupied(e)) throw e;
      }
      // Another process published the same content-addressed version first: theirs is as good.
      if (await this.store.has(this.stage, this.id)) {
        await this.abort();
        return this.store.readManifest(this.stage, this.id);
      }
      // Otherwise the folder has no manifest (a killed or hand-edited version): replace it.
    }
    await this.replaceAt(target);
    return manifest;
  }

  /**
   * Moves whatever is at `target` aside into the store's temporary area, renames this version
   * in, then deletes the old one. Both renames stay on one file system, so `target` is never
   * half-written; the old folder is registered for removal should the process end meanwhile.
   */
  private async replaceAt(target: string): Promise<void> {
    const old = this.store.tempDir(this.stage, this.id, '.old');
    trackTemp(old);
    try {
      await rename(target, old);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await rename(this.dir, target);
    untrackTemp(this.dir);
    await rm(old, { recursive: true, force: true });
    untrackTemp(old);
  }

  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    untrackTemp(this.dir);
  }
}
