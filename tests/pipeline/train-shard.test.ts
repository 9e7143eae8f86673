/**
 * `spm train --shard i/n` (src/pipeline/train-shard.ts, models/cv-fits.ts): shards compute
 * slices of the CV fits into the store, and a plain `spm train` afterwards assembles them and
 * refits — the same model.json and cv_results.json bytes as a local train, also when a shard
 * never ran (its fits are computed then). Binary classification covers the out-of-fold scores;
 * a multi-class task covers per-fold feature selection, the class-weight search and calibration.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const wss: Workspace[] = [];
afterEach(() => wss.splice(0).forEach((w) => w.cleanup()));

const PARAMS = {
  regression: `data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  models: { ridge: { alpha: [0.1, 1, 10] }, decision_tree: { max_depth: [2, 4] } }\n`,
  binary: `data:\n  source: data/students.csv\n  target: lunch\ntrain:\n  models: { logistic: { C: [0.1, 1] }, decision_tree: { max_depth: [3] } }\n`,
  // Selection per fold, class weights searched (macro F1 on five classes) and calibrated out-of-fold probabilities.
  'multi-class, selected, weighted, calibrated': `data:\n  source: data/students.csv\n  target: race_ethnicity\nfeatures:\n  select: { method: importance, top_k: 5 }\ntrain:\n  calibration: sigmoid\n  models: { logistic: { C: [1] }, decision_tree: { max_depth: [3] } }\n`,
};

async function workspace(params: string): Promise<Workspace> {
  const ws = createWorkspace({ 'params.yaml': params });
  wss.push(ws);
  const synth = await runCli(['synth', '-o', 'data/students.csv', '--rows', '300'], { cwd: ws.dir });
  expect(synth.code, synth.stderr).toBe(0);
  return ws;
}

async function spm(ws: Workspace, ...args: string[]) {
  const r = await runCli(args, { cwd: ws.dir });
  expect(r.code, `spm ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** The train version's bytes (its single folder). */
function trainBytes(ws: Workspace): Record<string, string> {
  const [id] = readdirSync(ws.path('artifacts/train'));
  return Object.fromEntries(['model.json', 'cv_results.json'].map((f) => [f, readFileSync(ws.path(`artifacts/train/${id}/${f}`), 'utf8')]));
}

describe('train in shards', () => {
  for (const [task, params] of Object.entries(PARAMS)) {
    it(`${task}: shards then spm train give the bytes of a local train; a shard that never ran is computed by the refit run`, async () => {
      const local = await workspace(params);
      await spm(local, 'ingest', '-q');
      await spm(local, 'transform', '-q');
      await spm(local, 'train', '-q');
      const expected = trainBytes(local);
      if (task === 'binary') expect(expected['cv_results.json']).toContain('"thresholds"'); // chosen on the assembled out-of-fold scores
      if (task.startsWith('multi-class')) {
        expect(expected['cv_results.json']).toContain('"selection"');
        expect(expected['cv_results.json']).toMatch(/"class_weight": ?"balanced"/);
        expect(expected['model.json']).toMatch(/"format": ?"spm.model.calibrated"/); // fitted on the assembled out-of-fold probabilities
      }

      const sharded = await workspace(params);
      const docs = [];
      for (const i of [1, 2, 3]) docs.push(JSON.parse((await spm(sharded, 'train', '--shard', `${i}/3`, '--json')).stdout));
      expect(docs.map((d) => d.fits.computed).reduce((a, b) => a + b, 0)).toBe(docs[0].fits.total);
      expect(docs.map((d) => d.fits.found)).toEqual([0, docs[0].fits.computed, docs[0].fits.computed + docs[1].fits.computed]);
      expect(existsSync(sharded.path('artifacts/train'))).toBe(false); // shards publish no version
      await spm(sharded, 'train', '-q');
      expect(trainBytes(sharded)).toEqual(expected);
      expect(existsSync(sharded.path(`artifacts/.fits/${docs[0].train_id}`))).toBe(false); // used, then dropped
      await spm(sharded, 'verify', '-q');

      const partial = await workspace(params);
      await spm(partial, 'train', '--shard', '2/4', '-q');
      await spm(partial, 'train', '-q');
      expect(trainBytes(partial)).toEqual(expected);
    }, 180_000);
  }

  it('refuses a malformed --shard with its message, and says when train is up to date', async () => {
    const ws = await workspace(PARAMS.regression);
    const bad = await runCli(['train', '--shard', '5/4'], { cwd: ws.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard 5/4: expected I/N with 1 ≤ I ≤ N (the I-th of N parts, counted from 1)');
    expect(bad.stderr).toContain('spm train --shard 2/4');
    await spm(ws, 'run', '-q');
    expect(JSON.parse((await spm(ws, 'train', '--shard', '1/2', '--json')).stdout)).toMatchObject({ up_to_date: true });
  }, 120_000);
});
