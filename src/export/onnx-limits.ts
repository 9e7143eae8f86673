/**
 * Where ONNX export stops: every feature of a stored pipeline that the exported graph cannot
 * express, one entry each — how to find it on the stored model and transformer, and the
 * message naming it. Export refuses (EXPORT_UNSUPPORTED) rather than write a graph that
 * scores differently from spm. A new spm feature the graph does not carry is one more line.
 */
import type { ModelJSON } from '../models/model.js';
import type { ScoringPipeline } from '../scoring/scoring-pipeline.js';
import { PREDICTION, PROBABILITIES } from './onnx-decision.js';
import { ONNX_MODEL_BUILDERS } from './onnx-models.js';
import { SELECTED_FORMAT } from '../models/selected-model.js';
import { CALIBRATED_FORMAT } from '../models/calibrated-model.js';

export interface ExportSubject {
  readonly pipeline: ScoringPipeline;
  /** The model as stored (toJSON). */
  readonly model: ModelJSON;
}

export interface ExportLimit {
  /** What the limit is about, for people reading this table. */
  readonly feature: string;
  /** null when the subject does not have the feature; else a sentence naming what it has (column, field, value). */
  readonly find: (s: ExportSubject) => string | null;
  readonly hint: string;
}

/** The largest finite float32: ONNX tensors here are float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export const ONNX_EXPORT_LIMITS: readonly ExportLimit[] = [
  {
    feature: 'derived features (features.derive)',
    find: ({ pipeline }) => {
      const derived = pipeline.transformer.derived ?? [];
      return derived.length ? `the transformer computes derived features (${derived.map((d) => `${d.name} = ${d.expression}`).join('; ')}), which this exporter does not write as graph nodes` : null;
    },
    hint: 'train without features.derive (compute the column in the source data instead) to export the model',
  },
  {
    feature: 'feature selection (features.select)',
    find: ({ model }) => (model.format === SELECTED_FORMAT ? `the model was fitted on the features kept by features.select (stored as ${SELECTED_FORMAT}), which this exporter does not write as a graph` : null),
    hint: 'train without features.select to export the model',
  },
  {
    feature: 'calibrated probabilities (train.calibration)',
    find: ({ model }) => (model.format === CALIBRATED_FORMAT ? `the model's probabilities are calibrated (train.calibration: ${String((model['calibration'] as { method?: unknown } | undefined)?.method)}), which this exporter does not write as a graph` : null),
    hint: 'train with train.calibration: none to export the model',
  },
  {
    feature: 'model kinds without an ONNX form',
    find: ({ pipeline, model }) => (Object.hasOwn(ONNX_MODEL_BUILDERS, model.format) ? null : `the ${pipeline.model.name} model (stored as ${model.format}) has no ONNX form in this spm`),
    hint: 'train one of linear, ridge, logistic, decision_tree, random_forest or gradient_boosting to export it',
  },
  {
    feature: 'a feature column named like a graph output',
    find: ({ pipeline }) => {
      const clash = pipeline.transformer.inputs.find((s) => s.name === PREDICTION || s.name === PROBABILITIES);
      return clash ? `the feature column "${clash.name}" has the name of a graph output` : null;
    },
    hint: 'rename the column in the source data (or list it in data.drop), then run `spm run`',
  },
  {
    feature: 'numbers beyond float32',
    find: ({ pipeline, model }) => {
      for (const step of pipeline.transformer.inputs) {
        if (step.kind !== 'numeric') continue;
        const numbers = { impute: step.impute, 'lower clip bound': step.clip?.[0] ?? 0, 'upper clip bound': step.clip?.[1] ?? 0, center: step.center, '1/scale': 1 / step.scale };
        const field = Object.entries(numbers).find(([, v]) => Math.abs(v) > FLOAT32_MAX);
        if (field) return `column "${step.name}": its ${field[0]} ${field[1]} is beyond float32, in which the graph computes`;
      }
      // tree thresholds beyond float32 become ±Infinity and split the same (float32-threshold.ts)
      const trees = model['trees'] as { threshold?: unknown } | undefined;
      const big = firstBeyondFloat32(trees ? { ...model, trees: { ...trees, threshold: [] } } : model, 'model');
      return big === null ? null : `the model's ${big} is beyond float32, in which the graph computes`;
    },
    hint: 'rescale the column in the source data so its values fit float32 (|x| < 3.4e38), then run `spm run`',
  },
];

function firstBeyondFloat32(v: unknown, path: string): string | null {
  if (typeof v === 'number') return Math.abs(v) > FLOAT32_MAX && Number.isFinite(v) ? `${path} = ${v}` : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = firstBeyondFloat32(v[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const found = firstBeyondFloat32(x, `${path}.${k}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The first limit the subject runs into, with what it found; null when it exports as is. */
export function findExportLimit(s: ExportSubject): { readonly limit: ExportLimit; readonly found: string } | null {
  for (const limit of ONNX_EXPORT_LIMITS) {
    const found = limit.find(s);
    if (found !== null) return { limit, found };
  }
  return null;
}
