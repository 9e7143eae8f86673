/**
 * What `spm gc` keeps and removes (pure: the store's versions and the references in, a plan
 * out). Kept: every version a reference names (an alias, the alias history, spm.lock, …: the
 * caller's table), the newest `keepLast` of every stage, every version newer than the cutoff,
 * and — transitively — every version a kept one names in its lineage, so a kept model keeps
 * its transform and ingest. Everything else is removed, downstream before upstream, so a gc
 * cut short never leaves a version whose lineage is gone.
 */
import type { VersionRef } from './refs.js';

export interface StoredVersion {
  readonly stage: string;
  readonly id: string;
  /** ISO time the version was created (its manifest's `created`). */
  readonly created: string;
  /** Bytes on disk: its outputs and its manifest. */
  readonly bytes: number;
  /** The upstream versions its manifest names. */
  readonly lineage: readonly VersionRef[];
}

/** A version something refers to, and what ('alias production', 'spm.lock', …). */
export interface GcReference {
  readonly ref: VersionRef;
  readonly why: string;
}

export interface GcOptions {
  /** The newest N versions of every stage stay. */
  readonly keepLast: number;
  /** Only versions created before this time (ms since the epoch) may go; null: any age. */
  readonly cutoffMs: number | null;
}

export interface GcPlan {
  /** Kept versions with the first reason found for each. */
  readonly keep: readonly (StoredVersion & { readonly why: string })[];
  /** In removal order: downstream first. */
  readonly remove: readonly StoredVersion[];
  readonly removeBytes: number;
}

const key = (r: VersionRef): string => `${r.stage}/${r.id}`;

export function planGc(versions: readonly StoredVersion[], references: readonly GcReference[], options: GcOptions): GcPlan {
  const byKey = new Map(versions.map((v) => [key(v), v]));
  const why = new Map<string, string>();
  const queue: string[] = [];
  const mark = (k: string, reason: string): void => {
    if (why.has(k) || !byKey.has(k)) return;
    why.set(k, reason);
    queue.push(k);
  };
  for (const r of references) mark(key(r.ref), r.why);
  const stages = new Map<string, StoredVersion[]>();
  for (const v of versions) stages.set(v.stage, [...(stages.get(v.stage) ?? []), v]);
  for (const list of stages.values()) {
    const newest = [...list].sort((a, b) => (a.created > b.created ? -1 : a.created < b.created ? 1 : a.id < b.id ? -1 : 1));
    newest.slice(0, options.keepLast).forEach((v, i) => mark(key(v), `one of the ${options.keepLast} newest (#${i + 1})`));
  }
  if (options.cutoffMs !== null) {
    for (const v of versions) if (Date.parse(v.created) >= options.cutoffMs) mark(key(v), 'newer than --older-than');
  }
  while (queue.length) {
    const k = queue.shift()!;
    for (const up of byKey.get(k)!.lineage) mark(key(up), `lineage of ${k}`);
  }
  const keep = versions.filter((v) => why.has(key(v))).map((v) => ({ ...v, why: why.get(key(v))! }));
  const remove = downstreamFirst(versions.filter((v) => !why.has(key(v))));
  return { keep, remove, removeBytes: remove.reduce((s, v) => s + v.bytes, 0) };
}

/** Orders versions so that none comes after a version it is upstream of (Kahn's algorithm on the lineage among them). */
function downstreamFirst(list: readonly StoredVersion[]): StoredVersion[] {
  const inList = new Map(list.map((v) => [key(v), v]));
  const dependents = new Map<string, number>(list.map((v) => [key(v), 0]));
  for (const v of list) for (const up of v.lineage) if (inList.has(key(up))) dependents.set(key(up), dependents.get(key(up))! + 1);
  const ready = list.filter((v) => dependents.get(key(v)) === 0);
  const out: StoredVersion[] = [];
  while (ready.length) {
    const v = ready.shift()!;
    out.push(v);
    for (const up of v.lineage) {
      const k = key(up);
      if (!inList.has(k)) continue;
      const n = dependents.get(k)! - 1;
      dependents.set(k, n);
      if (n === 0) ready.push(inList.get(k)!);
    }
  }
  return out;
}

/** `--older-than`: 90m, 12h, 30d, 2w → milliseconds; null when the text is not one. */
export function parseAge(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(text.trim());
  if (!m) return null;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}
