/**
 * A search with one candidate refits it while the worker threads cross-validate it
 * (pipeline/stages/train.ts): the model and the CV results are the bytes of a one-thread run.
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

const params = (jobs: number) =>
  `data:\n  source: d.csv\n  target: y\n  id_columns: []\nevaluate:\n  gates: {}\ntrain:\n  jobs: ${jobs}\n  cv: { folds: 2 }\n  models: { gradient_boosting: { n_estimators: 40, max_depth: 3 } }\n`;

/** The bytes of the one train version's files. */
function trainFiles(ws: Workspace): Record<string, string> {
  const [id] = readdirSync(ws.path('artifacts/train'));
  return Object.fromEntries(['model.json', 'cv_results.json'].map((f) => [f, readFileSync(join(ws.path('artifacts/train'), id!, f), 'utf8')]));
}

describe('train with one candidate', () => {
  let one: Workspace;
  let two: Workspace;
  beforeAll(() => {
    one = createWorkspace({ 'd.csv': csv(), 'params.yaml': params(1) });
    two = createWorkspace({ 'd.csv': csv(), 'params.yaml': params(2) });
  });
  afterAll(() => {
    one.cleanup();
    two.cleanup();
  });

  it('two threads (refit beside the folds) give the bytes of one thread (refit after them)', async () => {
    for (const ws of [one, two]) {
      const run = await runCli(['run', '--until', 'train', '-q'], { cwd: ws.dir });
      expect(run.code, run.stderr).toBe(0);
    }
    expect(trainFiles(two)).toEqual(trainFiles(one));
  }, 120_000);
});
