/**
 * Two models scored on the same labelled rows, for champion–challenger: a file is read under
 * each model's schema (spm's one reader: any dialect, .xlsx, .parquet), and only the rows both
 * can score and whose target both know are kept — the same rows, matched by their line in the
 * file, never by position after rejects. Each model decides as predict does (its threshold),
 * and the metric comes from the metric table, as evaluate computes it.
 */
import { readCsvTableAll } from '../data/csv-source.js';
import { columnSpecsOf, positiveIndexOf, type Schema } from '../data/schema.js';
import { takeRows, type Table } from '../data/table.js';
import { SpmError } from '../errors.js';
import { applyTransformer } from '../features/transformer.js';
import { METRICS, type MetricName } from '../metrics/index.js';
import { decideClasses } from '../models/decision.js';
import { loadScoringPipeline } from '../pipeline/stages/load.js';
import { scoringThreshold } from '../pipeline/stages/cv-results.js';
import type { ThresholdMetric } from '../metrics/threshold.js';
import type { ScoringPipeline } from '../scoring/scoring-pipeline.js';
import type { ArtifactStore } from '../store/store.js';
import { targetVector } from '../pipeline/stages/load.js';

export interface ScoringModel {
  readonly trainId: string;
  readonly threshold: number | ThresholdMetric;
}

export interface LabelledScores {
  /** Records in the file (kept and rejected). */
  readonly records: number;
  /** Rows both models scored: the rows the metric is computed on. */
  readonly rows: number;
  /** Records left out: rejected by a model's schema, or with a missing target or one a model does not know. */
  readonly excluded: number;
  /** One value per model, in the order given (null: the metric is undefined on these rows). */
  readonly values: (number | null)[];
}

interface ReadUnderSchema {
  readonly table: Table;
  readonly lines: Int32Array;
  readonly records: number;
}

async function readUnder(path: string, schema: Schema): Promise<ReadUnderSchema> {
  const result = await readCsvTableAll(path, columnSpecsOf(schema, { withTarget: true }));
  return { table: result.table, lines: result.lines, records: result.table.rowCount + result.rejects.length };
}

/** Row indices whose target this schema can score against: present, and a class it knows. */
function labelledRows(table: Table, schema: Schema): Set<number> {
  const y = targetVector(table, schema);
  const classes = schema.classes?.length ?? 0;
  const ok = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (schema.task === 'regression' ? Number.isFinite(v) : v >= 0 && v < classes) ok.add(i);
  }
  return ok;
}

/** Refuses models that cannot be compared on one metric: another target, task or class list. */
function assertComparable(pipelines: readonly ScoringPipeline[]): void {
  const [first, ...others] = pipelines.map((p) => p.schema);
  for (const s of others) {
    const same = s.target === first!.target && s.task === first!.task && JSON.stringify(s.classes ?? null) === JSON.stringify(first!.classes ?? null) && (s.positiveClass ?? null) === (first!.positiveClass ?? null);
    if (!same) {
      const describe = (x: Schema): string => `${x.task} of ${x.target}${x.classes ? ` (classes ${x.classes.join(', ')})` : ''}`;
      throw new SpmError('MODELS_INCOMPARABLE', `the two models predict different things: ${describe(first!)} and ${describe(s)}`, {
        hint: 'compare models trained for the same target and classes; promote without --if-better to replace it anyway',
      });
    }
  }
}

/** The metric of each model on the labelled rows of `path` that every model can score. */
export async function scoreLabelled(store: ArtifactStore, path: string, models: readonly ScoringModel[], metric: MetricName): Promise<LabelledScores> {
  const pipelines = await Promise.all(models.map((m) => loadScoringPipeline(store, m.trainId)));
  assertComparable(pipelines);
  const reads = [];
  for (const p of pipelines) reads.push(await readUnder(path, p.schema));
  // The same rows for every model: lines every read kept with a target it knows.
  const usable = reads.map((r, k) => {
    const ok = labelledRows(r.table, pipelines[k]!.schema);
    return new Map([...ok].map((i) => [r.lines[i]!, i]));
  });
  const common = [...usable[0]!.keys()].filter((line) => usable.every((u) => u.has(line))).sort((a, b) => a - b);
  const records = reads[0]!.records;
  if (common.length === 0) {
    throw new SpmError('NO_LABELLED_ROWS', `${path}: none of its ${records} rows can be scored by both models with a known ${pipelines[0]!.schema.target}`, {
      hint: `give labelled rows with every feature column and the target ${pipelines[0]!.schema.target} (spm predict -i FILE shows why rows are rejected)`,
    });
  }
  const values: (number | null)[] = [];
  for (let k = 0; k < pipelines.length; k++) {
    const table = takeRows(reads[k]!.table, common.map((line) => usable[k]!.get(line)!));
    values.push(await metricOf(store, pipelines[k]!, models[k]!.threshold, table, metric));
  }
  return { records, rows: common.length, excluded: records - common.length, values };
}

async function metricOf(store: ArtifactStore, pipeline: ScoringPipeline, setting: number | ThresholdMetric, table: Table, metric: MetricName): Promise<number | null> {
  const { schema, transformer, model } = pipeline;
  const { X } = applyTransformer(transformer, table);
  const yTrue = targetVector(table, schema);
  if (schema.task === 'regression') return METRICS[metric].compute({ yTrue, yPred: model.predict(X) });
  const proba = model.predictProba!(X);
  const positiveIndex = positiveIndexOf(schema);
  const threshold = await scoringThreshold(store, schema, pipeline.ids.train, setting);
  const yPred = decideClasses(proba, positiveIndex, threshold);
  return METRICS[metric].compute({ yTrue, yPred, proba, nClasses: schema.classes!.length, ...(positiveIndex === undefined ? {} : { positiveIndex }) });
}
