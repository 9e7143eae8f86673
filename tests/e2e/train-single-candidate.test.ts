/**
 * A search with one candidate refits it while the worker threads cross-validate it
 * (pipeline/stages/train.ts), each worker given its share of the folds up front
 * (parallel-cv.ts, besideRefit): the model and the CV results are the bytes of a one-thread run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/util/rng.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

function csv(): string {
  const rng = createRng(5);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 2000; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.next()];
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${(2 * a + Math.sin(3 * b) + c * c + 0.3 * rng.normal()).toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

const params = (jobs: number, folds = 2) =>
  `data:\n  source: d.csv\n  target: y\n  id_columns: []\nevaluate:\n  gates: {}\ntrain:\n  jobs: ${jobs}\n  cv: { folds: ${folds} }\n  models: { gradient_boosting: { n_estimators: 40, max_depth: 3 } }\n`;

/** The bytes of the one train version's files. */
function trainFiles(ws: Workspace): Record<string, string> {
  const [id] = readdirSync(ws.path('artifacts/train'));
  return Object.fromEntries(['model.json', 'cv_results.json'].map((f) => [f, readFileSync(join(ws.path('artifacts/train'), id!, f), 'utf8')]));
}

describe('train with one candidate', () => {
  let one: Workspace;
  let two: Workspace;
  let oneOfThree: Workspace;
  let threeOfThree: Workspace;
  beforeAll(() => {
    one = createWorkspace({ 'd.csv': csv(), 'params.yaml': params(1) });
    two = createWorkspace({ 'd.csv': csv(), 'params.yaml': params(2) });
    oneOfThree = createWorkspace({ 'd.csv': csv(), 'params.yaml': params(1, 3) });
    threeOfThree = createWorkspace({ 'd.csv': csv(), 'params.yaml': params(3, 3) });
  });
  afterAll(() => {
    for (const ws of [one, two, oneOfThree, threeOfThree]) ws.cleanup();
  });

  const train = async (...workspaces: Workspace[]): Promise<void> => {
    for (const ws of workspaces) {
      const run = await runCli(['run', '--until', 'train', '-q'], { cwd: ws.dir });
      expect(run.code, run.stderr).toBe(0);
    }
  };

  it('two threads (the refit, and one worker fitting both folds) give the bytes of one thread (refit after the folds)', async () => {
    await train(one, two);
    expect(trainFiles(two)).toEqual(trainFiles(one));
  }, 120_000);

  it('three threads on 3 folds (the refit, and two workers with 2 and 1 folds) give the bytes of one thread', async () => {
    await train(oneOfThree, threeOfThree);
    expect(trainFiles(threeOfThree)).toEqual(trainFiles(oneOfThree));
    expect(JSON.parse(trainFiles(threeOfThree)['cv_results.json']!).candidates[0].cv.folds).toHaveLength(3);
  }, 120_000);
});
