/**
 * The data `spm analyze` and `spm report` describe: every usable row ingest kept (both splits;
 * analysis tunes nothing, so the test split is not held back from it), typed by the frozen
 * schema. Ingest runs first when the current params have no ingest version yet (a cache hit
 * otherwise), so `spm analyze` works on a fresh checkout.
 */
import { analyzeFactors, type AnalyzeResult } from '../analysis/analyze.js';
import type { Schema } from '../data/schema.js';
import { concatTables, getColumn, type Table } from '../data/table.js';
import { runStages } from './run.js';
import { loadSplit } from './stages/load.js';
import type { Workspace } from './workspace.js';

export interface IngestedData {
  readonly ingestId: string;
  readonly schema: Schema;
  /** Train rows, then test rows. */
  readonly table: Table;
  readonly trainRows: number;
}

export async function loadIngested(ws: Workspace, hooks: { progress?: (text: string) => void; warn?: (text: string) => void } = {}): Promise<IngestedData> {
  const [run] = await runStages(ws, { stages: ['ingest'], progress: hooks.progress, warn: hooks.warn });
  const ingestId = run!.id;
  const [train, test] = await Promise.all([loadSplit(ws.store, ingestId, 'train'), loadSplit(ws.store, ingestId, 'test')]);
  return { ingestId, schema: train.schema, table: concatTables([train.table, test.table]), trainRows: train.table.rowCount };
}

/** Every feature of the schema against the target. */
export function analyzeIngested(data: IngestedData): AnalyzeResult & { ingest: string } {
  const { schema, table } = data;
  const factors = schema.columns.filter((c) => c.role === 'feature').map((c) => getColumn(table, c.name));
  const result = analyzeFactors({
    target: getColumn(table, schema.target),
    task: schema.task,
    ...(schema.positiveClass ? { positiveClass: schema.positiveClass } : {}),
    factors,
  });
  return { ...result, ingest: data.ingestId };
}
