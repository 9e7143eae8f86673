/**
 * Shared by the ONNX export tests: train a model kind in a temporary workspace (in process,
 * through the library API), export it with the action `spm export` runs, and score the same
 * table with ONNX Runtime and with spm's own scoring functions (those scoreTable calls).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { exportModel } from '../../src/actions/export.js';
import { runPipeline } from '../../src/api/run.js';
import { positiveIndexOf } from '../../src/data/schema.js';
import type { Table } from '../../src/data/table.js';
import { applyTransformer } from '../../src/features/transformer.js';
import { decideClasses } from '../../src/models/decision.js';
import { loadScoring, type LoadedScoring } from '../../src/pipeline/resolve.js';
import { loadSplit } from '../../src/pipeline/stages/load.js';
import { openWorkspace } from '../../src/pipeline/workspace.js';

export interface Exported {
  readonly scoring: LoadedScoring;
  readonly file: string;
  readonly bytes: Uint8Array;
  /** The ingest splits, train then test, as one list of tables. */
  readonly splits: Table[];
}

/** Runs the pipeline of `dir`/params.yaml with `set` overrides, then exports the model. */
export async function trainAndExport(dir: string, set: readonly string[], name: string): Promise<Exported> {
  const params = join(dir, 'params.yaml');
  await runPipeline({ params, set });
  const ws = await openWorkspace({ params, set });
  const scoring = await loadScoring(ws, undefined);
  const file = join(dir, `${name}.onnx`);
  await exportModel(ws, { format: 'onnx', output: file });
  const splits = await Promise.all((['train', 'test'] as const).map(async (w) => (await loadSplit(ws.store, scoring.pipeline.ids.ingest, w)).table));
  return { scoring, file, bytes: readFileSync(file), splits };
}

export interface Scores {
  /** Regression: the predictions; classification: N × k probabilities, row-major. */
  readonly values: Float64Array;
  /** Classification: the predicted class labels. */
  readonly classes: string[] | null;
}

/** spm's scores of `table`: applyTransformer, then the model and decideClasses, as scoreTable does. */
export function spmScores(scoring: LoadedScoring, table: Table): Scores {
  const { schema, transformer, model } = scoring.pipeline;
  const { X } = applyTransformer(transformer, table);
  if (schema.task === 'regression') return { values: model.predict(X), classes: null };
  const proba = model.predictProba!(X);
  const decided = decideClasses(proba, positiveIndexOf(schema), scoring.threshold);
  return { values: proba.data, classes: Array.from(decided, (c) => schema.classes![c]!) };
}

/** ONNX Runtime's scores of `table`: one float or string tensor [N, 1] per feature column. */
export async function onnxScores(bytes: Uint8Array, table: Table, features: readonly string[]): Promise<Scores> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of features) {
    const column = table.columns.find((c) => c.name === name)!;
    feeds[name] =
      column.kind === 'numeric'
        ? new ort.Tensor('float32', Float32Array.from(column.values), [table.rowCount, 1])
        : new ort.Tensor('string', Array.from(column.codes, (c) => (c < 0 ? '' : column.dictionary[c]!)), [table.rowCount, 1]);
  }
  const out = await session.run(feeds);
  await session.release();
  const prediction = out['prediction']!;
  if (out['probabilities'] === undefined) return { values: Float64Array.from(prediction.data as Float32Array), classes: null };
  return { values: Float64Array.from(out['probabilities'].data as Float32Array), classes: Array.from(prediction.data as string[]) };
}

/**
 * The table as the graph receives it: numeric inputs are float32 tensors, so spm is given
 * the same numbers (a double that float32 cannot hold may sit exactly on a tree split and go
 * the other way once rounded — the README says so).
 */
export function float32Inputs(table: Table): Table {
  return { ...table, columns: table.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: Float64Array.from(c.values, Math.fround) } : c)) };
}

/** The largest |a − b| / max(|b|, floor) over all values. */
export function worstRelative(a: Float64Array, b: Float64Array, floor = 0): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return worst;
}

/**
 * The same rows made harder, deterministically: every 5th row gets a category the model never
 * saw, every 7th a missing category, every 3rd a missing number and every 11th a number far
 * outside the train range (clipping, extrapolation).
 */
export function perturb(table: Table): Table {
  const columns = table.columns.map((c) => {
    if (c.kind === 'numeric') {
      const values = Float64Array.from(c.values, (v, i) => (i % 3 === 1 ? NaN : i % 11 === 4 ? v * 50 + 1000 : v));
      return { ...c, values };
    }
    if (c.kind === 'categorical') {
      const dictionary = [...c.dictionary, 'never seen in training'];
      const codes = Int32Array.from(c.codes, (code, i) => (i % 5 === 2 ? dictionary.length - 1 : i % 7 === 3 ? -1 : code));
      return { ...c, codes, dictionary };
    }
    return c;
  });
  return { ...table, columns };
}
