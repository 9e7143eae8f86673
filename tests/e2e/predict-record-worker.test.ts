/**
 * Recorded predictions (predict.record) of a file large enough for the parse worker, whose
 * chunks travel to the main thread before their ids are cut out (record-ids.ts), equal those of
 * the same rows read on one thread (stdin): the same batch file, byte for byte, quoted, spaced and empty ids included.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const PARAMS = `data:
  source: data/students.csv
  target: math_score
  id_columns: [student_id]
train:
  models: { ridge: { alpha: [1] } }
`;

const CLASSIFIER = `data:
  source: data/students.csv
  target: test_preparation_course
  positive_class: completed
  id_columns: [student_id]
train:
  models: { logistic: { C: [1] } }
evaluate:
  gates: {}
`;

/** The predictions batches of the workspace's store, by input name (their manifest's summary). */
function batches(ws: Workspace): Map<string, string> {
  const root = ws.path('artifacts/predictions');
  const out = new Map<string, string>();
  for (const id of readdirSync(root)) {
    const manifest = JSON.parse(readFileSync(`${root}/${id}/manifest.json`, 'utf8')) as { summary: { input: string } };
    out.set(manifest.summary.input, readFileSync(`${root}/${id}/predictions.csv`, 'utf8'));
  }
  return out;
}

/** 80,000 synth rows (about 5 MB: the parse worker's size) with ids that take every route. */
async function bigInput(ws: Workspace): Promise<string> {
  expect((await runCli(['synth', '-o', 'big.csv', '--rows', '80000', '--seed', '5'], { cwd: ws.dir })).code).toBe(0);
  const lines = readFileSync(ws.path('big.csv'), 'utf8').split('\n');
  const edit = (i: number, f: (line: string) => string): void => void (lines[i] = f(lines[i]!));
  edit(5_000, (l) => l.replace(/^[^,]+/, '"S,5000"')); // quoted, holding a comma
  edit(15_000, (l) => l.replace(/^[^,]+/, '"S""15000"')); // quoted, holding a quote
  edit(25_000, (l) => l.replace(/^[^,]+/, '')); // empty: scored, not recorded
  edit(35_000, (l) => l.replace(/^[^,]+/, '  S35000  ')); // outer spaces
  edit(45_000, (l) => l.replace(/^[^,]+/, 'Zoë-45000')); // not ASCII: read as text
  edit(55_000, (l) => `${l}\r`); // CRLF
  const text = lines.join('\n');
  ws.write('big.csv', text);
  expect(statSync(ws.path('big.csv')).size).toBeGreaterThan(4 << 20);
  return text;
}

describe('predict.record on the parse worker', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace(PARAMS);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('a regression: the batch of the file equals the batch of the same rows from stdin, each id as a CSV field', async () => {
    const text = await bigInput(ws);
    const viaWorker = await runCli(['predict', '-i', 'big.csv', '-o', 'w.csv', '--json'], { cwd: ws.dir });
    expect(viaWorker.code).toBe(0);
    expect(JSON.parse(viaWorker.stdout)).toMatchObject({ rows: 80_000, scored: 80_000, recorded: 79_999 });
    const viaStdin = await runCli(['predict', '-i', '-', '-o', 's.csv', '--json'], { cwd: ws.dir, input: text });
    expect(viaStdin.code).toBe(0);
    const recorded = batches(ws);
    const file = recorded.get('big.csv')!;
    expect(file).toBe(recorded.get('stdin'));
    const lines = file.split('\n');
    expect(lines[0]).toBe('student_id,prediction');
    expect(lines).toHaveLength(80_000 + 1); // the header, 79,999 rows, the last line break
    // Each recorded prediction is the one predict wrote for that row.
    const scored = readFileSync(ws.path('w.csv'), 'utf8').split('\n');
    const prediction = (line: number): string => scored[line]!.replace(/\r/, '').split(',').at(-1)!;
    const idOf = (line: number): string => text.split('\n')[line]!.split(',')[0]!;
    expect(lines[5_000]).toBe(`"S,5000",${prediction(5_000)}`);
    expect(lines[15_000]).toBe(`"S""15000",${prediction(15_000)}`);
    expect(lines[25_000]).toBe(`${idOf(25_001)},${prediction(25_001)}`); // the empty id's row is left out
    expect(lines[34_999]).toBe(`S35000,${prediction(35_000)}`);
    expect(lines[44_999]).toBe(`Zoë-45000,${prediction(45_000)}`);
    expect(lines[54_999]).toBe(`${idOf(55_000)},${prediction(55_000)}`);
  }, 120_000);
});

describe('predict.record of a classifier on the parse worker', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace(CLASSIFIER);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('the batch of the file equals that of stdin, with the class and its probability', async () => {
    const text = await bigInput(ws);
    expect((await runCli(['predict', '-i', 'big.csv', '-o', 'w.csv'], { cwd: ws.dir })).code).toBe(0);
    expect((await runCli(['predict', '-i', '-', '-o', 's.csv'], { cwd: ws.dir, input: text })).code).toBe(0);
    const recorded = batches(ws);
    const file = recorded.get('big.csv')!;
    expect(file).toBe(recorded.get('stdin'));
    const lines = file.split('\n');
    expect(lines[0]).toBe('student_id,prediction,probability');
    expect(lines[5_000]).toMatch(/^"S,5000",(completed|none),(0|1|0\.\d{1,4})$/);
  }, 120_000);
});
