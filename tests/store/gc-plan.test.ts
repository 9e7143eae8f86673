/** planGc: what gc keeps (references, keep-last, age, lineage) and the order it removes the rest in. */
import { describe, expect, it } from 'vitest';
import { parseAge, planGc, type StoredVersion } from '../../src/store/gc-plan.js';

const v = (stage: string, id: string, created: string, lineage: [string, string][] = [], bytes = 100): StoredVersion => ({ stage, id, created: `2026-12-${created}T00:00:00.000Z`, bytes, lineage: lineage.map(([s, i]) => ({ stage: s, id: i })) });

// Two pipelines (a: old, b: new) and a drift report on each model.
const store: StoredVersion[] = [
  v('ingest', 'a1', '01'),
  v('transform', 'a2', '01', [['ingest', 'a1']]),
  v('train', 'a3', '01', [['ingest', 'a1'], ['transform', 'a2']]),
  v('evaluate', 'a4', '01', [['ingest', 'a1'], ['transform', 'a2'], ['train', 'a3']]),
  v('ingest', 'b1', '03'),
  v('transform', 'b2', '03', [['ingest', 'b1']]),
  v('train', 'b3', '03', [['ingest', 'b1'], ['transform', 'b2']]),
  v('evaluate', 'b4', '03', [['ingest', 'b1'], ['transform', 'b2'], ['train', 'b3']]),
  v('drift', 'd1', '02', [['ingest', 'a1'], ['train', 'a3']], 50),
  v('drift', 'd2', '04', [['ingest', 'b1'], ['train', 'b3']], 50),
];
const ids = (list: readonly { id: string }[]): string[] => list.map((x) => x.id);

describe('planGc', () => {
  it('keeps what a reference names and its whole lineage, and removes the rest downstream first', () => {
    const plan = planGc(store, [{ ref: { stage: 'evaluate', id: 'a4' }, why: 'alias production' }], { keepLast: 0, cutoffMs: null });
    expect(ids(plan.keep)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(plan.keep.find((k) => k.id === 'a4')!.why).toBe('alias production');
    expect(plan.keep.find((k) => k.id === 'a1')!.why).toBe('lineage of evaluate/a4');
    const removal = ids(plan.remove);
    expect([...removal].sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'd1', 'd2']);
    // Nothing is removed before a version that names it.
    for (const [down, up] of [['b4', 'b3'], ['b3', 'b2'], ['b2', 'b1'], ['d2', 'b3'], ['d2', 'b1']] as const) expect(removal.indexOf(down)).toBeLessThan(removal.indexOf(up));
    expect(plan.removeBytes).toBe(4 * 100 + 2 * 50);
  });

  it('keeps the newest N of every stage, and everything newer than the cutoff', () => {
    const last = planGc(store, [], { keepLast: 1, cutoffMs: null });
    expect(ids(last.remove).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'd1']);
    const recent = planGc(store, [], { keepLast: 0, cutoffMs: Date.parse('2026-12-02T00:00:00Z') });
    // d1 (the 2nd) is recent and keeps the a-pipeline's model and, through it, its transform and ingest; its evaluate (the 1st) goes.
    expect(ids(recent.remove)).toEqual(['a4']);
  });

  it('removes nothing when nothing is unreferenced, and everything when nothing is referenced', () => {
    const all = store.map((s) => ({ ref: { stage: s.stage, id: s.id }, why: 'test' }));
    expect(planGc(store, all, { keepLast: 0, cutoffMs: null }).remove).toEqual([]);
    expect(planGc(store, [], { keepLast: 0, cutoffMs: null }).remove).toHaveLength(store.length);
    // A reference to a version that is not in the store keeps nothing and breaks nothing.
    expect(planGc(store, [{ ref: { stage: 'evaluate', id: 'ff' }, why: 'dangling alias' }], { keepLast: 0, cutoffMs: null }).keep).toEqual([]);
  });
});

describe('parseAge', () => {
  it('reads minutes, hours, days and weeks, and nothing else', () => {
    expect(parseAge('90m')).toBe(90 * 60_000);
    expect(parseAge('12h')).toBe(12 * 3_600_000);
    expect(parseAge('30d')).toBe(30 * 86_400_000);
    expect(parseAge('2w')).toBe(14 * 86_400_000);
    expect(parseAge('1.5d')).toBe(1.5 * 86_400_000);
    for (const bad of ['30', 'd', '-1d', '3 days', '1y', '']) expect(parseAge(bad), bad).toBeNull();
  });
});
