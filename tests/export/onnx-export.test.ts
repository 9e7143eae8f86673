/**
 * The exporter's pure parts: the protobuf wire format, the structural check (a written file
 * passes, each kind of broken graph is named), the metadata, and every refusal of the table of
 * limits (onnx-limits.ts) with the message a user sees.
 */
import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/export/export-onnx.js';
import { checkOnnx } from '../../src/export/onnx-check.js';
import { ONNX_EXPORT_LIMITS } from '../../src/export/onnx-limits.js';
import { encodeModel, type OnnxModel } from '../../src/export/onnx-proto.js';
import { ProtoWriter, readFields } from '../../src/export/protobuf.js';
import { unscaledThreshold } from '../../src/export/float32-threshold.js';
import type { Model } from '../../src/models/model.js';
import { thrownSpmError } from '../helpers/errors.js';
import { TINY_INFO, tinyPipeline } from './tiny-pipeline.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('protobuf wire format', () => {
  it('writes the encodings of the protobuf documentation', () => {
    // protobuf.dev/programming-guides/encoding: field 1 = 150 → 08 96 01; field 2 = "testing" → 12 07 74 65 73 74 69 6e 67
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    // a negative int64 is ten bytes of two's complement
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01');
    // packed repeated int64 [3, 270, 86942] → 22 06 03 8e 02 9e a7 05 (field 4, from the same page)
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    expect(hex(new ProtoWriter().float(1, 1).finish())).toBe('0d0000803f');
  });

  it('reads back what it writes, and refuses a truncated message', () => {
    const bytes = new ProtoWriter().int(1, 150).string(2, 'x').message(3, (w) => w.int(1, 7)).finish();
    const fields = readFields(bytes);
    expect(fields.map((f) => f.field)).toEqual([1, 2, 3]);
    expect(fields[0]!.int).toBe(150n);
    expect(readFields(fields[2]!.bytes!)[0]!.int).toBe(7n);
    expect(() => readFields(bytes.subarray(0, bytes.length - 1))).toThrow('truncated');
  });
});

describe('the structural check', () => {
  const exported = exportOnnx(tinyPipeline('classification'), TINY_INFO);

  it('passes an exported file and reads back its opsets, inputs, outputs and metadata', () => {
    const { problems, summary } = checkOnnx(exported.bytes);
    expect(problems).toEqual([]);
    expect(summary.opsets).toEqual({ '': 17, 'ai.onnx.ml': 3 });
    expect(summary.inputs).toEqual(['x', 'colour']);
    expect(summary.outputs).toEqual(['prediction', 'probabilities']);
    expect(summary.metadata).toMatchObject({
      spm_version: '0.0.0-test',
      model: 'logistic',
      train_id: 'm0',
      transform_id: 't0',
      ingest_id: 'i0',
      evaluate_id: 'e0',
      target: 'outcome',
      task: 'classification',
      class_labels: '["no","yes"]',
      positive_class: 'yes',
      decision_threshold: '0.5',
      test_metrics: '{"accuracy":0.9}',
      features: '[{"name":"x","type":"numeric"},{"name":"colour","type":"categorical"}]',
    });
  });

  const broken = (change: (m: OnnxModel) => OnnxModel): string[] => checkOnnx(encodeModel(change(exported.model))).problems;

  it('names an operator whose domain is not imported, and an unknown operator', () => {
    expect(broken((m) => ({ ...m, opsets: m.opsets.filter((o) => o.domain === '') }))).toContain('node 0 (Imputer): domain "ai.onnx.ml" is not imported');
    const nodes = exported.model.graph.nodes.map((n, i) => (i === 0 ? { ...n, op: 'Imputr' } : n));
    expect(broken((m) => ({ ...m, graph: { ...m.graph, nodes } }))).toContain('node 0 (Imputr): no operator Imputr in domain "ai.onnx.ml"');
  });

  it('names a node input nothing produced before it, and an output no node produces', () => {
    const nodes = [...exported.model.graph.nodes].reverse();
    expect(broken((m) => ({ ...m, graph: { ...m.graph, nodes } })).some((p) => /input ".*" is not produced before it/.test(p))).toBe(true);
    const withoutLast = exported.model.graph.nodes.slice(0, -1);
    expect(broken((m) => ({ ...m, graph: { ...m.graph, nodes: withoutLast } }))).toContain('graph output "prediction" is produced by no node');
  });

  it('names an input without a shape and an opset too old for an operator', () => {
    const inputs = exported.model.graph.inputs.map((v, i) => (i === 0 ? { ...v, shape: [] } : v));
    expect(broken((m) => ({ ...m, graph: { ...m.graph, inputs } }))).toContain('graph input "x" has a shape without dimensions');
    const old = broken((m) => ({ ...m, opsets: [{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 1 }] }));
    expect(old.some((p) => /\(LabelEncoder\): LabelEncoder needs opset 2 of "ai.onnx.ml", 1 imported$/.test(p))).toBe(true);
  });
});

describe('refusals: what the graph cannot express is named, never exported wrongly', () => {
  it('a model kind without an ONNX form', () => {
    const pipeline = tinyPipeline('regression');
    const model: Model = { ...pipeline.model, name: 'svm', predict: pipeline.model.predict, explain: pipeline.model.explain, toJSON: () => ({ format: 'spm.model.svm', version: 1 }) };
    const e = thrownSpmError(() => exportOnnx({ ...pipeline, model }, TINY_INFO));
    expect(e.code).toBe('EXPORT_UNSUPPORTED');
    expect(e.message).toBe('cannot export to ONNX: the svm model (stored as spm.model.svm) has no ONNX form in this spm');
    expect(e.hint).toContain('linear, ridge, logistic, decision_tree, random_forest or gradient_boosting');
  });

  it('a feature column named like a graph output', () => {
    const e = thrownSpmError(() => exportOnnx(tinyPipeline('regression', 'linear', ['prediction', 'colour']), TINY_INFO));
    expect(e.message).toBe('cannot export to ONNX: the feature column "prediction" has the name of a graph output');
    expect(e.hint).toContain('rename the column');
  });

  it('a fitted statistic beyond float32, and a model number beyond float32', () => {
    const pipeline = tinyPipeline('regression');
    const [x, colour] = pipeline.transformer.inputs;
    const transformer = { ...pipeline.transformer, inputs: [{ ...x!, kind: 'numeric' as const, center: 5e38 }, colour!] } as typeof pipeline.transformer;
    const e = thrownSpmError(() => exportOnnx({ ...pipeline, transformer }, TINY_INFO));
    expect(e.message).toBe('cannot export to ONNX: column "x": its center 5e+38 is beyond float32, in which the graph computes');
    const json = pipeline.model.toJSON();
    const model: Model = { ...pipeline.model, predict: pipeline.model.predict, explain: pipeline.model.explain, toJSON: () => ({ ...json, intercept: -1e39 }) };
    const m = thrownSpmError(() => exportOnnx({ ...pipeline, model }, TINY_INFO));
    expect(m.message).toBe("cannot export to ONNX: the model's model.intercept = -1e+39 is beyond float32, in which the graph computes");
  });

  it('derived features: named with their expressions, never exported as if they were input columns', () => {
    const pipeline = tinyPipeline('regression');
    const transformer = { ...pipeline.transformer, derived: [{ name: 'x2', expression: 'x * 2' }] } as typeof pipeline.transformer;
    const e = thrownSpmError(() => exportOnnx({ ...pipeline, transformer }, TINY_INFO));
    expect(e.code).toBe('EXPORT_UNSUPPORTED');
    expect(e.message).toBe('cannot export to ONNX: the transformer computes derived features (x2 = x * 2), which this exporter does not write as graph nodes');
    expect(e.hint).toContain('features.derive');
  });

  it('a model fitted on the features features.select kept', () => {
    const pipeline = tinyPipeline('regression');
    const json = pipeline.model.toJSON();
    const model: Model = { ...pipeline.model, predict: pipeline.model.predict, explain: pipeline.model.explain, toJSON: () => ({ format: 'spm.selected', version: 1, features: 3, kept: [0, 1], model: json }) };
    const e = thrownSpmError(() => exportOnnx({ ...pipeline, model }, TINY_INFO));
    expect(e.message).toBe('cannot export to ONNX: the model was fitted on the features kept by features.select (stored as spm.selected), which this exporter does not write as a graph');
    expect(e.hint).toContain('features.select');
  });

  it('a model whose probabilities train.calibration calibrates', () => {
    const pipeline = tinyPipeline('classification');
    const json = pipeline.model.toJSON();
    const model: Model = { ...pipeline.model, predict: pipeline.model.predict, explain: pipeline.model.explain, toJSON: () => ({ format: 'spm.model.calibrated', version: 1, task: 'classification', calibration: { method: 'isotonic', calibrators: [] }, model: json }) };
    const e = thrownSpmError(() => exportOnnx({ ...pipeline, model }, TINY_INFO));
    expect(e.message).toBe("cannot export to ONNX: the model's probabilities are calibrated (train.calibration: isotonic), which this exporter does not write as a graph");
    expect(e.hint).toContain('train.calibration: none');
  });

  it('every limit of the table has a test above', () => {
    expect(ONNX_EXPORT_LIMITS.map((l) => l.feature)).toEqual(['derived features (features.derive)', 'feature selection (features.select)', 'calibrated probabilities (train.calibration)', 'model kinds without an ONNX form', 'a feature column named like a graph output', 'numbers beyond float32']);
  });
});

describe('tree thresholds on the unscaled float32 value', () => {
  it('sends a value exactly on a split left, as spm does, and the next float32 right', () => {
    // center and scale of a standardised score; t is the scaled value of 71 itself
    const center = 66.08916666666667;
    const scale = 14.553049153404806;
    const t = (71 - center) / scale;
    const T = unscaledThreshold(t, center, scale);
    expect(T).toBe(71);
    const next = new Float32Array([71]);
    new Int32Array(next.buffer)[0]! += 1;
    expect((next[0]! - center) / scale <= t).toBe(false);
  });

  it('maps a threshold beyond float32 (spm\'s "only missing values go right") to +Infinity', () => {
    expect(unscaledThreshold(Number.MAX_VALUE, 0, 1)).toBe(Infinity);
  });
});
