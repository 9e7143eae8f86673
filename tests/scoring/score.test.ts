/** scoreTable: predictions that are not finite numbers are flagged, never printed as scores. */
import { describe, expect, it } from 'vitest';
import type { Schema } from '../../src/data/schema.js';
import type { Table } from '../../src/data/table.js';
import { fitTransformer } from '../../src/features/transformer.js';
import { createMatrix, type Matrix } from '../../src/models/matrix.js';
import type { Model } from '../../src/models/model.js';
import { scoreTable } from '../../src/scoring/score.js';

const table: Table = { rowCount: 3, columns: [{ kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3]) }] };
const schema: Schema = {
  format: 'spm.schema',
  version: 1,
  target: 'y',
  task: 'regression',
  columns: [
    { name: 'x', type: 'numeric', role: 'feature', nullRate: 0 },
    { name: 'y', type: 'numeric', role: 'target', nullRate: 0 },
  ],
};
const transformer = fitTransformer(table, ['x'], { numeric: { impute: 'median', scale: 'none', clip: null }, categorical: { impute: 'missing', min_frequency: 0 } });

/** A stand-in whose arithmetic overflowed on some rows. */
const overflowing: Model = {
  name: 'stub',
  task: 'regression',
  params: {},
  predict: (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => [12.5, Infinity, Number.NaN][i]!),
  explain: (X: Matrix) => ({ base: new Float64Array(X.rows), values: createMatrix(X.rows, X.cols), scale: 'prediction' }),
  toJSON: () => ({ format: 'stub', version: 1 }),
};

describe('scoreTable', () => {
  it('flags rows whose prediction is not finite', () => {
    const pipeline = { ids: { ingest: 'a', transform: 'b', train: 'c' }, schema, transformer, model: overflowing };
    const result = scoreTable(pipeline, table, { explain: false, threshold: 0.5 }, () => '');
    expect(result.prediction[0]).toBe('12.5');
    expect([...result.unscorable].sort()).toEqual([1, 2]);
  });
});

describe('predictFile with unscorable rows', () => {
  it('rejects them with their line number, so scored + rejected = rows', async () => {
    const { createWorkspace } = await import('../helpers/workspace.js');
    const { predictFile } = await import('../../src/scoring/predict-file.js');
    const { readFileSync } = await import('node:fs');
    const ws = createWorkspace({ 'in.csv': 'x,y\n1,0\n2,0\n3,0\n' });
    try {
      const pipeline = { ids: { ingest: 'a', transform: 'b', train: 'c' }, schema, transformer, model: overflowing };
      const summary = await predictFile(pipeline, { input: ws.path('in.csv'), output: ws.path('out.csv'), explain: false, threshold: 0.5, worker: false });
      expect(summary).toMatchObject({ rows: 3, scored: 1, rejected: 2 });
      expect(readFileSync(ws.path('out.csv'), 'utf8')).toBe('x,y,prediction\n1,0,12.5\n');
      const rejects = readFileSync(ws.path('out.rejects.csv'), 'utf8').trim().split('\n');
      expect(rejects.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4']);
      expect(rejects[1]).toContain('cannot be scored: the prediction is not a finite number');
    } finally {
      ws.cleanup();
    }
  });
});
