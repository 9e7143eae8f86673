/**
 * `spm promote`: point an alias at an evaluate version. Plain, it just moves; `--if-better`
 * scores the candidate and the alias's current holder on the same labelled rows (the
 * candidate's test split, or `--on FILE`) and moves only when the candidate wins by at least
 * `--min-delta`; `--rollback` moves it back to its previous holder. Every move is recorded in
 * the alias history (store/alias-history.ts).
 */
import { stat } from 'node:fs/promises';
import { SpmError } from '../errors.js';
import { judgeChallenger } from '../metrics/challenger.js';
import { isMetricName, METRICS, type MetricName } from '../metrics/index.js';
import { resolveMetric } from '../metrics/selection.js';
import { resolveScoring, resolveVersion } from '../pipeline/resolve.js';
import { loadScoringPipeline } from '../pipeline/stages/load.js';
import type { Workspace } from '../pipeline/workspace.js';
import { changeAlias, rollbackAlias, type OnLockWait } from '../store/alias-change.js';
import type { AliasComparison, AliasHistoryEntry } from '../store/alias-history.js';
import { readAliases, type VersionRef } from '../store/refs.js';
import { scoreLabelled } from './labelled-rows.js';

export interface PromoteRequest {
  readonly ref: string | undefined;
  readonly alias: string;
  readonly ifBetter: boolean;
  readonly metric?: string;
  readonly minDelta: number;
  readonly on?: string;
  readonly onLockWait?: OnLockWait;
}

export interface PromoteResult {
  readonly alias: string;
  readonly promoted: boolean;
  /** The holder before (and, when not promoted, still). */
  readonly from: VersionRef | null;
  readonly to: VersionRef;
  readonly kind: 'promote' | 'if-better' | 'rollback';
  readonly why: string;
  /** With --if-better and a holder to compare with. */
  readonly comparison: (AliasComparison & { readonly records: number; readonly excluded: number; readonly direction: 'min' | 'max' }) | null;
  /** The alias already named the candidate: nothing changed, nothing recorded. */
  readonly unchanged: boolean;
}

const ref = (stage: string, id: string): VersionRef => ({ stage, id });

export async function runPromote(ws: Workspace, req: PromoteRequest): Promise<PromoteResult> {
  const candidate = ref('evaluate', await resolveVersion(ws, req.ref, 'evaluate'));
  const holder = (await readAliases(ws.store))[req.alias] ?? null;
  if (!req.ifBetter) {
    const why = holder ? 'promoted' : 'promoted (no current holder)';
    const done = await changeAlias(ws.store, { alias: req.alias, to: candidate, kind: 'promote', why }, undefined, req.onLockWait);
    return { alias: req.alias, promoted: true, from: done.from, to: candidate, kind: 'promote', why, comparison: null, unchanged: done.entry === null };
  }
  if (req.on !== undefined) await assertDataFile(req.on);
  const cand = await resolveScoring(ws, candidate.id);
  const pipeline = await loadScoringPipeline(ws.store, cand.trainId);
  const metric = chooseMetric(req.metric, pipeline.schema.task, pipeline.schema.classes?.length, await trainMetricOf(ws, cand.trainId));
  if (holder && holder.stage === candidate.stage && holder.id === candidate.id) {
    return { alias: req.alias, promoted: false, from: holder, to: candidate, kind: 'if-better', why: `${req.alias} already is evaluate/${candidate.id}`, comparison: null, unchanged: true };
  }
  if (!holder) {
    const why = 'no current holder';
    await changeAlias(ws.store, { alias: req.alias, to: candidate, kind: 'if-better', why, expectedFrom: null }, undefined, req.onLockWait);
    return { alias: req.alias, promoted: true, from: null, to: candidate, kind: 'if-better', why, comparison: null, unchanged: false };
  }
  const champ = await resolveScoring(ws, req.alias);
  const on = req.on ?? (await ws.store.verifiedPath('ingest', pipeline.ids.ingest, 'test.csv'));
  const onName = req.on ?? `ingest/${pipeline.ids.ingest} test.csv (the candidate's test split)`;
  const scores = await scoreLabelled(ws.store, on, [cand, champ], metric);
  const [candidateValue, championValue] = scores.values as [number | null, number | null];
  const verdict = judgeChallenger(metric, candidateValue, championValue, req.minDelta, true);
  const comparison = {
    metric,
    direction: METRICS[metric].direction,
    rows: scores.rows,
    records: scores.records,
    excluded: scores.excluded,
    on: onName,
    min_delta: req.minDelta,
    candidate: candidateValue,
    champion: championValue,
  };
  if (!verdict.promote) {
    return { alias: req.alias, promoted: false, from: holder, to: candidate, kind: 'if-better', why: verdict.why, comparison, unchanged: false };
  }
  const recorded: AliasComparison = { metric, rows: scores.rows, on: onName, min_delta: req.minDelta, candidate: candidateValue, champion: championValue };
  await changeAlias(ws.store, { alias: req.alias, to: candidate, kind: 'if-better', why: verdict.why, comparison: recorded, expectedFrom: holder }, undefined, req.onLockWait);
  return { alias: req.alias, promoted: true, from: holder, to: candidate, kind: 'if-better', why: verdict.why, comparison, unchanged: false };
}

export async function runRollback(ws: Workspace, alias: string, onLockWait?: OnLockWait): Promise<PromoteResult> {
  const entry: AliasHistoryEntry = await rollbackAlias(ws.store, alias, undefined, onLockWait);
  return { alias, promoted: true, from: entry.from, to: entry.to, kind: 'rollback', why: entry.why, comparison: null, unchanged: false };
}

/** --on names a readable file, checked before anything is compared (also when there is no holder yet). */
async function assertDataFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    throw new SpmError('DATA_NOT_FOUND', `--on ${path}: data file not found`, { hint: 'give a labelled file with the features and the target, e.g. the newest cohort with its outcomes' });
  }
}

/** The candidate's own train.metric as it was trained (auto resolved for its task). */
async function trainMetricOf(ws: Workspace, trainId: string): Promise<string> {
  const manifest = await ws.store.readManifest('train', trainId);
  const metric = (manifest.params.train as { metric?: unknown } | undefined)?.metric;
  return typeof metric === 'string' ? metric : 'auto';
}

/** --metric, checked against the task; absent: the metric the candidate was selected by. */
function chooseMetric(asked: string | undefined, task: 'regression' | 'classification', nClasses: number | undefined, trained: string): MetricName {
  if (asked === undefined) return resolveMetric(trained, task, nClasses);
  const valid = Object.entries(METRICS).filter(([, s]) => s.task === task).map(([n]) => n);
  if (!isMetricName(asked) || METRICS[asked].task !== task) {
    throw new SpmError('USAGE', `--metric: '${asked}' is not a ${task} metric`, { hint: `use one of: ${valid.join(', ')}` });
  }
  return asked;
}
