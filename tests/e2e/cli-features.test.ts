/**
 * End-to-end: derived features (features.derive), selection inside cross-validation
 * (features.select) and IQR clipping through the real bin/spm.js: train reports the kept
 * features per fold and for the refit; predict and serve compute the derived features from
 * the original columns alone and score alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv-parse.js';
import { call, startServe } from '../helpers/serve.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const PARAMS = `data:
  source: data/students.csv
  target: math_score
features:
  derive:
    total: reading_score + writing_score
    gap: reading_score - writing_score
    strong: reading_score >= 70
    ratio: "writing_score / max(reading_score, 1)"
  select: { method: mutual_information, top_k: 5 }
transform:
  numeric: { clip: iqr }
train:
  models:
    linear: {}
    ridge: { alpha: [1, 10] }
evaluate:
  gates: {}
`;

describe('derived features and selection, end to end', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = createWorkspace({ 'params.yaml': PARAMS });
    expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '300', '--seed', '3'], { cwd: ws.dir })).code).toBe(0);
    const run = await runCli(['run', '--json'], { cwd: ws.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
  afterAll(() => ws.cleanup());

  it('the transformer stores the definitions; train reports the features kept per fold and for the refit', async () => {
    const transform = JSON.parse((await runCli(['transform', '--json'], { cwd: ws.dir })).stdout);
    // In name order, whatever the order written.
    expect(transform.derived).toEqual([
      { name: 'gap', expression: 'reading_score - writing_score' },
      { name: 'ratio', expression: 'writing_score / max(reading_score, 1)' },
      { name: 'strong', expression: 'reading_score >= 70' },
      { name: 'total', expression: 'reading_score + writing_score' },
    ]);
    expect(transform.features.slice(-4)).toEqual(['gap', 'ratio', 'strong', 'total']);
    const train = await runCli(['train', '--json'], { cwd: ws.dir });
    const doc = JSON.parse(train.stdout);
    expect(doc.selection.method).toBe('mutual_information');
    expect(doc.selection.folds).toHaveLength(5);
    for (const kept of [...doc.selection.folds, doc.selection.refit]) {
      expect(kept).toHaveLength(5);
      for (const name of kept) expect(transform.features).toContain(name);
    }
    // reading and writing scores carry the signal on synth data: their sum is kept everywhere
    expect(doc.selection.refit).toContain('total');
    const human = await runCli(['train'], { cwd: ws.dir });
    expect(human.stdout).toContain("features kept (features.select: mutual_information, top 5, chosen on each fold's train part):");
    expect(human.stdout).toMatch(/ {2}fold 5: .+\n {2}refit: .*total/);
  });

  it('selection on two worker threads gives the same bytes as on one; the report and drift read the selected model', async () => {
    const cv = async (jobs: string) => {
      const res = await runCli(['train', '--force', '--json', '-S', `train.jobs=${jobs}`], { cwd: ws.dir });
      expect(res.code).toBe(0);
      const doc = JSON.parse(res.stdout);
      return readFileSync(ws.path(`artifacts/train/${doc.id}/cv_results.json`), 'utf8') + readFileSync(ws.path(`artifacts/train/${doc.id}/model.json`), 'utf8');
    };
    expect(await cv('2')).toBe(await cv('1'));
    const model = JSON.parse((await runCli(['train', '--json'], { cwd: ws.dir })).stdout);
    const stored = JSON.parse(readFileSync(ws.path(`artifacts/train/${model.id}/model.json`), 'utf8'));
    const width = JSON.parse((await runCli(['transform', '--json'], { cwd: ws.dir })).stdout).features.length;
    expect(stored).toMatchObject({ format: 'spm.selected', version: 1, features: width });
    expect(stored.kept).toHaveLength(5);
    const report = await runCli(['report', '-o', 'report.html'], { cwd: ws.dir });
    expect(report.code).toBe(0);
    expect(readFileSync(ws.path('report.html'), 'utf8')).toContain('feature kept (mutual_information, top 5)');
    const drift = await runCli(['drift', '-i', 'data/students.csv', '--json'], { cwd: ws.dir });
    expect(drift.stderr).toBe('');
    expect(drift.code).toBe(0);
  });

  it('predict needs only the original columns, in any order, and serve scores the same rows alike', async () => {
    const input = parseCsv(readFileSync(ws.path('data/students.csv'), 'utf8'));
    const order = [...input.header.keys()].reverse();
    ws.write('reversed.csv', [order.map((j) => input.header[j]), ...input.rows.map((r) => order.map((j) => r[j]))].map((r) => r.join(',')).join('\n') + '\n');
    expect((await runCli(['predict', '-i', 'data/students.csv', '-o', 'a.csv'], { cwd: ws.dir })).code).toBe(0);
    expect((await runCli(['predict', '-i', 'reversed.csv', '-o', 'b.csv'], { cwd: ws.dir })).code).toBe(0);
    const predictions = (file: string) => {
      const out = parseCsv(readFileSync(ws.path(file), 'utf8'));
      return out.rows.map((r) => Number(r[out.header.indexOf('prediction')]));
    };
    const a = predictions('a.csv');
    expect(predictions('b.csv')).toEqual(a);
    // --explain shows a derived feature's computed value, as it shows an input's.
    expect((await runCli(['predict', '-i', 'data/students.csv', '-o', 'e.csv', '--explain'], { cwd: ws.dir })).code).toBe(0);
    const explained = parseCsv(readFileSync(ws.path('e.csv'), 'utf8'));
    const at = (name: string) => explained.header.indexOf(name);
    const row = explained.rows[0]!;
    const total = Number(row[at('reading_score')]) + Number(row[at('writing_score')]);
    expect(row[at('top_factors')]).toContain(`total=${total} (`);
    const serve = await startServe(ws.dir);
    try {
      const api = await call(`${serve.url}/v1/predict`, { type: 'text/csv', body: readFileSync(ws.path('data/students.csv')) });
      expect(api.status).toBe(200);
      expect(api.json.predictions.map((p: { prediction: number }) => p.prediction)).toEqual(a);
    } finally {
      await serve.stop();
    }
  });

  it('an unknown column in an expression stops transform with a caret under it', async () => {
    const res = await runCli(['run', '--json', '-S', 'features.derive.bad="reading_scor * 2"'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    const { error } = JSON.parse(res.stdout);
    expect(error.code).toBe('EXPRESSION_INVALID');
    expect(error.message).toBe("features.derive.bad: unknown column 'reading_scor' — did you mean 'reading_score'? (at character 1)\n    reading_scor * 2\n    ^^^^^^^^^^^^");
  });
});

describe('features.derive is checked against the data when params load', () => {
  it('spm run and spm status refuse an unknown column or a text column in arithmetic before any stage runs', async () => {
    const ws = createWorkspace({ 'params.yaml': PARAMS.replace('total: reading_score + writing_score', 'total: reading_score + writting_score') });
    try {
      expect((await runCli(['synth', '-o', 'data/students.csv', '--rows', '50', '--seed', '3'], { cwd: ws.dir })).code).toBe(0);
      const run = await runCli(['run'], { cwd: ws.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        "spm: error: features.derive.total: unknown column 'writting_score' — did you mean 'writing_score'? (at character 17)\n" +
        '    reading_score + writting_score\n' +
        '                    ^^^^^^^^^^^^^^\n' +
        '  hint: expressions use feature columns (not the target, id or dropped columns): gender, race_ethnicity, parental_level_of_education, lunch, test_preparation_course, reading_score, writing_score\n',
      );
      expect(existsSync(ws.path('artifacts'))).toBe(false);
      const status = await runCli(['status', '--json', '-S', 'features.derive.total="lunch * 2"'], { cwd: ws.dir });
      expect(status.code).toBe(1);
      const { error } = JSON.parse(status.stdout);
      expect(error.code).toBe('EXPRESSION_INVALID');
      expect(error.message).toBe("features.derive.total: column 'lunch' is categorical; expressions compute on numeric columns (at character 1)\n    lunch * 2\n    ^^^^^");
    } finally {
      ws.cleanup();
    }
  });
});
