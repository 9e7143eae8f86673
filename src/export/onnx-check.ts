/**
 * A structural check of ONNX model bytes, read back from the wire (not from the objects that
 * wrote them): the checks of onnx.checker that matter for a graph spm writes — IR version,
 * opset imports, each node's domain imported and its operator known there (and old enough
 * for the imported opset), every node input produced before it (graph input, initializer or an
 * earlier node), every value produced once, every output produced, and every graph input and
 * output typed with a declared shape. Export runs it on every file it writes; tests run it too.
 */
import { readFields, type ProtoField } from './protobuf.js';

/** The operators a spm graph may use, with the opset version each first appeared in. */
export const KNOWN_OPERATORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '': { Concat: 4, Clip: 11, Reshape: 5, Identity: 1, Gather: 1, GreaterOrEqual: 12, Where: 9, ArgMax: 1, Sub: 1, Softmax: 1 },
  'ai.onnx.ml': { Imputer: 1, Scaler: 1, LabelEncoder: 2, OneHotEncoder: 1, LinearRegressor: 1, LinearClassifier: 1, TreeEnsembleRegressor: 3, TreeEnsembleClassifier: 3 },
};

const text = (f: ProtoField): string => new TextDecoder().decode(f.bytes);
const sub = (fields: readonly ProtoField[], n: number): ProtoField[] => fields.filter((f) => f.field === n && f.bytes !== undefined);
const strings = (fields: readonly ProtoField[], n: number): string[] => sub(fields, n).map(text);
const int = (fields: readonly ProtoField[], n: number): number | undefined => {
  const f = fields.find((x) => x.field === n && x.int !== undefined);
  return f === undefined ? undefined : Number(f.int);
};

export interface OnnxSummary {
  readonly irVersion: number | undefined;
  readonly opsets: Readonly<Record<string, number>>;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly nodes: number;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The problems of a model file (none: it passes), and what it holds. */
export function checkOnnx(bytes: Uint8Array): { problems: string[]; summary: OnnxSummary } {
  const problems: string[] = [];
  const model = readFields(bytes);
  const irVersion = int(model, 1);
  if (irVersion === undefined || irVersion < 3) problems.push(`ir_version ${String(irVersion)}: expected 3 or more`);
  const opsets: Record<string, number> = {};
  for (const o of sub(model, 8).map((f) => readFields(f.bytes!))) {
    const domain = strings(o, 1)[0] ?? '';
    if (Object.hasOwn(opsets, domain)) problems.push(`opset of domain "${domain}" imported twice`);
    opsets[domain] = int(o, 2) ?? 0;
  }
  const metadata: Record<string, string> = {};
  for (const e of sub(model, 14).map((f) => readFields(f.bytes!))) metadata[strings(e, 1)[0] ?? ''] = strings(e, 2)[0] ?? '';
  const graphs = sub(model, 7);
  if (graphs.length !== 1) {
    problems.push(`expected one graph, found ${graphs.length}`);
    return { problems, summary: { irVersion, opsets, inputs: [], outputs: [], nodes: 0, metadata } };
  }
  const graph = readFields(graphs[0]!.bytes!);
  const known = new Set<string>();
  const define = (name: string, what: string): void => {
    if (name === '') problems.push(`${what} has an empty name`);
    else if (known.has(name)) problems.push(`"${name}" (${what}) is defined twice`);
    known.add(name);
  };
  const inputs = sub(graph, 11).map((f) => checkValueInfo(readFields(f.bytes!), 'input', problems));
  const outputs = sub(graph, 12).map((f) => checkValueInfo(readFields(f.bytes!), 'output', problems));
  for (const name of inputs) define(name, 'graph input');
  for (const t of sub(graph, 5).map((f) => readFields(f.bytes!))) {
    const name = strings(t, 8)[0] ?? '';
    if (!int(t, 2)) problems.push(`initializer "${name}" has no data_type`);
    define(name, 'initializer');
  }
  const nodes = sub(graph, 1).map((f) => readFields(f.bytes!));
  nodes.forEach((n, i) => {
    const op = strings(n, 4)[0] ?? '';
    const domain = strings(n, 7)[0] ?? '';
    const where = `node ${i} (${op})`;
    if (!Object.hasOwn(opsets, domain)) problems.push(`${where}: domain "${domain}" is not imported`);
    const since = KNOWN_OPERATORS[domain]?.[op];
    if (since === undefined) problems.push(`${where}: no operator ${op} in domain "${domain}"`);
    else if (opsets[domain] !== undefined && opsets[domain]! < since) problems.push(`${where}: ${op} needs opset ${since} of "${domain}", ${opsets[domain]} imported`);
    for (const input of strings(n, 1)) if (input !== '' && !known.has(input)) problems.push(`${where}: input "${input}" is not produced before it`);
    for (const output of strings(n, 2)) define(output, `output of ${where}`);
  });
  for (const name of outputs) if (!known.has(name) || inputs.includes(name)) problems.push(`graph output "${name}" is produced by no node`);
  return { problems, summary: { irVersion, opsets, inputs, outputs, nodes: nodes.length, metadata } };
}

/** ValueInfoProto: name (1), type (2) → tensor_type (1) → elem_type (1), shape (2) → dim (1). */
function checkValueInfo(v: ProtoField[], what: string, problems: string[]): string {
  const name = strings(v, 1)[0] ?? '';
  const tensor = sub(v, 2).flatMap((t) => sub(readFields(t.bytes!), 1)).map((t) => readFields(t.bytes!))[0];
  if (tensor === undefined) {
    problems.push(`graph ${what} "${name}" has no tensor type`);
    return name;
  }
  if (!int(tensor, 1)) problems.push(`graph ${what} "${name}" has no element type`);
  const shape = sub(tensor, 2)[0];
  if (shape === undefined) problems.push(`graph ${what} "${name}" has no shape`);
  else {
    const dims = sub(readFields(shape.bytes!), 1).map((d) => readFields(d.bytes!));
    if (dims.length === 0) problems.push(`graph ${what} "${name}" has a shape without dimensions`);
    dims.forEach((d, j) => {
      if (int(d, 1) === undefined && strings(d, 2).length === 0) problems.push(`graph ${what} "${name}": dimension ${j} has neither a value nor a name`);
    });
  }
  return name;
}
