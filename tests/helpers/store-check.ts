/**
 * Store verification for tests, independent of src/store: it reads the folders and hashes the
 * files itself, so a bug in the store code cannot hide a bug in the store.
 *
 * Layout (SPEC §5, src/store/store.ts): `<root>/<stage>/<id>/` with manifest.json and the
 * outputs it lists; files in the root (aliases.json) are not versions; names starting with a
 * dot are private: `<root>/.tmp/` (versions being built), `<root>/.lock` and its
 * `.lock.<pid>@<host tag>.<hex>.<what>` siblings (src/store/lock.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredVersion {
  readonly stage: string;
  readonly id: string;
}

const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const visible = (dir: string): string[] => readdirSync(dir).filter((n) => !n.startsWith('.')).sort();

/** JSON with object keys sorted at every level (what `manifest_sha256` is computed over). */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Every visible version folder of the store (complete or not), stage by stage. */
export function storeVersions(root: string): StoredVersion[] {
  if (!existsSync(root)) return [];
  const out: StoredVersion[] = [];
  for (const stage of visible(root)) {
    if (!statSync(join(root, stage)).isDirectory()) continue; // aliases.json and the like
    for (const id of visible(join(root, stage))) out.push({ stage, id });
  }
  return out;
}

/**
 * What is wrong with the store at `root`, one line per problem; [] when every visible version
 * folder is a directory with a valid manifest naming that stage and id, every output it lists
 * is present with the listed byte count and sha256, nothing unlisted lies beside them, and
 * every upstream version it names is in the store. Private (dot) entries are not versions and
 * are not checked here: see `storeLeftovers`.
 */
export function storeProblems(root: string): string[] {
  const problems: string[] = [];
  const versions = storeVersions(root);
  const present = new Set(versions.map((v) => `${v.stage}/${v.id}`));
  for (const { stage, id } of versions) {
    const where = `${stage}/${id}`;
    const dir = join(root, stage, id);
    if (!statSync(dir).isDirectory()) {
      problems.push(`${where}: not a folder`);
      continue;
    }
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      problems.push(`${where}: visible without manifest.json`);
      continue;
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch {
      problems.push(`${where}: manifest.json is not JSON`);
      continue;
    }
    if (!isObject(manifest) || manifest.format !== 'spm.manifest' || !Array.isArray(manifest.outputs) || !isObject(manifest.inputs)) {
      problems.push(`${where}: manifest.json is not an spm manifest`);
      continue;
    }
    if (manifest.stage !== stage || manifest.id !== id) problems.push(`${where}: manifest describes ${String(manifest.stage)}/${String(manifest.id)}`);
    if ('manifest_sha256' in manifest) {
      const { manifest_sha256: checksum, ...fields } = manifest;
      const digest = createHash('sha256').update(stableJson(fields)).digest('hex');
      if (checksum !== digest) problems.push(`${where}: manifest.json does not match its manifest_sha256`);
    }
    const listed = new Set<string>(['manifest.json']);
    for (const entry of manifest.outputs as unknown[]) {
      if (!isObject(entry) || typeof entry.path !== 'string' || typeof entry.sha256 !== 'string' || typeof entry.bytes !== 'number') {
        problems.push(`${where}: bad output entry ${JSON.stringify(entry)}`);
        continue;
      }
      const name = entry.path;
      listed.add(name);
      if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
        problems.push(`${where}: output ${name} leaves the version folder`);
        continue;
      }
      const file = join(dir, name);
      if (!existsSync(file) || !statSync(file).isFile()) {
        problems.push(`${where}/${name}: listed in the manifest but missing`);
        continue;
      }
      const bytes = statSync(file).size;
      if (bytes !== entry.bytes) problems.push(`${where}/${name}: ${bytes} bytes, manifest says ${entry.bytes}`);
      if (sha256Of(file) !== entry.sha256) problems.push(`${where}/${name}: sha256 differs from the manifest`);
    }
    for (const name of readdirSync(dir)) if (!listed.has(name)) problems.push(`${where}/${name}: not listed in the manifest`);
    const upstream = (manifest.inputs as Record<string, unknown>).artifacts;
    for (const a of Array.isArray(upstream) ? upstream : []) {
      if (isObject(a) && !present.has(`${String(a.stage)}/${String(a.id)}`)) problems.push(`${where}: its input ${String(a.stage)}/${String(a.id)} is not in the store`);
    }
  }
  return problems;
}

/**
 * Private leftovers of spm processes, relative to `root`: anything in `.tmp/`, the lock
 * folder, the lock's prepared or moved-aside siblings, and dot entries inside stage folders.
 * A store no spm process is using should have none.
 */
export function storeLeftovers(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name === '.tmp') out.push(...readdirSync(join(root, name)).map((n) => `.tmp/${n}`));
    else if (name.startsWith('.')) out.push(name);
    else if (statSync(join(root, name)).isDirectory()) {
      for (const inner of readdirSync(join(root, name))) if (inner.startsWith('.')) out.push(`${name}/${inner}`);
    }
  }
  return out;
}

/**
 * The content of one version: each file's sha256 (name → hex) and its manifest.json parsed,
 * without the fields that differ between two builds of the same content (created,
 * duration_ms, and the checksum over them). Two builds are byte-identical when these are equal.
 */
export function versionContent(root: string, stage: string, id: string): { files: Record<string, string>; manifest: Record<string, unknown> } {
  const dir = join(root, stage, id);
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (name !== 'manifest.json') files[name] = sha256Of(join(dir, name));
  const { created: _created, duration_ms: _duration, manifest_sha256: _checksum, ...manifest } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  return { files, manifest };
}
