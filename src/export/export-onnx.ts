/**
 * A trained version's whole scoring pipeline as one ONNX model (pure: data in, bytes out):
 * one input per feature column, the feature pipeline, the model, and the decision — outputs
 * `prediction` and, for classifiers, `probabilities`. Operators are ai.onnx (opset 17) and
 * ai.onnx.ml (opset 3), what ONNX Runtime 1.14+ and onnxruntime-web score.
 */
import { positiveIndexOf } from '../data/schema.js';
import { SpmError } from '../errors.js';
import type { ScoringPipeline } from '../scoring/scoring-pipeline.js';
import { GraphBuilder, ML_DOMAIN } from './graph-builder.js';
import { buildOutputs } from './onnx-decision.js';
import { buildFeatures } from './onnx-features.js';
import { findExportLimit } from './onnx-limits.js';
import { ONNX_MODEL_BUILDERS } from './onnx-models.js';
import { encodeModel, type OnnxModel } from './onnx-proto.js';

export const ONNX_OPSETS = [
  { domain: '', version: 17 },
  { domain: ML_DOMAIN, version: 3 },
] as const;
export const ONNX_IR_VERSION = 8;

export interface OnnxExportInfo {
  readonly spmVersion: string;
  /** The evaluation that goes with the model, when there is one. */
  readonly evaluateId: string | null;
  /** The binary decision threshold spm predicts with. */
  readonly threshold: number;
  /** The evaluation's test metrics (numbers only), or null. */
  readonly testMetrics: Readonly<Record<string, number>> | null;
}

export interface OnnxExport {
  readonly bytes: Uint8Array;
  readonly model: OnnxModel;
}

/** Builds the model; refuses (EXPORT_UNSUPPORTED) what the graph cannot express (onnx-limits.ts). */
export function exportOnnx(pipeline: ScoringPipeline, info: OnnxExportInfo): OnnxExport {
  const json = pipeline.model.toJSON();
  const limit = findExportLimit({ pipeline, model: json });
  if (limit !== null) {
    throw new SpmError('EXPORT_UNSUPPORTED', `cannot export to ONNX: ${limit.found}`, { hint: limit.limit.hint });
  }
  const { schema, transformer } = pipeline;
  const g = new GraphBuilder();
  const builder = ONNX_MODEL_BUILDERS[json.format]!;
  const features = buildFeatures(g, transformer, builder.scaled);
  const classes = schema.classes ?? [];
  const unscaled = builder.scaled ? features.numeric.map(() => null) : features.numeric;
  const out = builder.build(g, { json, task: schema.task, matrix: features.matrix, width: features.width, nClasses: classes.length, unscaled });
  const decision = schema.task === 'classification' ? { classes, positiveIndex: positiveIndexOf(schema), threshold: info.threshold } : null;
  const outputs = buildOutputs(g, out, decision);
  const model: OnnxModel = {
    irVersion: ONNX_IR_VERSION,
    opsets: ONNX_OPSETS,
    producerName: 'spm',
    producerVersion: info.spmVersion,
    doc: `spm ${pipeline.model.name} ${schema.task} model of "${schema.target}" (train version ${pipeline.ids.train})`,
    graph: { name: `spm_${pipeline.ids.train}`, nodes: g.nodes, initializers: g.initializers, inputs: features.inputs, outputs },
    metadata: exportMetadata(pipeline, info, decision?.positiveIndex),
  };
  return { bytes: encodeModel(model), model };
}

/** The model's metadata_props: lineage, task, decision rule, features and test metrics. */
function exportMetadata(pipeline: ScoringPipeline, info: OnnxExportInfo, positiveIndex: number | undefined): [string, string][] {
  const { schema, transformer, ids } = pipeline;
  const classification = schema.task === 'classification';
  const binary = classification && schema.classes!.length === 2 && positiveIndex !== undefined;
  const entries: [string, string | null][] = [
    ['spm_version', info.spmVersion],
    ['model', pipeline.model.name],
    ['model_params', JSON.stringify(pipeline.model.params)],
    ['train_id', ids.train],
    ['transform_id', ids.transform],
    ['ingest_id', ids.ingest],
    ['evaluate_id', info.evaluateId],
    ['target', schema.target],
    ['task', schema.task],
    ['features', JSON.stringify(transformer.inputs.map((s) => ({ name: s.name, type: s.kind })))],
    ['class_labels', classification ? JSON.stringify(schema.classes) : null],
    ['positive_class', binary ? schema.positiveClass! : null],
    ['decision_threshold', binary ? String(info.threshold) : null],
    ['decision_rule', binary ? `prediction = "${schema.positiveClass!}" when probabilities[:, ${positiveIndex!}] >= ${info.threshold}, else the other class` : classification ? 'prediction = the most probable class (the first on ties)' : null],
    ['test_metrics', info.testMetrics === null ? null : JSON.stringify(info.testMetrics)],
  ];
  return entries.filter((e): e is [string, string] => e[1] !== null);
}
