/**
 * `spm drift`: a new batch (CSV file or stdin) against a reference — the train split of a
 * model's lineage, or another CSV — per feature (feature-drift.ts), for the model's predictions
 * and, when the batch has it, the target. The batch is streamed chunk by chunk: categorical
 * columns are only counted, numeric ones keep their values. The report is stored as a `drift`
 * version with lineage to the model, under the store lock as every writer of the store (only
 * the storing: the comparison itself runs beside other writers), and `dataset_drift` decides exit 3. Two files and no model
 * (none trained for the params, or no params file): the columns are inferred from the reference
 * by ingest's rules, and prediction drift is skipped, saying so.
 */
import { stat } from 'node:fs/promises';
import { readCsvTable, type ReadCsvOptions } from '../data/csv-source.js';
import { csvFileSize } from '../data/input-bytes.js';
import type { ReadProgress } from '../util/progress.js';
import { referenceSchema } from '../data/reference-schema.js';
import { columnSpecsOf, featureColumns, positiveIndexOf, type ColumnSchema, type Schema } from '../data/schema.js';
import { readTextTable } from '../data/text-table.js';
import type { ArtifactInput } from '../store/manifest.js';
import { acquireStoreLock, type LockOptions } from '../store/lock.js';
import { INGEST_INFERENCE } from '../pipeline/stages/ingest-plan.js';
import type { Column, Table } from '../data/table.js';
import { correctDrift, columnDrift, DEFAULT_THRESHOLD, defaultTest, testsFor, type DriftTest, type Sample } from '../drift/feature-drift.js';
import { SampleAccumulator, type TrackedColumn } from '../drift/samples.js';
import { countBelow } from '../drift/sorted.js';
import type { DriftReport, FeatureDriftRow } from '../drift/drift-report.js';
import { isSpmError, SpmError } from '../errors.js';
import { nearest } from '../util/nearest.js';
import { applyTransformer } from '../features/transformer.js';
import { decideClasses } from '../models/decision.js';
import { contentId } from '../store/hash.js';
import { SAMPLE_REJECTS } from '../scoring/format.js';
import { SPM_VERSION } from '../version.js';
import type { Params } from '../pipeline/params.js';
import { resolveScoring } from '../pipeline/resolve.js';
import { scoringThreshold } from '../pipeline/stages/cv-results.js';
import type { ThresholdMetric } from '../metrics/threshold.js';
import { loadScoringPipeline, loadSplit } from '../pipeline/stages/load.js';
import type { ScoringPipeline } from '../scoring/scoring-pipeline.js';
import type { Workspace } from '../pipeline/workspace.js';

export interface DriftRequest {
  readonly input: string;
  readonly reference?: string;
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** What the report and messages call stdin (e.g. 'request body'). */
  readonly stdinName?: string;
  /** Called as the batch's reading starts and after each chunk of it. */
  readonly onProgress?: (read: ReadProgress) => void;
  /** What a person should know about reading the batch (text that was not UTF-8), once it is read; not part of the report, whose id is its content. */
  readonly onWarning?: (text: string) => void;
  /** Called once when another spm process holds the store lock the report waits for (a long `spm run`), so the wait is explained. */
  readonly onLockWait?: LockOptions['onWait'];
}

const PREDICTION = 'prediction';

export async function runDrift(ws: Workspace, req: DriftRequest): Promise<DriftReport> {
  const startedAt = performance.now();
  const params = ws.loaded.params.drift;
  const referenceFile = req.reference !== undefined && (await isFile(req.reference)) ? req.reference : undefined;
  const scoring = await modelFor(ws, referenceFile, req.reference);
  if (scoring === null) return runFileDrift(ws, req, referenceFile!, startedAt);
  const { trainId, threshold } = scoring;
  const pipeline = await loadScoringPipeline(ws.store, trainId);
  const { schema } = pipeline;
  const decide = await predictionColumn(ws, pipeline, threshold);
  const tracked = trackedColumns(schema);
  checkOverrideKeys(params, tracked.map((c) => c.name));
  const reference = referenceFile
    ? await readSample(referenceFile, schema, tracked, decide)
    : await trainSplitSample(ws, pipeline, tracked, decide);
  const batch = await readSample(req.input, schema, tracked, decide, batchInput(req), req);
  const compare = comparer(params, reference, batch);
  const verdict = featureVerdict(params, featureColumns(schema).map((c) => compare({ name: c.name, type: c.type })));
  // The model's output and the target are numbers for regression, classes otherwise.
  const outputType = schema.task === 'regression' ? 'numeric' : 'categorical';
  const prediction = compare({ name: PREDICTION, type: outputType });
  const target = batch.hasTarget ? compare({ name: schema.target, type: outputType }) : null;
  const report: Omit<DriftReport, 'id'> = {
    format: 'spm.drift',
    version: 1,
    model: trainId,
    reference: referenceFile ? { kind: 'file', name: referenceFile, rows: reference.rows } : { kind: 'train_split', name: `ingest/${pipeline.ids.ingest} train.csv`, rows: reference.rows },
    batch: { name: batchName(req), rows: batch.rows, rejected: batch.rejected },
    ...verdict,
    prediction,
    target,
    sample_rejects: batch.sampleRejects,
  };
  // Content-addressed by the report itself (every statistic of the batch and the reference is in
  // it): hashing the batch file as well cost 0.4 s of a 1,000,000-row drift run.
  const id = contentId({ report, model: trainId, params, spm: SPM_VERSION });
  const full: DriftReport = { ...report, id };
  await storeReport(ws, full, { lineage: [{ stage: 'ingest', id: pipeline.ids.ingest }, { stage: 'train', id: trainId }], params, startedAt }, req.onLockWait);
  return full;
}

/** What prediction_skipped says when two files are compared with no model. */
export const NO_MODEL_NOTE = 'no model: two files compared, data drift only (train one with `spm run` to compare predictions too)';

/**
 * The model drift compares predictions of; null for two files with no model to use: no params
 * file, or none trained for the current params. A REF that is not a file still needs its model.
 */
async function modelFor(ws: Workspace, referenceFile: string | undefined, reference: string | undefined): Promise<{ trainId: string; threshold: number | ThresholdMetric } | null> {
  if (ws.bare) {
    if (referenceFile) return null;
    throw new SpmError('PARAMS_NOT_FOUND', `--reference ${reference ?? 'latest'}: not a file, and there is no params file (${ws.loaded.file}) whose model it could name`, {
      hint: 'compare two files: spm drift -i new.csv --reference old.csv (or run where params.yaml is)',
    });
  }
  if (!referenceFile) {
    try {
      return await resolveScoring(ws, reference);
    } catch (error) {
      // A REF that names no version but looks like a data file was meant as a file: say it is missing.
      if (reference !== undefined && isSpmError(error) && error.code === 'UNKNOWN_REF' && /[/\\]|\.(csv|tsv|txt|xlsx|parquet)$/i.test(reference)) {
        throw new SpmError('DATA_NOT_FOUND', `--reference ${reference}: data file not found (and no version or alias has that name)`, {
          hint: 'check the path of the reference file, or name a version (spm versions) or an alias',
        });
      }
      throw error;
    }
  }
  try {
    return await resolveScoring(ws, undefined);
  } catch (error) {
    // No trained version for these params, or their data file is gone: the two files still compare.
    if (isSpmError(error) && (error.code === 'NO_VERSION' || error.code === 'DATA_NOT_FOUND')) return null;
    throw error;
  }
}

/** Drift of a batch against a reference file with no model: the columns inferred from the reference (reference-schema.ts). */
async function runFileDrift(ws: Workspace, req: DriftRequest, referenceFile: string, startedAt: number): Promise<DriftReport> {
  const { data, drift: params } = ws.loaded.params;
  const text = await readTextTable(referenceFile);
  const inferred = referenceSchema(text.table, { types: data.types, bounds: data.bounds, id_columns: data.id_columns, drop: data.drop, target: ws.bare ? null : data.target }, INGEST_INFERENCE, referenceFile);
  const tracked: TrackedColumn[] = [...inferred.columns];
  checkOverrideKeys(params, tracked.map((c) => c.name));
  const side = { columns: inferred.columns, target: inferred.target ?? undefined };
  const reference = await readSample(referenceFile, side, tracked, null);
  const batch = await readSample(req.input, side, tracked, null, batchInput(req), req);
  const compare = comparer(params, reference, batch);
  const features = inferred.columns.filter((c) => c.role === 'feature');
  const targetColumn = inferred.columns.find((c) => c.role === 'target');
  const report: Omit<DriftReport, 'id'> = {
    format: 'spm.drift',
    version: 1,
    model: null,
    reference: { kind: 'file', name: referenceFile, rows: reference.rows },
    batch: { name: batchName(req), rows: batch.rows, rejected: batch.rejected },
    ...featureVerdict(params, features.map((c) => compare({ name: c.name, type: c.type }))),
    prediction: null,
    prediction_skipped: NO_MODEL_NOTE,
    skipped_columns: inferred.skipped,
    target: targetColumn && batch.hasTarget ? compare({ name: targetColumn.name, type: targetColumn.type }) : null,
    sample_rejects: batch.sampleRejects,
  };
  const id = contentId({ report, model: null, params, spm: SPM_VERSION });
  const full: DriftReport = { ...report, id };
  await storeReport(ws, full, { lineage: [], params, startedAt }, req.onLockWait);
  return full;
}

const batchInput = (req: DriftRequest): ReadCsvOptions => ({ ...(req.stdin ? { stdin: req.stdin } : {}), ...(req.stdinName ? { stdinName: req.stdinName } : {}) });
const batchName = (req: DriftRequest): string => (req.input === '-' ? (req.stdinName ?? 'stdin') : req.input);

type Compare = (column: { name: string; type: 'numeric' | 'categorical' }) => FeatureDriftRow;

/** One column's drift row: its test (drift.methods) and threshold (drift.thresholds / threshold), on both sides' samples. */
function comparer(params: Params['drift'], reference: SideSample, batch: SideSample): Compare {
  return (column) => {
    const ref = aligned(reference.acc, batch.acc, column.name);
    const test = testFor(params, column.name, column.type, reference.rows);
    const limit = params.thresholds[column.name] ?? params.thresholds[column.type] ?? (params.threshold === 'auto' ? DEFAULT_THRESHOLD[test] : params.threshold);
    const result = columnDrift(ref.reference, ref.batch, test, limit);
    return {
      name: column.name,
      type: column.type,
      ...result,
      reference_missing: ref.reference.missing,
      batch_missing: ref.batch.missing,
      ...(column.type === 'categorical' ? { new_categories: batch.acc.newCategories(column.name) } : { out_of_range: outOfRange(ref.reference, ref.batch) }),
    };
  };
}

/** The features' verdicts after drift.correction, ranked, and whether the dataset drifted (drift.share). */
function featureVerdict(params: Params['drift'], features: readonly FeatureDriftRow[]): Pick<DriftReport, 'dataset_drift' | 'drift_share' | 'share_threshold' | 'correction' | 'features'> {
  const corrected = correctDrift(features, params.correction);
  const rows = features.map((f, i) => ({ ...f, drifted: corrected[i]! }));
  const drifted = rows.filter((f) => f.drifted).length;
  const share = rows.length ? drifted / rows.length : 0;
  return { dataset_drift: rows.length > 0 && share >= params.share, drift_share: share, share_threshold: params.share, correction: params.correction, features: rank(rows) };
}

/** The columns drift follows: the features, the target (when the batch has it) and the model's prediction. */
function trackedColumns(schema: Schema): TrackedColumn[] {
  const target = schema.columns.find((c) => c.role === 'target')!;
  const prediction: TrackedColumn = schema.task === 'regression' ? { name: PREDICTION, type: 'numeric' } : { name: PREDICTION, type: 'categorical', categories: schema.classes ?? [] };
  return [...featureColumns(schema), target, prediction];
}

/** A drift.methods / drift.thresholds key must name a column drift follows, or a type: a typo would be ignored silently. */
function checkOverrideKeys(params: Params['drift'], columns: readonly string[]): void {
  const valid = [...columns, 'numeric', 'categorical'];
  for (const key of ['methods', 'thresholds'] as const) {
    for (const name of Object.keys(params[key])) {
      if (valid.includes(name)) continue;
      const near = nearest(name, valid);
      throw new SpmError('PARAMS_INVALID', `drift.${key}.${name}: no column '${name}' in the model's schema${near ? ` — did you mean '${near}'?` : ''}`, {
        hint: `keys: ${valid.join(', ')}`,
      });
    }
  }
}

function testFor(params: Params['drift'], name: string, type: 'numeric' | 'categorical', referenceRows: number): DriftTest {
  const chosen = params.methods[name] ?? params.methods[type];
  if (chosen === undefined) return defaultTest(type, referenceRows);
  if (!testsFor(type).includes(chosen)) {
    throw new SpmError('PARAMS_INVALID', `drift.methods: ${chosen} does not apply to ${type} column '${name}'`, { hint: `${type} columns take ${testsFor(type).join(' or ')}` });
  }
  return chosen;
}

interface SideSample {
  readonly acc: SampleAccumulator;
  readonly rows: number;
  readonly rejected: number;
  readonly hasTarget: boolean;
  readonly sampleRejects: { line: number; reason: string }[];
}

/** The model's output on a table's rows, as a column. */
type Decide = (table: Table) => Column;

/** The model's output as a column: predictions (regression) or classes decided as predict decides them. */
async function predictionColumn(ws: Workspace, pipeline: ScoringPipeline, setting: number | ThresholdMetric): Promise<Decide> {
  const { schema, transformer, model } = pipeline;
  const threshold = await scoringThreshold(ws.store, schema, pipeline.ids.train, setting);
  return (table) => {
    const { X } = applyTransformer(transformer, table);
    if (schema.task === 'regression') return { kind: 'numeric', name: PREDICTION, values: model.predict(X) };
    const decided = decideClasses(model.predictProba!(X), positiveIndexOf(schema), threshold);
    return { kind: 'categorical', name: PREDICTION, codes: Int32Array.from(decided), dictionary: schema.classes! };
  };
}

async function trainSplitSample(ws: Workspace, pipeline: ScoringPipeline, tracked: readonly TrackedColumn[], decide: Decide): Promise<SideSample> {
  const { table } = await loadSplit(ws.store, pipeline.ids.ingest, 'train');
  const acc = new SampleAccumulator(tracked);
  addRows(acc, table, decide);
  return { acc, rows: table.rowCount, rejected: 0, hasTarget: true, sampleRejects: [] };
}

/** A CSV's rows read as `schema`'s columns (the target too when the file has it); `decide`: the model's output, or null for none. */
async function readSample(path: string, schema: { readonly columns: readonly ColumnSchema[]; readonly target?: string }, tracked: readonly TrackedColumn[], decide: Decide | null, input: ReadCsvOptions = {}, hooks: Pick<DriftRequest, 'onProgress' | 'onWarning'> = {}): Promise<SideSample> {
  const { onProgress, onWarning } = hooks;
  let hasTarget = false;
  const source = await readCsvTable(path, (header) => {
    hasTarget = schema.target !== undefined && header.includes(schema.target);
    return columnSpecsOf(schema, { withTarget: hasTarget });
  }, input);
  const acc = new SampleAccumulator(tracked);
  let rows = 0;
  let rejected = 0;
  const sampleRejects: { line: number; reason: string }[] = [];
  const totalBytes = onProgress && (await csvFileSize(path));
  onProgress?.({ rows: 0, bytesRead: 0, totalBytes }); // times the reading from its start
  for await (const chunk of source.batches) {
    addRows(acc, chunk.table, decide);
    rows += chunk.table.rowCount + chunk.rejects.length;
    rejected += chunk.rejects.length;
    for (const r of chunk.rejects) if (sampleRejects.length < SAMPLE_REJECTS) sampleRejects.push({ line: r.line, reason: r.reason });
    onProgress?.({ rows, bytesRead: source.bytesRead, totalBytes });
  }
  for (const warning of source.warnings) onWarning?.(warning);
  return { acc, rows, rejected, hasTarget, sampleRejects };
}

/** A table's rows, and the model's output on them (if any), into a side's samples. */
function addRows(acc: SampleAccumulator, table: Table, decide: Decide | null): void {
  acc.add(table);
  if (decide !== null && table.rowCount > 0) acc.add({ rowCount: table.rowCount, columns: [decide(table)] });
}

/** A column's samples on both sides, categorical counts over one list of names (reference's first). */
function aligned(reference: SampleAccumulator, batch: SampleAccumulator, name: string): { reference: Sample; batch: Sample } {
  const r = reference.sample(name);
  const b = batch.sample(name);
  if (r.kind !== 'categorical' || b.kind !== 'categorical') return { reference: r, batch: b };
  const names = [...reference.categories(name)];
  const at = new Map(names.map((n, i) => [n, i]));
  for (const n of batch.categories(name)) if (!at.has(n)) at.set(n, names.push(n) - 1);
  const countsOf = (acc: SampleAccumulator, counts: Float64Array): Float64Array => {
    const out = new Float64Array(names.length);
    acc.categories(name).forEach((n, i) => (out[at.get(n)!] = counts[i] ?? 0));
    return out;
  };
  return { reference: { ...r, counts: countsOf(reference, r.counts) }, batch: { ...b, counts: countsOf(batch, b.counts) } };
}

/** Batch values outside the reference's [min, max] (both counted: distinct values ascending). */
function outOfRange(reference: Sample, batch: Sample): number {
  if (reference.kind !== 'numeric' || batch.kind !== 'numeric' || reference.values.n === 0) return 0;
  const ref = reference.values.values;
  const { values, counts } = batch.values;
  const below = countBelow(values, ref[0]!, false);
  const above = countBelow(values, ref[ref.length - 1]!, true);
  let n = 0;
  for (let i = 0; i < below; i++) n += counts[i]!;
  for (let i = above; i < values.length; i++) n += counts[i]!;
  return n;
}

/** Drifted first, then by how far past its threshold (p-value ascending, distance descending). */
function rank(rows: FeatureDriftRow[]): FeatureDriftRow[] {
  const severity = (f: FeatureDriftRow): number => (f.p_value !== null ? (Number.isNaN(f.p_value) ? -Infinity : -Math.log10(Math.max(f.p_value, 1e-300)) / -Math.log10(f.threshold)) : f.statistic / f.threshold);
  return [...rows].sort((a, b) => Number(b.drifted) - Number(a.drifted) || severity(b) - severity(a) || (a.name < b.name ? -1 : 1));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Stores the report as a drift version, holding the store lock: another drift of the same batch
 * (the same id), a `spm gc` or a `spm run` waits, so that no two processes replace one version
 * at once or clean the store while it is written.
 */
async function storeReport(
  ws: Workspace,
  report: DriftReport,
  info: { lineage: ArtifactInput[]; params: Params['drift']; startedAt: number },
  onLockWait?: LockOptions['onWait'],
): Promise<void> {
  const lock = await acquireStoreLock(ws.store.root, onLockWait ? { onWait: onLockWait } : {});
  try {
    await writeReport(ws, report, info);
  } finally {
    await lock.release();
  }
}

async function writeReport(ws: Workspace, report: DriftReport, info: { lineage: ArtifactInput[]; params: Params['drift']; startedAt: number }): Promise<void> {
  // The same report again: kept if it verifies, replaced if it was damaged (the way to repair one).
  let replace = false;
  if (await ws.store.has('drift', report.id)) {
    try {
      await ws.store.readOutput('drift', report.id, 'drift.json');
      return;
    } catch (error) {
      if (!isSpmError(error)) throw error;
      replace = true;
    }
  }
  const writer = await ws.store.create('drift', report.id);
  try {
    await writer.writeJson('drift.json', report);
    await writer.publish({
      params: { drift: info.params },
      inputs: { data: [], artifacts: info.lineage },
      summary: { batch: report.batch.name, rows: report.batch.rows, dataset_drift: report.dataset_drift, drift_share: report.drift_share },
      startedAt: info.startedAt,
      replace,
    });
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
