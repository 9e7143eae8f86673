/**
 * `spm export` end to end (the built bin/spm.js): the file it writes, scored by ONNX Runtime on
 * the very CSV `spm predict` scores, gives predict's output (predict writes 4 decimals, so
 * numbers agree to that rounding; classes agree except at a float32 tie); its --json summary,
 * help, and refusals with the messages a user sees.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readData } from '../../src/api/read-data.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const BINARY = ['-S', 'data.target=test_preparation_course', '-S', 'data.positive_class=completed', '-S', 'evaluate.threshold=0.4', '-S', 'evaluate.gates={}', '-S', 'train.models={gradient_boosting: {n_estimators: [30], max_depth: [3]}}'];

/** ONNX Runtime's outputs for the rows of a CSV file: numbers as float32, texts as strings, '' as missing. */
async function scoreCsv(model: string, csv: string, inputs: readonly { name: string; type: string }[]): Promise<Record<string, ort.Tensor>> {
  const data = await readData(csv);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of inputs) {
    const j = data.header.indexOf(input.name);
    const cells = data.rows.map((r) => r[j]!);
    feeds[input.name] =
      input.type === 'float'
        ? new ort.Tensor('float32', Float32Array.from(cells, (c) => (c === '' ? NaN : Number(c))), [cells.length, 1])
        : new ort.Tensor('string', cells, [cells.length, 1]);
  }
  const session = await ort.InferenceSession.create(model);
  return session.run(feeds);
}

describe('spm export (built CLI)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace(undefined, 400);
  });
  afterAll(() => ws.cleanup());

  it('regression: ONNX Runtime gives spm predict\'s predictions', async () => {
    const res = await runCli(['export', '-o', 'model.onnx', '--json'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ format: 'onnx', output: 'model.onnx', model: 'ridge', task: 'regression', target: 'math_score', outputs: ['prediction'], threshold: null });
    expect(summary.bytes).toBe(readFileSync(ws.path('model.onnx')).length);
    expect(summary.inputs).toContainEqual({ name: 'reading_score', type: 'float' });
    expect((await runCli(['predict', '-i', 'data/students.csv', '-o', 'scored.csv'], { cwd: ws.dir })).code).toBe(0);
    const scored = await readData(ws.path('scored.csv'));
    const out = await scoreCsv(ws.path('model.onnx'), ws.path('data/students.csv'), summary.inputs);
    const onnx = out['prediction']!.data as Float32Array;
    const p = scored.header.indexOf('prediction');
    expect(onnx.length).toBe(scored.rows.length);
    scored.rows.forEach((row, i) => expect(Math.abs(onnx[i]! - Number(row[p]))).toBeLessThanOrEqual(5e-5 + 1e-5 * Math.abs(onnx[i]!)));
  });

  it('binary classification with threshold 0.4: the same classes and probabilities as spm predict', async () => {
    expect((await runCli(['run', '-q', ...BINARY], { cwd: ws.dir })).code).toBe(0);
    const res = await runCli(['export', '-o', 'binary.onnx', '--json', ...BINARY], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ model: 'gradient_boosting', task: 'classification', threshold: 0.4, outputs: ['prediction', 'probabilities'] });
    expect((await runCli(['predict', '-i', 'data/students.csv', '-o', 'binary.csv', ...BINARY], { cwd: ws.dir })).code).toBe(0);
    const scored = await readData(ws.path('binary.csv'));
    const out = await scoreCsv(ws.path('binary.onnx'), ws.path('data/students.csv'), summary.inputs);
    const labels = out['prediction']!.data as string[];
    const proba = out['probabilities']!.data as Float32Array;
    const [p, q] = [scored.header.indexOf('prediction'), scored.header.indexOf('probability')];
    // classes in the schema's (sorted) order: completed, none; probability is of the positive class
    let ties = 0;
    scored.rows.forEach((row, i) => {
      const positive = proba[2 * i]!;
      expect(Math.abs(positive - Number(row[q]))).toBeLessThanOrEqual(5e-5 + 1e-5 * positive);
      if (labels[i] !== row[p]) {
        expect(Math.abs(positive - 0.4)).toBeLessThan(1e-6);
        ties++;
      }
    });
    expect(ties).toBeLessThanOrEqual(1);
  });

  it('help has examples', async () => {
    const res = await runCli(['export', '--help'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Examples:');
    expect(res.stdout).toContain('spm export -o model.onnx');
    expect(res.stdout).toContain('--format <format>');
  });

  it('refuses an unknown format and a missing -o (usage, exit 2), and an unknown REF (exit 1), writing nothing', async () => {
    const format = await runCli(['export', '--format', 'pmml', '-o', 'm.pmml'], { cwd: ws.dir });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'pmml' is invalid. Allowed choices are onnx.");
    const output = await runCli(['export'], { cwd: ws.dir });
    expect(output.code).toBe(2);
    expect(output.stderr).toContain("required option '-o, --output <file>' not specified");
    const ref = await runCli(['export', 'nosuchversion', '-o', 'nope.onnx', '--json'], { cwd: ws.dir });
    expect(ref.code).toBe(1);
    expect(JSON.parse(ref.stdout).error.code).toBe('UNKNOWN_REF');
    expect(existsSync(ws.path('nope.onnx'))).toBe(false);
  });

  it('refuses a feature column named like a graph output, naming it (EXPORT_UNSUPPORTED)', async () => {
    const csv = readFileSync(ws.path('data/students.csv'), 'utf8').replace(/^student_id,gender,/, 'student_id,prediction,');
    ws.write('data/clash.csv', csv);
    const set = ['-S', 'data.source=data/clash.csv'];
    expect((await runCli(['run', '-q', ...set], { cwd: ws.dir })).code).toBe(0);
    const res = await runCli(['export', '-o', 'clash.onnx', ...set], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cannot export to ONNX: the feature column "prediction" has the name of a graph output');
    expect(res.stderr).toContain('hint: rename the column in the source data');
    expect(existsSync(ws.path('clash.onnx'))).toBe(false);
  });
});
