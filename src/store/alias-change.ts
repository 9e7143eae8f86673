/**
 * Moving an alias: the new holder written to aliases.json and the change appended to the
 * history, both under the store lock so two promotions cannot interleave (one's history entry
 * naming a `from` the other already replaced). A running `spm serve` notices aliases.json
 * change and reloads.
 */
import { SpmError } from '../errors.js';
import { appendAliasHistory, holderStack, readAliasHistory, sameRef, type AliasChangeKind, type AliasComparison, type AliasHistoryEntry } from './alias-history.js';
import { acquireStoreLock } from './lock.js';
import { assertAliasName, readAliases, writeAlias, type VersionRef } from './refs.js';
import type { ArtifactStore } from './store.js';

export interface AliasChange {
  readonly alias: string;
  readonly to: VersionRef;
  readonly kind: Exclude<AliasChangeKind, 'rollback'>;
  readonly why: string;
  readonly comparison?: AliasComparison;
  /**
   * The holder the caller compared against: when another process moved the alias since, the
   * comparison is stale and the change is refused rather than recorded against the wrong holder.
   */
  readonly expectedFrom?: VersionRef | null;
}

export interface AliasChangeResult {
  /** The history entry written; null when the alias already named that version (nothing changed). */
  readonly entry: AliasHistoryEntry | null;
  readonly from: VersionRef | null;
}

type Clock = () => Date;

/** Called once when another spm process holds the store lock (a long `spm run`), so the wait is explained. */
export type OnLockWait = (ownerPid: number) => void;

async function underLock<T>(store: ArtifactStore, run: () => Promise<T>, onWait?: OnLockWait): Promise<T> {
  const lock = await acquireStoreLock(store.root, onWait ? { onWait } : {});
  try {
    return await run();
  } finally {
    await lock.release();
  }
}

/** Points `alias` at `to` and records why. */
export async function changeAlias(store: ArtifactStore, change: AliasChange, now: Clock = () => new Date(), onWait?: OnLockWait): Promise<AliasChangeResult> {
  assertAliasName(change.alias);
  return underLock(store, async () => {
    const from = (await readAliases(store))[change.alias] ?? null;
    // Read (and so validated) before anything is written: a damaged history stops the change whole.
    const history = await readAliasHistory(store);
    if (change.expectedFrom !== undefined && !(change.expectedFrom === null ? from === null : sameRef(from, change.expectedFrom))) {
      throw new SpmError('ALIAS_MOVED', `${change.alias} moved to ${from ? `${from.stage}/${from.id}` : 'nothing'} while the candidate was being compared`, {
        hint: `run the promotion again: it compares with the new holder (history: spm aliases --history)`,
      });
    }
    if (sameRef(from, change.to)) return { entry: null, from };
    const entry: AliasHistoryEntry = {
      time: now().toISOString(),
      alias: change.alias,
      from,
      to: change.to,
      kind: change.kind,
      why: change.why,
      ...(change.comparison ? { comparison: change.comparison } : {}),
    };
    await writeAlias(store, change.alias, change.to);
    await appendAliasHistory(store, history, entry);
    return { entry, from };
  }, onWait);
}

/**
 * Moves `alias` back to the holder before the current one (holderStack): a second rollback goes
 * one further back; with no earlier holder it is refused, naming what the history holds.
 */
export async function rollbackAlias(store: ArtifactStore, alias: string, now: Clock = () => new Date(), onWait?: OnLockWait): Promise<AliasHistoryEntry> {
  assertAliasName(alias);
  return underLock(store, async () => {
    const current = (await readAliases(store))[alias];
    if (!current) {
      throw new SpmError('NO_ALIAS', `there is no alias '${alias}' to roll back`, { hint: 'list the aliases with `spm aliases`' });
    }
    const history = await readAliasHistory(store);
    const stack = holderStack(history, alias);
    if (!sameRef(stack.at(-1), current)) stack.push(current); // aliases.json moved outside the history (a hand edit)
    const target = stack.at(-2);
    if (!target) {
      throw new SpmError('NO_PREVIOUS', `${alias} has no earlier holder to roll back to: ${current.stage}/${current.id} is the first one in its history`, {
        hint: 'see the history with `spm aliases --history`; promote a version by REF instead: spm promote REF --as ' + alias,
      });
    }
    if (!(await store.has(target.stage, target.id))) {
      throw new SpmError('ARTIFACT_MISSING', `${alias}'s previous holder ${target.stage}/${target.id} is no longer in the store`, {
        hint: `promote a version by REF instead: spm promote REF --as ${alias}`,
      });
    }
    const entry: AliasHistoryEntry = { time: now().toISOString(), alias, from: current, to: target, kind: 'rollback', why: `rollback of ${current.stage}/${current.id}` };
    await writeAlias(store, alias, target);
    await appendAliasHistory(store, history, entry);
    return entry;
  }, onWait);
}
