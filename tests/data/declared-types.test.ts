/**
 * data.types (issue 17, item 3): declared types override inference, are part of ingest's params
 * slice and the schema, and ingest flags integer columns that may be category codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryCodeValues, findCategoryCodes, renderCategoryCodes } from '../../src/data/category-codes.js';
import { inferTable } from '../../src/data/infer.js';
import { recordsToTable } from '../../src/data/to-table.js';
import { SpmError } from '../../src/errors.js';
import { parseParamsText, type LoadedParams } from '../../src/pipeline/params.js';
import { checkParamColumns, decideSchema } from '../../src/pipeline/stages/ingest-plan.js';
import { stageSlices, type Workspace as SpmWorkspace } from '../../src/pipeline/workspace.js';
import { thrownSpmError } from '../helpers/errors.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const load = (extra = ''): LoadedParams => parseParamsText(`data:\n  source: d.csv\n  target: score\n  id_columns: []\n${extra}`, '/w/params.yaml', []);
const text = (header: string[], rows: string[][]) =>
  recordsToTable(header, rows, rows.map((_, i) => i + 2), header.map((name) => ({ name, type: 'categorical' as const }))).table;

describe('data.types in the params', () => {
  it('takes column → numeric | categorical', () => {
    expect(load('  types: { Medu: categorical, age: numeric }\n').params.data.types).toEqual({ Medu: 'categorical', age: 'numeric' });
    expect(load().params.data.types).toEqual({});
  });

  it('rejects another type with the nearest one', () => {
    const e = thrownSpmError(() => load('  types: { Medu: categoric }\n'));
    expect(e.message).toContain("data.types.Medu: expected numeric or categorical, got 'categoric' — did you mean 'categorical'?");
  });

  it('is in ingest\'s params slice when set, and absent when empty (ids made without it stay the same)', () => {
    const slices = (loaded: LoadedParams) => stageSlices({ loaded } as unknown as SpmWorkspace);
    expect(slices(load()).ingest.data).not.toHaveProperty('types');
    expect((slices(load('  types: { Medu: categorical }\n')).ingest.data as Record<string, unknown>).types).toEqual({ Medu: 'categorical' });
  });

  it('a declared column that is not in the data is an error naming the nearest column', () => {
    const e = thrownSpmError(() => checkParamColumns(load('  types: { Mdu: categorical }\n').params.data, ['Medu', 'score'], 'd.csv'));
    expect(e.code).toBe('PARAMS_INVALID');
    expect(e.message).toBe("data.types: column 'Mdu' is not in d.csv — did you mean 'Medu'?");
  });
});

describe('declared types override inference (pure)', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [String(i), String(i % 5), i % 2 ? 'a' : 'b']);
  const table = text(['score', 'Medu', 'g'], rows);

  it('a declared categorical column of numbers is categorical in the schema, marked declared', () => {
    const summaries = inferTable(table, { types: [undefined, 'categorical', undefined] });
    const { schema } = decideSchema(summaries, rows.map((r) => r[0]!), load('  types: { Medu: categorical }\n').params.data, 'd.csv');
    expect(schema.columns[1]).toEqual({ name: 'Medu', type: 'categorical', role: 'feature', nullRate: 0, categories: ['0', '1', '2', '3', '4'], declared: true });
    expect(schema.columns[0]).not.toHaveProperty('declared');
  });

  it('a declared numeric column with no number at all is refused', () => {
    const summaries = inferTable(table, { types: [undefined, undefined, 'numeric'] });
    const e = thrownSpmError(() => decideSchema(summaries, rows.map((r) => r[0]!), load('  types: { g: numeric }\n').params.data, 'd.csv'));
    expect(e).toBeInstanceOf(SpmError);
    expect(e.code).toBe('COLUMN_TYPE');
    expect(e.message).toBe("data.types: column 'g' is declared numeric but has no numbers in d.csv");
  });
});

describe('possible category codes', () => {
  it('are non-negative integers with 3 to 10 distinct values', () => {
    expect(categoryCodeValues(Float64Array.from([4, 0, 2, NaN, 1, 3, 0]))).toEqual([0, 1, 2, 3, 4]);
    expect(categoryCodeValues(Float64Array.from([0, 1, 1, 0]))).toBeUndefined(); // two values: the same either way
    expect(categoryCodeValues(Float64Array.from([1, 2, 2.5]))).toBeUndefined();
    expect(categoryCodeValues(Float64Array.from([-1, 0, 1]))).toBeUndefined();
    expect(categoryCodeValues(Float64Array.from({ length: 11 }, (_, i) => i))).toBeUndefined();
  });

  it('only numeric feature columns not declared are flagged, with the declaration to paste', () => {
    const table = { rowCount: 3, columns: [
      { kind: 'numeric' as const, name: 'Medu', values: Float64Array.from([0, 2, 4]) },
      { kind: 'numeric' as const, name: 'Fedu', values: Float64Array.from([0, 2, 4]) },
      { kind: 'numeric' as const, name: 'y', values: Float64Array.from([1, 2, 3]) },
    ] };
    const schema = { format: 'spm.schema' as const, version: 1 as const, target: 'y', task: 'regression' as const, columns: [
      { name: 'Medu', type: 'numeric' as const, role: 'feature' as const, nullRate: 0 },
      { name: 'Fedu', type: 'numeric' as const, role: 'feature' as const, nullRate: 0, declared: true as const },
      { name: 'y', type: 'numeric' as const, role: 'target' as const, nullRate: 0 },
    ] };
    const hints = findCategoryCodes(table, schema);
    expect(hints).toEqual([{ name: 'Medu', values: [0, 2, 4] }]);
    expect(renderCategoryCodes(hints)).toBe(
      'ingest: possibly category codes, read as numbers: Medu (3 values: 0, 2, 4)\n  if they are categories, declare them in params.yaml: data.types: { Medu: categorical }',
    );
  });
});

describe('spm run with data.types (built CLI)', () => {
  let ws: Workspace;
  // Medu's effect is not monotone (0 → 10, 1 → 40, 2 → 5, …): a line through the codes misses it, one-hot does not.
  const effect = [10, 40, 5, 35, 20];
  const lines = ['id,Medu,score'];
  for (let i = 0; i < 200; i++) lines.push(`s${i},${i % 5},${effect[i % 5]! + ((i * 7) % 11) / 10}`);
  lines.push('s200,two,12'); // a value that is not a number in a column declared numeric

  beforeAll(() => {
    ws = createWorkspace({
      'd.csv': `${lines.join('\n')}\n`,
      'params.yaml': 'data:\n  source: d.csv\n  target: score\n  id_columns: [id]\ntrain:\n  models: [linear]\nevaluate:\n  gates: {}\n',
    });
  });
  afterAll(() => ws.cleanup());
  const r2 = (stdout: string): number => (JSON.parse(stdout) as { metrics: { r2: number } }).metrics.r2;
  const only = (stage: string, except: readonly string[] = []): string => {
    const ids = readdirSync(ws.path(`artifacts/${stage}`)).filter((d) => !d.startsWith('.') && !except.includes(d));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };

  it('inferred: Medu is numeric, flagged as possibly category codes; declared: one-hot, re-ingested, a different and better model', async () => {
    const inferred = await runCli(['run', '--json', '-S', 'data.types={Medu: numeric}'], { cwd: ws.dir });
    expect(inferred.code).toBe(0);
    // Declared numeric: 'two' rejects its row (line 202), as inference's 95% rule would.
    const firstIngest = only('ingest');
    const rejects = readFileSync(join(ws.path(`artifacts/ingest/${firstIngest}`), 'rejects.csv'), 'utf8');
    expect(rejects).toContain("d.csv,202,column 'Medu': not a number");

    const plain = await runCli(['run', '--json'], { cwd: ws.dir });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('possibly category codes, read as numbers: Medu (5 values: 0, 1, 2, 3, 4)');
    expect(plain.stderr).toContain('data.types: { Medu: categorical }');

    const declared = await runCli(['run', '--json', '-S', 'data.types={Medu: categorical}'], { cwd: ws.dir });
    expect(declared.code).toBe(0);
    expect(declared.stderr).not.toContain('possibly category codes');
    const stages = (JSON.parse(declared.stdout) as { stages: { stage: string; cached: boolean }[] }).stages;
    expect(stages.map((s) => [s.stage, s.cached])).toEqual([['ingest', false], ['transform', false], ['train', false], ['evaluate', false]]);
    const ingestIds = readdirSync(ws.path('artifacts/ingest')).filter((d) => !d.startsWith('.'));
    expect(ingestIds).toHaveLength(3);
    const schemas = ingestIds.map((id) => JSON.parse(readFileSync(ws.path(`artifacts/ingest/${id}/schema.json`), 'utf8')) as { columns: { name: string; type: string; declared?: boolean }[] });
    const medu = schemas.map((s) => s.columns.find((c) => c.name === 'Medu')!);
    expect(medu.filter((c) => c.type === 'categorical' && c.declared === true)).toHaveLength(1);
    const transformers = readdirSync(ws.path('artifacts/transform')).filter((d) => !d.startsWith('.'))
      .map((id) => JSON.parse(readFileSync(ws.path(`artifacts/transform/${id}/transformer.json`), 'utf8')) as { inputs: { name: string; kind: string; levels?: string[] }[] });
    const oneHot = transformers.map((t) => t.inputs.find((i) => i.name === 'Medu')!).filter((i) => i.kind === 'categorical');
    expect(oneHot).toHaveLength(1);
    expect(oneHot[0]!.levels).toEqual(expect.arrayContaining(['0', '1', '2', '3', '4'])); // and 'two' when its row is in the train split
    expect(r2(declared.stdout)).toBeGreaterThan(0.95);
    expect(r2(plain.stdout)).toBeLessThan(0.5);
  }, 60_000);
});
