/**
 * Collects the nodes and constant tensors of one ONNX graph under unique value names. Every
 * intermediate value is named `spm/<what>` so it can never collide with an input (a feature
 * column's own name) or an output (`prediction`, `probabilities`).
 */
import type { Attribute, OnnxNode, Tensor } from './onnx-proto.js';

export const ML_DOMAIN = 'ai.onnx.ml';

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Tensor[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name `spm/<base>` (suffixed `#2`, `#3`… when taken). */
  fresh(base: string): string {
    let name = `spm/${base}`;
    for (let i = 2; this.used.has(name); i++) name = `spm/${base}#${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a name given from outside (graph inputs and outputs). */
  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  floats(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(base);
    this.initializers.push({ name, type: 'float', dims, values });
    return name;
  }

  ints(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(base);
    this.initializers.push({ name, type: 'int64', dims, values });
    return name;
  }

  strings(base: string, dims: readonly number[], values: readonly string[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, type: 'string', dims, values });
    return name;
  }

  /**
   * Adds a node; `outputs` are bases for fresh names, or `{ name }` for a value named from outside
   * (a graph output). Returns the output names.
   */
  node(op: string, inputs: readonly string[], outputs: readonly (string | { readonly name: string })[], attributes: readonly Attribute[] = [], domain = ''): string[] {
    const names = outputs.map((o) => (typeof o === 'string' ? this.fresh(o) : this.reserve(o.name)));
    this.nodes.push({ op, domain, name: this.fresh(`node/${op}`).slice(4), inputs, outputs: names, attributes });
    return names;
  }
}

/** Attribute constructors. */
export const attr = {
  int: (name: string, value: number): Attribute => ({ name, type: 'int', value }),
  float: (name: string, value: number): Attribute => ({ name, type: 'float', value }),
  string: (name: string, value: string): Attribute => ({ name, type: 'string', value }),
  ints: (name: string, value: ArrayLike<number>): Attribute => ({ name, type: 'ints', value }),
  floats: (name: string, value: ArrayLike<number>): Attribute => ({ name, type: 'floats', value }),
  strings: (name: string, value: readonly string[]): Attribute => ({ name, type: 'strings', value }),
};
