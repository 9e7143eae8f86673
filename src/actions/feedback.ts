/**
 * `spm feedback -i outcomes.csv [--model REF]`: late outcomes joined by id with the predictions
 * predict and serve recorded (scoring/prediction-batch.ts), and stored as a `monitoring`
 * version with the live metrics of each model version and batch (metrics/outcome-join.ts,
 * metrics/live-metrics.ts). Where it lives, for `spm gc`:
 *
 *   <store>/monitoring/<id>/monitoring.json   the document below
 *   <store>/monitoring/<id>/manifest.json     inputs.data: the outcomes file (sha256);
 *                                              inputs.artifacts: every predictions batch joined
 *                                              and the train version of each
 *
 * The id is the content's (the outcomes' sha256, the batches, the --model filter, spm's
 * version): the same outcomes against the same batches are the same version.
 */
import { basename } from 'node:path';
import { readTextTable } from '../data/text-table.js';
import { cellText, type Column } from '../data/table.js';
import { SpmError } from '../errors.js';
import { joinOutcomes, type OutcomeProblems } from '../metrics/outcome-join.js';
import { liveMetrics } from '../metrics/live-metrics.js';
import { resolveScoring } from '../pipeline/resolve.js';
import type { Workspace } from '../pipeline/workspace.js';
import { PREDICTIONS_FILE, PREDICTIONS_STAGE } from '../scoring/prediction-batch.js';
import { contentId, sha256File } from '../store/hash.js';
import { acquireStoreLock, type LockOptions } from '../store/lock.js';
import type { ArtifactInput } from '../store/manifest.js';
import { SPM_VERSION } from '../version.js';
import { listBatches, type RecordedBatch } from './recorded-batches.js';

export const MONITORING_STAGE = 'monitoring';
export const MONITORING_FILE = 'monitoring.json';
/** How many lines of each outcome problem the document lists (all are counted). */
const SAMPLE_LINES = 20;

export interface FeedbackRequest {
  readonly input: string;
  /** Only the predictions of this model version (a REF); absent: every recorded batch. */
  readonly model?: string;
  /** Called once when another spm process holds the store lock the monitoring version waits for (a long `spm run`), so the wait is explained. */
  readonly onLockWait?: LockOptions['onWait'];
}

export interface BatchLive {
  readonly batch: string;
  readonly source: string;
  readonly input: string;
  readonly started: string;
  readonly predictions: number;
  readonly matched: number;
  readonly no_outcome: number;
  readonly duplicated_ids: number;
  readonly metrics: Record<string, unknown> | null;
}

export interface ModelLive {
  readonly model: string;
  readonly task: string;
  readonly target: string;
  readonly predictions: number;
  readonly matched: number;
  readonly no_outcome: number;
  readonly metrics: Record<string, unknown> | null;
  readonly batches: readonly BatchLive[];
}

/** A problem's count and its first lines in the outcomes file. */
export interface ProblemLines {
  readonly count: number;
  readonly lines: readonly number[];
}

/** monitoring.json. */
export interface MonitoringFile {
  readonly format: 'spm.monitoring';
  readonly version: 1;
  readonly outcomes: { readonly name: string; readonly rows: number; readonly matched: number; readonly unmatched: number };
  readonly models: readonly ModelLive[];
  readonly problems: Readonly<Record<keyof OutcomeProblems | 'invalid', ProblemLines>>;
}

export interface FeedbackResult extends MonitoringFile {
  readonly id: string;
  readonly cached: boolean;
}

const sample = (lines: readonly number[]): ProblemLines => ({ count: lines.length, lines: [...lines].sort((a, b) => a - b).slice(0, SAMPLE_LINES) });

/** The text key of each row: its id columns' values joined ('' when one is empty). */
function keysOf(columns: readonly Column[], rows: number): string[] {
  return Array.from({ length: rows }, (_, r) => {
    const parts = columns.map((c) => cellText(c, r).trim());
    return parts.some((p) => p === '') ? '' : parts.join('\u001f');
  });
}

function column(table: { columns: readonly Column[] }, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export async function runFeedback(ws: Workspace, req: FeedbackRequest): Promise<FeedbackResult> {
  const startedAt = performance.now();
  const model = req.model === undefined ? undefined : (await resolveScoring(ws, req.model)).trainId;
  // The outcomes first: a file that is not there is the first thing to say.
  const outcomes = await readTextTable(req.input);
  const all = await listBatches(ws.store);
  const batches = model === undefined ? all : all.filter((b) => b.summary.model === model);
  if (batches.length === 0) {
    throw new SpmError('NO_PREDICTIONS', model === undefined ? `no recorded predictions in ${ws.store.root}` : `no recorded predictions of train/${model} in ${ws.store.root}`, {
      hint: 'predictions are recorded by `spm predict` and `spm serve` (predict.record, on by default) for inputs with the id columns (data.id_columns)',
    });
  }
  const { table } = outcomes;
  // Every batch's id columns and target must be in the outcomes: a join on fewer ids would guess.
  const needed = [...new Set(batches.flatMap((b) => [...b.summary.id_columns, b.summary.target]))];
  const missing = needed.filter((name) => !outcomes.header.includes(name));
  if (missing.length) {
    throw new SpmError('MISSING_COLUMN', `${req.input} has no ${missing.join(', ')} column: outcomes are joined with the recorded predictions by their id columns and need the target`, {
      hint: `give a file with the columns ${needed.join(', ')} (one row per student)${model === undefined ? ', or choose a model with --model REF' : ''}`,
    });
  }
  // One join per set of id columns and target (batches of one model share them).
  const groups = new Map<string, RecordedBatch[]>();
  for (const b of batches) {
    const key = `${b.summary.id_columns.join('\u001f')}\u0000${b.summary.target}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  const problems: Record<keyof OutcomeProblems | 'invalid', Set<number>> = { missing_id: new Set(), duplicated: new Set(), no_outcome: new Set(), unknown: new Set(), invalid: new Set() };
  const liveBatches = new Map<string, { batch: RecordedBatch; live: BatchLive; pairs: { predicted: string[]; probability: string[] | null; actual: string[] } }>();
  let matchedOutcomes = 0;
  const unknownPerGroup: Set<number>[] = [];
  for (const group of groups.values()) {
    const { id_columns: ids, target } = group[0]!.summary;
    const outcomeRows = { keys: keysOf(ids.map((n) => column(table, n)!), table.rowCount), values: Array.from({ length: table.rowCount }, (_, r) => cellText(column(table, target)!, r).trim()), lines: outcomes.lines };
    const recorded = await Promise.all(group.map((b) => readBatch(ws, b)));
    const join = joinOutcomes(outcomeRows, recorded.map((r) => r.keys));
    for (const name of ['missing_id', 'duplicated', 'no_outcome'] as const) for (const l of join.problems[name]) problems[name].add(l);
    unknownPerGroup.push(new Set(join.problems.unknown));
    // Groups (batches with other id columns or another target) join the same rows: the best join counts.
    matchedOutcomes = Math.max(matchedOutcomes, join.matched_outcomes);
    group.forEach((b, i) => {
      const j = join.batches[i]!;
      const r = recorded[i]!;
      const predicted = Array.from(j.prediction, (p) => r.predictions[p]!);
      const probability = r.probabilities ? Array.from(j.prediction, (p) => r.probabilities![p]!) : null;
      const actual = Array.from(j.outcome, (o) => outcomeRows.values[o]!);
      const result = liveMetrics(b.summary, predicted, probability, actual);
      for (const k of result.invalid) problems.invalid.add(outcomes.lines[j.outcome[k]!]!);
      liveBatches.set(b.id, {
        batch: b,
        pairs: { predicted, probability, actual },
        live: { batch: b.id, source: b.summary.source, input: b.summary.input, started: b.summary.started, predictions: j.predictions, matched: result.rows, no_outcome: j.no_outcome, duplicated_ids: j.duplicated_ids, metrics: result.metrics },
      });
    });
  }
  // Unknown: an id no batch of any group has.
  const unknown = unknownPerGroup.reduce((acc, s) => new Set([...acc].filter((l) => s.has(l))));
  const models = modelsOf([...liveBatches.values()]);
  if (models.every((m) => m.matched === 0)) {
    throw new SpmError('OUTCOMES_UNMATCHED', `none of the ${table.rowCount} outcome row(s) of ${req.input} matched a recorded prediction${model === undefined ? '' : ` of train/${model}`} by id`, {
      hint: 'check that the ids are those the predictions were made for (spm monitor lists the recorded batches), and that the outcome values are values of the target',
    });
  }
  const doc: MonitoringFile = {
    format: 'spm.monitoring',
    version: 1,
    outcomes: { name: basename(req.input), rows: table.rowCount, matched: matchedOutcomes, unmatched: unknown.size },
    models,
    problems: {
      missing_id: sample([...problems.missing_id]),
      duplicated: sample([...problems.duplicated]),
      no_outcome: sample([...problems.no_outcome]),
      unknown: sample([...unknown]),
      invalid: sample([...problems.invalid]),
    },
  };
  const outcomesSha = await sha256File(req.input);
  const id = contentId({ outcomes: outcomesSha, batches: batches.map((b) => b.id), model: model ?? null, spm: SPM_VERSION });
  // Stored under the store lock, as every writer of the store: gc or another feedback of the same outcomes may run beside it.
  const lock = await acquireStoreLock(ws.store.root, req.onLockWait ? { onWait: req.onLockWait } : {});
  let cached: boolean;
  try {
    cached = await storeMonitoring(ws, id, doc, req.input, outcomesSha, batches, model, { rows: table.rowCount, matched: matchedOutcomes, unmatched: unknown.size }, startedAt);
  } finally {
    await lock.release();
  }
  return { ...doc, id, cached };
}

/** Publishes the monitoring version `id` unless it is stored already; true when it was (cached). */
async function storeMonitoring(
  ws: Workspace,
  id: string,
  doc: MonitoringFile,
  input: string,
  outcomesSha: string,
  batches: readonly RecordedBatch[],
  model: string | undefined,
  counts: { rows: number; matched: number; unmatched: number },
  startedAt: number,
): Promise<boolean> {
  const cached = await ws.store.has(MONITORING_STAGE, id);
  if (!cached) {
    const lineage: ArtifactInput[] = [...batches.map((b) => ({ stage: PREDICTIONS_STAGE, id: b.id })), ...[...new Set(batches.map((b) => b.summary.model))].map((m) => ({ stage: 'train', id: m }))];
    const writer = await ws.store.create(MONITORING_STAGE, id);
    try {
      await writer.writeJson(MONITORING_FILE, doc);
      await writer.publish({
        params: { model: model ?? null },
        inputs: { data: [{ path: basename(input), sha256: outcomesSha }], artifacts: lineage },
        summary: { outcomes: counts.rows, matched: counts.matched, unmatched: counts.unmatched, models: doc.models.map((m) => m.model) },
        startedAt,
      });
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
  return cached;
}

/** Per model version (in order of its first batch): its batches' figures and the metrics of all its pairs. */
function modelsOf(entries: readonly { batch: RecordedBatch; live: BatchLive; pairs: { predicted: string[]; probability: string[] | null; actual: string[] } }[]): ModelLive[] {
  const byModel = new Map<string, typeof entries[number][]>();
  for (const e of entries) byModel.set(e.batch.summary.model, [...(byModel.get(e.batch.summary.model) ?? []), e]);
  return [...byModel].map(([model, list]) => {
    const first = list[0]!.batch.summary;
    const cat = <T>(f: (e: typeof list[number]) => readonly T[]): T[] => list.flatMap(f);
    const probability = list.every((e) => e.pairs.probability) ? cat((e) => e.pairs.probability!) : null;
    const all = liveMetrics(first, cat((e) => e.pairs.predicted), probability, cat((e) => e.pairs.actual));
    return {
      model,
      task: first.task,
      target: first.target,
      predictions: list.reduce((a, e) => a + e.live.predictions, 0),
      matched: all.rows,
      no_outcome: list.reduce((a, e) => a + e.live.no_outcome, 0),
      metrics: all.metrics,
      batches: list.map((e) => e.live),
    };
  });
}

/** A recorded batch's rows: keys (id columns joined), predictions, probabilities. */
async function readBatch(ws: Workspace, b: RecordedBatch): Promise<{ keys: string[]; predictions: string[]; probabilities: string[] | null }> {
  const path = await ws.store.verifiedPath(PREDICTIONS_STAGE, b.id, PREDICTIONS_FILE);
  const { table } = await readTextTable(path);
  const text = (name: string): string[] => {
    const c = column(table, name);
    return c ? Array.from({ length: table.rowCount }, (_, r) => cellText(c, r)) : [];
  };
  const keys = keysOf(b.summary.id_columns.map((n) => column(table, n)!), table.rowCount);
  return { keys, predictions: text('prediction'), probabilities: column(table, 'probability') ? text('probability') : null };
}

