/**
 * Privacy (issue 7, item 5): the id column's values reach no model, no artifact but the data
 * splits themselves, no report and no message. The synthetic data's ids are S000001…; each is
 * looked for in every file the pipeline writes, and in everything the commands print.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, trainedWorkspace, SMALL_PARAMS, type Workspace } from '../helpers/workspace.js';

/** Every file below `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * The data files themselves: the ingested splits and the rows ingest rejected hold whole records
 * by design, and recorded predictions (predict.record, issue 18) each row's id and prediction —
 * ids only, what `spm feedback` joins the outcomes on.
 */
const DATA = /\/ingest\/[0-9a-f]+\/(train|test|rejects)\.csv$|\/predictions\/[0-9a-f]+\/predictions\.csv$/;

describe('student ids stay in the data', () => {
  let ws: Workspace;
  const printed: string[] = [];
  beforeAll(async () => {
    ws = await trainedWorkspace(`${SMALL_PARAMS}segments:\n  features: [reading_score, writing_score]\n`, 300);
    // Everything a user might run after training, its output kept.
    for (const args of [['run'], ['status'], ['versions'], ['metrics'], ['analyze'], ['report', '-o', 'report.html'], ['predict', '-i', 'data/students.csv', '-o', 'scored.csv', '--json'], ['drift', '-i', 'data/students.csv']]) {
      const r = await runCli(args, { cwd: ws.dir });
      printed.push(`$ spm ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    }
  });
  afterAll(() => ws?.cleanup());

  it('no artifact but the data splits holds an id, and the id column is no feature of the model', () => {
    const ids = readFileSync(ws.path('data/students.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
    expect(ids[0]).toBe('S000001');
    const idPattern = /S\d{6}/;
    const artifacts = files(ws.path('artifacts'));
    expect(artifacts.some((f) => f.endsWith('model.json'))).toBe(true);
    for (const file of artifacts) {
      if (DATA.test(file)) continue;
      expect(idPattern.test(readFileSync(file, 'utf8')), relative(ws.dir, file)).toBe(false);
    }
    const transformer = artifacts.find((f) => f.endsWith('transformer.json'))!;
    expect(readFileSync(transformer, 'utf8')).not.toContain('student_id');
    const model = artifacts.find((f) => f.endsWith('model.json'))!;
    expect(readFileSync(model, 'utf8')).not.toContain('student_id');
    expect(idPattern.test(readFileSync(ws.path('report.html'), 'utf8'))).toBe(false);
  });

  it('no command prints an id', () => {
    const all = printed.join('\n');
    expect(all).toContain('$ spm report');
    expect(/S\d{6}/.test(all)).toBe(false);
  });
});
