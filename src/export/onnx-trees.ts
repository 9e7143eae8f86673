/**
 * spm's flat tree arrays (tree-json.ts) as the node and leaf attributes of ai.onnx.ml's
 * TreeEnsembleRegressor / TreeEnsembleClassifier. A split sends x ≤ threshold to the left
 * child (BRANCH_LEQ, true branch) and the rest, NaN included, to the right one (false branch),
 * as findLeaf does. Node ids are per tree, numbered in walk order from the root.
 */
import type { TreesJSON } from '../models/tree-json.js';
import { attr } from './graph-builder.js';
import type { Attribute } from './onnx-proto.js';

export interface TreeLeaves {
  /** The ONNX leaf attributes' prefix: 'target' (regressor) or 'class' (classifier). */
  readonly prefix: 'target' | 'class';
  /** Multiplies every leaf value (1 / trees for an average). */
  readonly scale: number;
  /**
   * Per tree, the output each leaf value goes to: null → leaf value j goes to output j (all
   * n_outputs of them); a number → the tree's single value goes to that output (boosting).
   */
  readonly outputOf: (tree: number) => number | null;
  /** The float32 threshold the graph compares feature `feature` with, for spm's threshold `t`. */
  readonly threshold: (feature: number, t: number) => number;
}

export function treeAttributes(trees: TreesJSON, leaves: TreeLeaves): Attribute[] {
  const nodes = { tree: [] as number[], id: [] as number[], feature: [] as number[], value: [] as number[], mode: [] as string[], yes: [] as number[], no: [] as number[] };
  const leaf = { tree: [] as number[], id: [] as number[], output: [] as number[], weight: [] as number[] };
  const k = trees.n_outputs;
  for (let t = 0; t < trees.n_trees; t++) {
    // walk order: a node's children get ids after it; `order` maps global node → local id
    const order = new Map<number, number>();
    const queue = [trees.roots[t]!];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      order.set(node, q);
      if (trees.feature[node]! >= 0) queue.push(trees.left[node]!, trees.left[node]! + 1);
    }
    const target = leaves.outputOf(t);
    for (const node of queue) {
      const id = order.get(node)!;
      const f = trees.feature[node]!;
      nodes.tree.push(t);
      nodes.id.push(id);
      if (f >= 0) {
        nodes.feature.push(f);
        nodes.value.push(leaves.threshold(f, trees.threshold[node]!));
        nodes.mode.push('BRANCH_LEQ');
        nodes.yes.push(order.get(trees.left[node]!)!);
        nodes.no.push(order.get(trees.left[node]! + 1)!);
        continue;
      }
      nodes.feature.push(0);
      nodes.value.push(0);
      nodes.mode.push('LEAF');
      nodes.yes.push(0);
      nodes.no.push(0);
      for (let j = 0; j < (target === null ? k : 1); j++) {
        leaf.tree.push(t);
        leaf.id.push(id);
        leaf.output.push(target ?? j);
        leaf.weight.push(trees.value[node * k + j]! * leaves.scale);
      }
    }
  }
  const p = leaves.prefix;
  return [
    attr.ints('nodes_treeids', nodes.tree),
    attr.ints('nodes_nodeids', nodes.id),
    attr.ints('nodes_featureids', nodes.feature),
    attr.floats('nodes_values', nodes.value),
    attr.strings('nodes_modes', nodes.mode),
    attr.ints('nodes_truenodeids', nodes.yes),
    attr.ints('nodes_falsenodeids', nodes.no),
    attr.ints(`${p}_treeids`, leaf.tree),
    attr.ints(`${p}_nodeids`, leaf.id),
    attr.ints(`${p}_ids`, leaf.output),
    attr.floats(`${p}_weights`, leaf.weight),
  ];
}
