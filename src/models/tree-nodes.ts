/**
 * Growable node arrays for the tree kernel: one typed array per node field, doubled when full,
 * so growing a tree allocates O(log nodes) times instead of once per node.
 */
/** A tree's nodes: node i splits on feature[i] at threshold[i] into left[i] and left[i] + 1 (-1: leaf). */
export interface TreeNodes {
  readonly nodeCount: number;
  readonly nOutputs: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly value: Float64Array;
  /**
   * The weight of the training rows that reached node i (scikit-learn's
   * weighted_n_node_samples: sample weights, bootstrap counts and class weights included): the
   * node cover TreeSHAP weighs a split's branches by (tree-shap.ts).
   */
  readonly cover: Float64Array;
}

/** Nodes plus the range of the grower's row array that reached each one. */
export interface NodesWithRanges extends TreeNodes {
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Just the nodes (so a kept tree does not hold on to its training rows). */
export function nodesOf(t: TreeNodes): TreeNodes {
  return { nodeCount: t.nodeCount, nOutputs: t.nOutputs, feature: t.feature, threshold: t.threshold, left: t.left, value: t.value, cover: t.cover };
}

export class NodeStore {
  count = 0;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  start: Int32Array;
  end: Int32Array;

  constructor(private readonly nOutputs: number, capacity: number) {
    const c = Math.max(capacity, 1);
    this.feature = new Int32Array(c);
    this.threshold = new Float64Array(c);
    this.left = new Int32Array(c);
    this.value = new Float64Array(c * nOutputs);
    this.cover = new Float64Array(c);
    this.start = new Int32Array(c);
    this.end = new Int32Array(c);
  }

  /** A new leaf over rows[start..end); returns its id. */
  add(start: number, end: number): number {
    if (this.count === this.feature.length) this.grow();
    const id = this.count++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.start[id] = start;
    this.end[id] = end;
    return id;
  }

  /** Turns leaf `id` into a split whose left child takes rows[start..mid); returns the left child. */
  split(id: number, feature: number, threshold: number, mid: number): number {
    const left = this.add(this.start[id]!, mid);
    this.add(mid, this.end[id]!);
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.left[id] = left;
    return left;
  }

  /** value[id] = sums / weight and cover[id] = weight, from totals laid out as k sums then the weight. */
  setValue(id: number, totals: Float64Array, k: number): void {
    const w = totals[k]!;
    this.cover[id] = w;
    for (let j = 0; j < k; j++) this.value[id * k + j] = totals[j]! / w;
  }

  finish(): NodesWithRanges {
    const n = this.count;
    return {
      nodeCount: n,
      nOutputs: this.nOutputs,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      value: this.value.slice(0, n * this.nOutputs),
      cover: this.cover.slice(0, n),
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
    };
  }

  private grow(): void {
    const c = this.feature.length * 2;
    const widen = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T, size: number): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.feature = widen(this.feature, (n) => new Int32Array(n), c);
    this.threshold = widen(this.threshold, (n) => new Float64Array(n), c);
    this.left = widen(this.left, (n) => new Int32Array(n), c);
    this.value = widen(this.value, (n) => new Float64Array(n), c * this.nOutputs);
    this.cover = widen(this.cover, (n) => new Float64Array(n), c);
    this.start = widen(this.start, (n) => new Int32Array(n), c);
    this.end = widen(this.end, (n) => new Int32Array(n), c);
  }
}
