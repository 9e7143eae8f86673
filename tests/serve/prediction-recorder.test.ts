/** serve's recorder: rows wait in memory and are stored as whole predictions batches (on size, on interval, on close). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServeRecorder } from '../../src/serve/prediction-recorder.js';
import type { ServedModel } from '../../src/serve/served-model.js';
import { ArtifactStore } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(options: { flushMs: number; maxRows: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'spm-recorder-'));
  dirs.push(dir);
  const store = new ArtifactStore(dir);
  const errors: unknown[] = [];
  const recorder = new ServeRecorder(store, { ...options, onError: (e) => errors.push(e) });
  // The parts of a served model a batch's manifest names (the model is never loaded here).
  const model = { trainId: 'abc123', evaluateId: null, pipeline: { schema: { task: 'regression', target: 'math_score', columns: [] } } } as unknown as ServedModel;
  return { store, recorder, model, errors };
}

async function request(recorder: ServeRecorder, model: ServedModel, text: string, commit = true): Promise<void> {
  const target = await recorder.forRequest(model).open(['student_id']);
  await target.write(text, text.split('\n').length - 1);
  if (commit) await target.commit();
  else await target.discard();
}

describe('ServeRecorder', () => {
  it('stores a batch once maxRows rows wait, and the rest on close; a failed request records nothing', async () => {
    const { store, recorder, model, errors } = setup({ flushMs: 60_000, maxRows: 3 });
    await request(recorder, model, 'S1,50\nS2,60\n');
    await request(recorder, model, 'S9,10\n', false); // the request failed
    expect(await store.listIds('predictions')).toEqual([]);
    await request(recorder, model, 'S3,70\n'); // the third row: a flush
    await recorder.flush();
    const [first] = await store.listIds('predictions');
    expect(readFileSync(join(store.root, 'predictions', first!, 'predictions.csv'), 'utf8')).toBe('student_id,prediction\nS1,50\nS2,60\nS3,70\n');
    await request(recorder, model, 'S4,80\n');
    await recorder.close();
    const ids = await store.listIds('predictions');
    expect(ids).toHaveLength(2);
    const manifest = await store.readManifest('predictions', ids[1]!);
    expect(manifest.summary).toMatchObject({ source: 'serve', rows: 1, model: 'abc123' });
    expect(manifest.inputs.artifacts).toEqual([{ stage: 'train', id: 'abc123' }]);
    expect(errors).toEqual([]);
  });

  it('keeps the same line once per flush (a file scored, then downloaded as CSV)', async () => {
    const { store, recorder, model } = setup({ flushMs: 60_000, maxRows: 100 });
    await request(recorder, model, 'S1,50\nS2,60\n');
    await request(recorder, model, 'S1,50\nS2,60\n');
    await recorder.close();
    const [id] = await store.listIds('predictions');
    expect(readFileSync(join(store.root, 'predictions', id!, 'predictions.csv'), 'utf8')).toBe('student_id,prediction\nS1,50\nS2,60\n');
  });

  it('flushes on its interval', async () => {
    const { store, recorder, model } = setup({ flushMs: 50, maxRows: 100 });
    await request(recorder, model, 'S1,50\n');
    for (let i = 0; i < 100 && (await store.listIds('predictions')).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await store.listIds('predictions')).toHaveLength(1);
    await recorder.close();
    // The train version it names is not in this store: verify says so, and nothing else.
    const result = await verifyStore(store);
    expect(result.problems.map((p) => p.problem)).toEqual([expect.stringContaining('its lineage names train/abc123, which is not in the store')]);
  });
});
