/**
 * The append-only history of alias changes (`<store>/aliases-history.jsonl`, one JSON entry a
 * line): every `spm promote` (plain, `--if-better`, `--rollback`) says when, which alias, from
 * which holder to which, why, and — when it compared them — both metrics. Appending rewrites the
 * file atomically under the store lock (an `appendFile` cut short by a crash would leave half a
 * line), so the file is always whole. Rollback reads its target from here (`holderStack`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpmError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { isNotFound } from './fs-errors.js';
import type { ArtifactStore } from './store.js';
import type { VersionRef } from './refs.js';

/** Why an alias moved. */
export const ALIAS_CHANGE_KINDS = ['promote', 'if-better', 'rollback'] as const;
export type AliasChangeKind = (typeof ALIAS_CHANGE_KINDS)[number];

/** One model's score in a champion–challenger comparison. */
export interface ScoredHolder {
  readonly ref: VersionRef;
  readonly value: number | null;
}

export interface AliasComparison {
  readonly metric: string;
  readonly rows: number;
  /** Where the labelled rows came from: the candidate's test split or an `--on` file. */
  readonly on: string;
  readonly min_delta: number;
  readonly candidate: number | null;
  readonly champion: number | null;
}

export interface AliasHistoryEntry {
  readonly time: string;
  readonly alias: string;
  readonly from: VersionRef | null;
  readonly to: VersionRef;
  readonly kind: AliasChangeKind;
  /** In words: 'promoted', 'won on r2 by 0.031', 'rollback of …'. */
  readonly why: string;
  readonly comparison?: AliasComparison;
}

export const historyFile = (store: ArtifactStore): string => join(store.root, 'aliases-history.jsonl');

const isRef = (v: unknown): v is VersionRef =>
  typeof v === 'object' && v !== null && typeof (v as VersionRef).stage === 'string' && typeof (v as VersionRef).id === 'string' && /^[a-z]+$/.test((v as VersionRef).stage) && /^[0-9a-f]{1,64}$/.test((v as VersionRef).id);

/** Checks one parsed line (STYLE 6: parsed JSON is unknown until validated). */
function validEntry(value: unknown): value is AliasHistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<AliasHistoryEntry>;
  return (
    typeof e.time === 'string' &&
    typeof e.alias === 'string' &&
    (e.from === null || isRef(e.from)) &&
    isRef(e.to) &&
    (ALIAS_CHANGE_KINDS as readonly unknown[]).includes(e.kind) &&
    typeof e.why === 'string'
  );
}

/** The whole history, oldest first; none yet is an empty list. A damaged line is an error naming it. */
export async function readAliasHistory(store: ArtifactStore): Promise<AliasHistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(historyFile(store), 'utf8');
  } catch (e) {
    if (isNotFound(e)) return [];
    throw store.pathError(e);
  }
  const entries: AliasHistoryEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    if (!validEntry(parsed)) {
      throw new SpmError('ARTIFACT_CORRUPT', `${historyFile(store)} line ${i + 1} is not an alias history entry`, {
        hint: 'the file was edited or damaged: restore it from a backup, or delete that line',
      });
    }
    entries.push(parsed);
  });
  return entries;
}

/** Appends an entry to `entries` (the history as read under the same lock); the caller holds the store lock (see alias-change.ts). */
export async function appendAliasHistory(store: ArtifactStore, entries: readonly AliasHistoryEntry[], entry: AliasHistoryEntry): Promise<void> {
  const text = [...entries, entry].map((e) => JSON.stringify(e)).join('\n');
  await writeFileAtomic(historyFile(store), `${text}\n`);
}

const sameRef = (a: VersionRef | null | undefined, b: VersionRef | null | undefined): boolean => !!a && !!b && a.stage === b.stage && a.id === b.id;

/**
 * The holders of `alias` as a stack, replayed from the history (pure): a promotion pushes its
 * new holder, a rollback pops one. The top is the current holder; the one below it is where a
 * rollback goes, so a second rollback goes one further back, down to the first holder. A holder
 * set before the history existed (an older spm) is the bottom of the stack.
 */
export function holderStack(history: readonly AliasHistoryEntry[], alias: string): VersionRef[] {
  const stack: VersionRef[] = [];
  for (const e of history) {
    if (e.alias !== alias) continue;
    if (e.kind === 'rollback') {
      stack.pop();
      if (!sameRef(stack.at(-1), e.to)) stack.push(e.to);
      continue;
    }
    if (stack.length === 0 && e.from) stack.push(e.from);
    stack.push(e.to);
  }
  return stack;
}

export { sameRef };
