/** The alias history: replayed into a stack of holders, appended under the lock, rollback's target and its refusals. */
import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { changeAlias, rollbackAlias } from '../../src/store/alias-change.js';
import { holderStack, readAliasHistory, type AliasHistoryEntry } from '../../src/store/alias-history.js';
import { readAliases } from '../../src/store/refs.js';
import { ArtifactStore } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { rejectedSpmError } from '../helpers/errors.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
afterEach(() => ws?.cleanup());

const ev = (id: string) => ({ stage: 'evaluate', id });
const entry = (kind: AliasHistoryEntry['kind'], from: string | null, to: string, alias = 'production'): AliasHistoryEntry => ({ time: '2026-01-01T00:00:00.000Z', alias, from: from === null ? null : ev(from), to: ev(to), kind, why: kind });

async function storeWith(ids: string[]): Promise<ArtifactStore> {
  ws = createWorkspace();
  const store = new ArtifactStore(ws.path('artifacts'));
  for (const id of ids) {
    const writer = await store.create('evaluate', id);
    await writer.write('metrics.json', `{"id":"${id}"}`);
    await writer.publish({ params: {}, inputs: { data: [], artifacts: [] }, startedAt: performance.now() });
  }
  return store;
}

describe('holderStack', () => {
  it('pushes each promotion and pops each rollback, per alias', () => {
    const history = [entry('promote', null, 'aa'), entry('if-better', 'aa', 'bb'), entry('promote', null, 'ff', 'staging'), entry('promote', 'bb', 'cc')];
    expect(holderStack(history, 'production')).toEqual([ev('aa'), ev('bb'), ev('cc')]);
    expect(holderStack([...history, entry('rollback', 'cc', 'bb')], 'production')).toEqual([ev('aa'), ev('bb')]);
    expect(holderStack(history, 'staging')).toEqual([ev('ff')]);
    expect(holderStack(history, 'nothing')).toEqual([]);
  });

  it('puts a holder set before the history existed at the bottom', () => {
    expect(holderStack([entry('promote', 'aa', 'bb')], 'production')).toEqual([ev('aa'), ev('bb')]);
  });
});

describe('changeAlias and rollbackAlias', () => {
  it('records every change with time, from, to and why; the same holder again records nothing', async () => {
    const store = await storeWith(['aa', 'bb']);
    const clock = () => new Date('2026-12-06T10:00:00Z');
    const first = await changeAlias(store, { alias: 'production', to: ev('aa'), kind: 'promote', why: 'promoted' }, clock);
    expect(first.from).toBeNull();
    await changeAlias(store, { alias: 'production', to: ev('bb'), kind: 'if-better', why: 'won on r2 by 0.1', comparison: { metric: 'r2', rows: 60, on: 'c3.csv', min_delta: 0, candidate: 0.9, champion: 0.8 } }, clock);
    const again = await changeAlias(store, { alias: 'production', to: ev('bb'), kind: 'promote', why: 'promoted' }, clock);
    expect(again.entry).toBeNull();
    expect(await readAliasHistory(store)).toEqual([
      { time: '2026-12-06T10:00:00.000Z', alias: 'production', from: null, to: ev('aa'), kind: 'promote', why: 'promoted' },
      { time: '2026-12-06T10:00:00.000Z', alias: 'production', from: ev('aa'), to: ev('bb'), kind: 'if-better', why: 'won on r2 by 0.1', comparison: { metric: 'r2', rows: 60, on: 'c3.csv', min_delta: 0, candidate: 0.9, champion: 0.8 } },
    ]);
    expect((await readAliases(store)).production).toEqual(ev('bb'));
  });

  it('keeps one unbroken chain when several promotions run at once (the store lock)', async () => {
    const names = ['a1', 'b2', 'c3', 'd4', 'e5'];
    const store = await storeWith(names);
    await Promise.all(names.map((id) => changeAlias(store, { alias: 'production', to: ev(id), kind: 'promote', why: 'promoted' })));
    const history = await readAliasHistory(store);
    expect(history).toHaveLength(5);
    expect(history[0]!.from).toBeNull();
    for (let i = 1; i < history.length; i++) expect(history[i]!.from).toEqual(history[i - 1]!.to);
    expect((await readAliases(store)).production).toEqual(history[4]!.to);
  });

  it('refuses a comparison made against a holder that has moved since', async () => {
    const store = await storeWith(['aa', 'bb', 'cc']);
    await changeAlias(store, { alias: 'production', to: ev('bb'), kind: 'promote', why: 'promoted' });
    const error = await rejectedSpmError(changeAlias(store, { alias: 'production', to: ev('cc'), kind: 'if-better', why: 'won', expectedFrom: ev('aa') }));
    expect(error.code).toBe('ALIAS_MOVED');
    expect(error.message).toBe('production moved to evaluate/bb while the candidate was being compared');
    expect((await readAliases(store)).production).toEqual(ev('bb'));
  });

  it('rolls back one holder at a time, then refuses at the first one', async () => {
    const store = await storeWith(['aa', 'bb', 'cc']);
    for (const id of ['aa', 'bb', 'cc']) await changeAlias(store, { alias: 'production', to: ev(id), kind: 'promote', why: 'promoted' });
    const back = await rollbackAlias(store, 'production');
    expect(back).toMatchObject({ from: ev('cc'), to: ev('bb'), kind: 'rollback', why: 'rollback of evaluate/cc' });
    expect((await rollbackAlias(store, 'production')).to).toEqual(ev('aa'));
    expect((await readAliases(store)).production).toEqual(ev('aa'));
    const error = await rejectedSpmError(rollbackAlias(store, 'production'));
    expect(error.code).toBe('NO_PREVIOUS');
    expect(error.message).toBe('production has no earlier holder to roll back to: evaluate/aa is the first one in its history');
    expect(error.hint).toBe('see the history with `spm aliases --history`; promote a version by REF instead: spm promote REF --as production');
    // A promotion after rollbacks builds on the holder it replaced.
    await changeAlias(store, { alias: 'production', to: ev('cc'), kind: 'promote', why: 'promoted' });
    expect((await rollbackAlias(store, 'production')).to).toEqual(ev('aa'));
  });

  it('refuses a rollback of an unknown alias, and one whose previous holder is gone', async () => {
    const store = await storeWith(['aa', 'bb']);
    const none = await rejectedSpmError(rollbackAlias(store, 'production'));
    expect(none.code).toBe('NO_ALIAS');
    expect(none.message).toBe("there is no alias 'production' to roll back");
    await changeAlias(store, { alias: 'production', to: ev('cc'), kind: 'promote', why: 'promoted' });
    await changeAlias(store, { alias: 'production', to: ev('bb'), kind: 'promote', why: 'promoted' });
    const gone = await rejectedSpmError(rollbackAlias(store, 'production'));
    expect(gone.code).toBe('ARTIFACT_MISSING');
    expect(gone.message).toBe("production's previous holder evaluate/cc is no longer in the store");
  });

  it('spm verify lists a version the history names that was removed by hand', async () => {
    const store = await storeWith(['aa', 'bb']);
    await changeAlias(store, { alias: 'production', to: ev('aa'), kind: 'promote', why: 'promoted' });
    await changeAlias(store, { alias: 'production', to: ev('bb'), kind: 'promote', why: 'promoted' });
    expect((await verifyStore(store)).problems).toEqual([]);
    rmSync(ws.path('artifacts/evaluate/aa'), { recursive: true });
    expect((await verifyStore(store)).problems).toEqual([
      {
        where: 'alias history of production',
        problem: 'names evaluate/aa, which is not in the store',
        hint: 'removed by hand (spm gc keeps what the history names): a rollback of production to it would fail; rebuild it with `spm run` for its params',
      },
    ]);
  });

  it('names the damaged line of a hand-edited history', async () => {
    const store = await storeWith([]);
    await changeAlias(store, { alias: 'production', to: ev('aa'), kind: 'promote', why: 'promoted' });
    writeFileSync(ws.path('artifacts/aliases-history.jsonl'), `${JSON.stringify(entry('promote', null, 'aa'))}\n{"alias": 1}\n`);
    const error = await rejectedSpmError(readAliasHistory(store));
    expect(error.code).toBe('ARTIFACT_CORRUPT');
    expect(error.message).toBe(`${ws.path('artifacts/aliases-history.jsonl')} line 2 is not an alias history entry`);
    // A change is refused whole: the alias does not move without its history entry.
    expect((await rejectedSpmError(changeAlias(store, { alias: 'production', to: ev('bb'), kind: 'promote', why: 'promoted' }))).code).toBe('ARTIFACT_CORRUPT');
    expect((await readAliases(store)).production).toEqual(ev('aa'));
  });
});
