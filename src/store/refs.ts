/**
 * References to versions (SPEC §4 REF): `latest`, a version id or unique prefix, or an alias
 * set by `spm promote`. Aliases live in `<store>/aliases.json`; names are restricted so that a
 * ref can never be turned into a path outside the store.
 */
import { isNotFound } from './fs-errors.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpmError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import type { ArtifactStore } from './store.js';

export interface VersionRef {
  readonly stage: string;
  readonly id: string;
}

export type Aliases = Record<string, VersionRef>;

const ALIAS_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const ID_PREFIX = /^[0-9a-f]{1,64}$/;

export function assertAliasName(name: string): void {
  if (!ALIAS_NAME.test(name) || name === 'latest') {
    throw new SpmError('BAD_ALIAS', `invalid alias name '${name}'`, {
      hint: "use letters, digits, '_', '.' or '-', starting with a letter (e.g. production); 'latest' is reserved",
    });
  }
}

const aliasFile = (store: ArtifactStore): string => join(store.root, 'aliases.json');

export async function readAliases(store: ArtifactStore): Promise<Aliases> {
  let text: string;
  try {
    text = await readFile(aliasFile(store), 'utf8');
  } catch (e) {
    if (isNotFound(e)) return {};
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const out: Aliases = {};
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SpmError('ARTIFACT_CORRUPT', `${aliasFile(store)} is not a valid alias file`, {
      hint: 'delete it and set the aliases again with `spm promote`',
    });
  }
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    const v = value as Partial<VersionRef> | null;
    if (ALIAS_NAME.test(name) && v && typeof v.stage === 'string' && typeof v.id === 'string' && ID_PREFIX.test(v.id) && /^[a-z]+$/.test(v.stage)) {
      out[name] = { stage: v.stage, id: v.id };
    }
  }
  return out;
}

export async function writeAlias(store: ArtifactStore, name: string, ref: VersionRef): Promise<void> {
  assertAliasName(name);
  const aliases = await readAliases(store);
  aliases[name] = ref;
  const sorted = Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFileAtomic(aliasFile(store), `${JSON.stringify(sorted, null, 1)}\n`);
}

/**
 * Finds the version a ref names among `stages` (searched in order): an alias, a full id or a
 * unique id prefix. `latest` is resolved by the caller (it depends on the current params).
 */
export async function findRef(store: ArtifactStore, ref: string, stages: readonly string[]): Promise<VersionRef> {
  const aliases = await readAliases(store);
  const alias = aliases[ref];
  if (alias) return alias;
  if (!ID_PREFIX.test(ref)) {
    const names = Object.keys(aliases);
    throw new SpmError('UNKNOWN_REF', `'${ref}' is not a version id or an alias`, {
      hint: names.length ? `aliases: ${names.join(', ')}; list versions with \`spm versions\`` : 'list versions with `spm versions`',
    });
  }
  const matches: VersionRef[] = [];
  for (const stage of stages) {
    for (const id of await store.listIds(stage)) if (id.startsWith(ref)) matches.push({ stage, id });
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new SpmError('UNKNOWN_REF', `no ${stages.join('/')} version matches '${ref}'`, { hint: 'list versions with `spm versions`' });
  }
  throw new SpmError('AMBIGUOUS_REF', `'${ref}' matches ${matches.length} versions: ${matches.map((m) => `${m.stage}/${m.id}`).join(', ')}`, {
    hint: 'give more characters of the id',
  });
}
