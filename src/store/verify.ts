/**
 * `spm verify`: the whole store checked at once, as every read checks one artifact: each
 * version's manifest (shape and checksum), each output against its sha256, no file the manifest
 * does not list, every upstream version of its lineage present, every alias pointing at a
 * version that exists, every version the alias history names still there (a rollback's
 * target). Nothing is changed; problems are listed with what to run.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isSpmError } from '../errors.js';
import { STAGE_NAME, VERSION_ID, rebuildHint } from './manifest.js';
import { readAliases } from './refs.js';
import { readAliasHistory } from './alias-history.js';
import type { ArtifactStore } from './store.js';

export interface StoreProblem {
  /** stage/id, an alias name, or a stray path. */
  readonly where: string;
  readonly problem: string;
  readonly hint: string;
}

export interface VerifyResult {
  readonly root: string;
  readonly versions: number;
  readonly files: number;
  readonly problems: StoreProblem[];
}

const list = (path: string): Promise<string[]> => readdir(path).catch(() => [] as string[]);

export async function verifyStore(store: ArtifactStore, onProgress?: (versions: number) => void): Promise<VerifyResult> {
  const problems: StoreProblem[] = [];
  let versions = 0;
  let files = 0;
  const stages = (await list(store.root)).filter((n) => STAGE_NAME.test(n)).sort();
  for (const stage of stages) {
    for (const id of (await list(join(store.root, stage))).sort()) {
      const where = `${stage}/${id}`;
      if (!VERSION_ID.test(id)) {
        problems.push({ where, problem: 'is not a version folder (not an id spm writes)', hint: `remove ${join(store.root, stage, id)}` });
        continue;
      }
      versions++;
      onProgress?.(versions);
      try {
        const manifest = await store.readManifest(stage, id);
        const listed = new Set(['manifest.json', ...manifest.outputs.map((o) => o.path)]);
        for (const output of manifest.outputs) {
          files++;
          try {
            await store.verifiedPath(stage, id, output.path, manifest);
          } catch (error) {
            if (!isSpmError(error)) throw error;
            problems.push({ where, problem: error.message, hint: error.hint ?? rebuildHint(stage) });
          }
        }
        for (const name of await list(join(store.root, stage, id))) {
          if (!listed.has(name)) problems.push({ where, problem: `holds ${name}, which its manifest does not list`, hint: rebuildHint(stage) });
        }
        for (const link of manifest.inputs.artifacts) {
          if (!(await store.has(link.stage, link.id))) problems.push({ where, problem: `its lineage names ${link.stage}/${link.id}, which is not in the store`, hint: rebuildHint(stage) });
        }
      } catch (error) {
        if (!isSpmError(error)) throw error;
        problems.push({ where, problem: error.message, hint: error.hint ?? rebuildHint(stage) });
      }
    }
  }
  try {
    for (const [name, ref] of Object.entries(await readAliases(store))) {
      if (!(await store.has(ref.stage, ref.id))) problems.push({ where: `alias ${name}`, problem: `points at ${ref.stage}/${ref.id}, which is not in the store`, hint: `promote another version: spm promote REF --as ${name}` });
    }
  } catch (error) {
    if (!isSpmError(error)) throw error;
    problems.push({ where: 'aliases.json', problem: error.message, hint: error.hint ?? '' });
  }
  try {
    const named = new Map<string, string>();
    for (const e of await readAliasHistory(store)) for (const r of [e.from, e.to]) if (r) named.set(`${r.stage}/${r.id}`, e.alias);
    for (const [ref, alias] of named) {
      const [stage, id] = ref.split('/') as [string, string];
      if (!(await store.has(stage, id))) problems.push({ where: `alias history of ${alias}`, problem: `names ${ref}, which is not in the store`, hint: `removed by hand (spm gc keeps what the history names): a rollback of ${alias} to it would fail; rebuild it with \`spm run\` for its params` });
    }
  } catch (error) {
    if (!isSpmError(error)) throw error;
    problems.push({ where: 'aliases-history.jsonl', problem: error.message, hint: error.hint ?? '' });
  }
  return { root: store.root, versions, files, problems };
}
