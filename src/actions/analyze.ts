/**
 * The data `spm analyze` and `spm report` describe: every usable row ingest kept (both splits;
 * analysis tunes nothing, so the test split is not held back from it), typed by the frozen
 * schema. Ingest runs first when the current params have no ingest version yet (a cache hit
 * otherwise), so `spm analyze` works on a fresh checkout.
 */
import type { ProgressStep } from '../util/progress.js';
import { analyzeFactors, type AnalyzeResult } from '../analysis/analyze.js';
import type { Schema } from '../data/schema.js';
import { concatTables, getColumn, type Table } from '../data/table.js';
import { runStages } from '../pipeline/run.js';
import { loadSplit } from '../pipeline/stages/load.js';
import type { ArtifactStore } from '../store/store.js';
import type { Workspace } from '../pipeline/workspace.js';

export interface IngestedData {
  readonly ingestId: string;
  readonly schema: Schema;
  readonly train: Table;
  readonly test: Table;
  /** Train rows, then test rows. */
  readonly table: Table;
}

/** Both splits of an ingest version, and the two together. */
export async function readIngested(store: ArtifactStore, ingestId: string): Promise<IngestedData> {
  const [train, test] = await Promise.all([loadSplit(store, ingestId, 'train'), loadSplit(store, ingestId, 'test')]);
  return { ingestId, schema: train.schema, train: train.table, test: test.table, table: concatTables([train.table, test.table]) };
}

/** The ingested data of the current params, running ingest first when it is not built. */
export async function loadIngested(ws: Workspace, hooks: { progress?: (text: string | ProgressStep) => void; warn?: (text: string) => void } = {}): Promise<IngestedData> {
  const [run] = await runStages(ws, { stages: ['ingest'], progress: hooks.progress, warn: hooks.warn });
  return readIngested(ws.store, run!.id);
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
