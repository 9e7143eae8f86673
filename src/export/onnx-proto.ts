/**
 * The subset of ONNX's protobuf messages spm writes (onnx/onnx.proto, IR version 8): a model
 * of one graph of nodes, constant tensors, typed inputs and outputs, and metadata. Field
 * numbers are those of onnx.proto; `encodeModel` is the only place that knows them besides the
 * structural check (onnx-check.ts).
 */
import { ProtoWriter } from './protobuf.js';

/** TensorProto.DataType values. */
export const ELEM_TYPE = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type ElemType = keyof typeof ELEM_TYPE;

/** AttributeProto.AttributeType values. */
export const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

export type Tensor =
  | { readonly name: string; readonly type: 'float' | 'double' | 'int64'; readonly dims: readonly number[]; readonly values: ArrayLike<number> }
  | { readonly name: string; readonly type: 'string'; readonly dims: readonly number[]; readonly values: readonly string[] };

export type Attribute =
  | { readonly name: string; readonly type: 'float' | 'int'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'floats' | 'ints'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly name: string; readonly type: 'tensor'; readonly value: Tensor };

export interface OnnxNode {
  readonly op: string;
  /** '' for the default ai.onnx domain, 'ai.onnx.ml' for the ML operators. */
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly Attribute[];
}

/** A graph input or output: its element type and shape (a string dimension is symbolic, e.g. 'N'). */
export interface ValueInfo {
  readonly name: string;
  readonly type: ElemType;
  readonly shape: readonly (number | string)[];
  readonly doc?: string;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly Tensor[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly doc: string;
  readonly graph: OnnxGraph;
  readonly metadata: readonly (readonly [string, string])[];
}

/** ModelProto bytes. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  for (const o of m.opsets) w.message(8, (x) => x.string(1, o.domain).int(2, o.version));
  w.string(2, m.producerName).string(3, m.producerVersion).string(6, m.doc);
  w.message(7, (g) => writeGraph(g, m.graph));
  for (const [key, value] of m.metadata) w.message(14, (x) => x.string(1, key).string(2, value));
  return w.finish();
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(1, (x) => writeNode(x, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (x) => writeTensor(x, t));
  for (const v of g.inputs) w.message(11, (x) => writeValueInfo(x, v));
  for (const v of g.outputs) w.message(12, (x) => writeValueInfo(x, v));
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.op);
  for (const a of n.attributes) w.message(5, (x) => writeAttribute(x, a));
  if (n.domain !== '') w.string(7, n.domain);
}

function writeAttribute(w: ProtoWriter, a: Attribute): void {
  w.string(1, a.name).int(20, ATTRIBUTE_TYPE[a.type]);
  switch (a.type) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.int(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'tensor':
      w.message(5, (x) => writeTensor(x, a.value));
      break;
    case 'floats':
      w.packedFloats(7, a.value);
      break;
    case 'ints':
      w.packedInts(8, a.value);
      break;
    case 'strings':
      for (const s of a.value) w.string(9, s);
      break;
  }
}

function writeTensor(w: ProtoWriter, t: Tensor): void {
  w.packedInts(1, t.dims).int(2, ELEM_TYPE[t.type]);
  if (t.type === 'string') for (const s of t.values) w.string(6, s);
  else if (t.type === 'float') w.packedFloats(4, t.values);
  else if (t.type === 'double') w.packedDoubles(10, t.values);
  else w.packedInts(7, t.values);
  w.string(8, t.name);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ELEM_TYPE[v.type]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
  if (v.doc !== undefined) w.string(3, v.doc);
}
