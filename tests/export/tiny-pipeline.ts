/** A small scoring pipeline built in memory (fitted transformer and model), for the exporter's unit tests. */
import type { Schema } from '../../src/data/schema.js';
import type { Table } from '../../src/data/table.js';
import { fitTransformer, applyTransformer } from '../../src/features/transformer.js';
import { decisionTreeFactory } from '../../src/models/decision-tree.js';
import { linearFactory } from '../../src/models/linear.js';
import { logisticFactory } from '../../src/models/logistic.js';
import type { ScoringPipeline } from '../../src/scoring/scoring-pipeline.js';

/** 40 rows: x numeric (one missing), colour categorical (one missing, `violet` infrequent). */
export function tinyTable(): Table {
  const colours = ['red', 'green', 'blue'];
  const x = Float64Array.from({ length: 40 }, (_, i) => (i === 5 ? NaN : (i * 7) % 23));
  const codes = Int32Array.from({ length: 40 }, (_, i) => (i === 9 ? -1 : i === 17 ? 3 : i % 3));
  return { rowCount: 40, columns: [{ kind: 'numeric', name: 'x', values: x }, { kind: 'categorical', name: 'colour', codes, dictionary: [...colours, 'violet'] }] };
}

export function tinyPipeline(task: 'regression' | 'classification', kind: 'linear' | 'tree' = 'linear', featureNames: readonly string[] = ['x', 'colour']): ScoringPipeline {
  const base = tinyTable();
  const table: Table = { ...base, columns: base.columns.map((c, i) => ({ ...c, name: featureNames[i]! })) };
  const transformer = fitTransformer(table, featureNames, { numeric: { impute: 'mean', scale: 'standard', clip: 0.05 }, categorical: { impute: 'most_frequent', min_frequency: 2 } });
  const { X } = applyTransformer(transformer, table);
  const y = Float64Array.from({ length: 40 }, (_, i) => (task === 'regression' ? i * 0.5 + (i % 3) : i % 3 === 0 || i > 30 ? 1 : 0));
  const factory = kind === 'tree' ? decisionTreeFactory : task === 'regression' ? linearFactory : logisticFactory;
  const model = factory.fit({ X, y, nClasses: task === 'classification' ? 2 : undefined, seed: 1 }, task, {});
  const schema: Schema = {
    format: 'spm.schema',
    version: 1,
    columns: [],
    target: 'outcome',
    task,
    ...(task === 'classification' ? { classes: ['no', 'yes'], positiveClass: 'yes' } : {}),
  };
  return { ids: { ingest: 'i0', transform: 't0', train: 'm0' }, schema, transformer, model };
}

export const TINY_INFO = { spmVersion: '0.0.0-test', evaluateId: 'e0', threshold: 0.5, testMetrics: { accuracy: 0.9 } } as const;
