/**
 * Reading upstream artifacts back, verified (SPEC §5): the schema, the train/test splits as
 * tables, the fitted transformer and the model. Shared by every stage after ingest and by
 * predict.
 */
import { CANONICAL } from '../../data/csv-dialect.js';
import { readCsvAll } from '../../data/csv-source.js';
import { columnSpecsOf, validateSchema, type Schema } from '../../data/schema.js';
import { recordsToTable, type ColumnSpec } from '../../data/to-table.js';
import type { Table } from '../../data/table.js';
import { SpmError } from '../../errors.js';
import { validateTransformer, type FittedTransformer } from '../../features/transformer.js';
import type { Model } from '../../models/model.js';
import { modelFromJSON } from '../../models/registry.js';
import type { ArtifactStore } from '../../store/store.js';
import type { ScoringPipeline } from '../../scoring/scoring-pipeline.js';

export async function loadSchema(store: ArtifactStore, ingestId: string): Promise<Schema> {
  return validateSchema(await store.readJson('ingest', ingestId, 'schema.json'), `ingest/${ingestId}/schema.json`);
}

export interface LoadedSplit {
  readonly schema: Schema;
  readonly table: Table;
}

/** Reads a split under its schema; `extra`: more columns to read (e.g. dropped ones evaluate groups by). */
export async function loadSplit(store: ArtifactStore, ingestId: string, which: 'train' | 'test', extra: readonly ColumnSpec[] = []): Promise<LoadedSplit> {
  const schema = await loadSchema(store, ingestId);
  const path = await store.verifiedPath('ingest', ingestId, `${which}.csv`);
  const data = await readCsvAll(path, { csv: CANONICAL }); // written by ingest: comma, point, UTF-8
  const specs = [...columnSpecsOf(schema), ...extra];
  const { table, rejects } = recordsToTable(data.header, data.rows, data.lines, specs, { source: path, malformed: data.malformed });
  if (rejects.length) {
    throw new SpmError('ARTIFACT_CORRUPT', `${path} does not match its schema (line ${rejects[0]!.line}: ${rejects[0]!.reason})`, {
      hint: 'rebuild it with `spm ingest --force`',
    });
  }
  return { schema, table };
}

/** The target as numbers: the value (regression) or the class index (classification). */
export function targetVector(table: Table, schema: Schema): Float64Array {
  const column = table.columns.find((c) => c.name === schema.target);
  if (!column) throw new Error(`target ${schema.target} not loaded`);
  return column.kind === 'numeric' ? column.values : Float64Array.from(column.codes);
}

export const featureNamesOf = (schema: Schema): string[] => schema.columns.filter((c) => c.role === 'feature').map((c) => c.name);

export async function loadTransformer(store: ArtifactStore, transformId: string): Promise<FittedTransformer> {
  return validateTransformer(await store.readJson('transform', transformId, 'transformer.json'));
}

export async function loadModel(store: ArtifactStore, trainId: string): Promise<Model> {
  return modelFromJSON(await store.readJson('train', trainId, 'model.json'), `train/${trainId}/model.json`);
}

/** A trained version's scoring pipeline, found through its lineage (segments are added by resolve.ts). */
export async function loadScoringPipeline(store: ArtifactStore, trainId: string): Promise<ScoringPipeline> {
  const manifest = await store.readManifest('train', trainId);
  const link = (stage: string): string => {
    const a = manifest.inputs.artifacts.find((x) => x.stage === stage);
    if (!a) throw new SpmError('ARTIFACT_CORRUPT', `train/${trainId} has no ${stage} in its lineage`, { hint: 'rebuild it with `spm run --force`' });
    return a.id;
  };
  const ids = { ingest: link('ingest'), transform: link('transform'), train: trainId };
  const [schema, transformer, model] = await Promise.all([loadSchema(store, ids.ingest), loadTransformer(store, ids.transform), loadModel(store, trainId)]);
  return { ids, schema, transformer, model };
}
