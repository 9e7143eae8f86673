/**
 * Early stopping for gradient boosting as scikit-learn 1.2.1's GradientBoosting* does it
 * (`n_iter_no_change`, `validation_fraction`, `tol`; sklearn/ensemble/_gb.py, _fit_stages):
 * a share of the rows is held out (validation-split.ts), the trees are grown on the rest, and
 * after every round the held-out loss (boosting-loss.ts) is compared with the last n: boosting
 * stops after the first round whose loss + tol is below none of them, keeping that round.
 */
import { boostingLoss } from './boosting-loss.js';
import { takeMatrixRows, takeValues, type Matrix } from './matrix.js';
import type { FitData, Task } from './model.js';
import { findLeaf, packTrees } from './tree-ensemble.js';
import type { TreeNodes } from './tree-nodes.js';
import type { ValidationSplit } from './validation-split.js';

export class EarlyStopping {
  private readonly history: Float64Array;
  private round = 0;
  private readonly X: Matrix;
  private readonly y: Float64Array;
  private readonly w: Float64Array | undefined;
  private readonly raw: Float64Array;
  private readonly all: Uint32Array;

  constructor(
    data: FitData,
    split: ValidationSplit,
    init: Float64Array,
    private readonly task: Task,
    patience: number,
    private readonly tol: number,
  ) {
    this.history = new Float64Array(patience).fill(Infinity);
    this.X = takeMatrixRows(data.X, split.validation);
    this.y = takeValues(data.y, split.validation);
    this.w = data.sampleWeight && takeValues(data.sampleWeight, split.validation);
    this.raw = new Float64Array(this.X.rows * init.length);
    for (let i = 0; i < this.raw.length; i++) this.raw[i] = init[i % init.length]!;
    this.all = Uint32Array.from({ length: this.X.rows }, (_, i) => i);
  }

  /** Adds learningRate × a tree of output k to the held-out rows' raw scores. */
  add(tree: TreeNodes, k: number, learningRate: number): void {
    const single = packTrees([tree], 1, learningRate);
    const outputs = this.raw.length / this.X.rows;
    for (let r = 0; r < this.X.rows; r++) this.raw[r * outputs + k] = this.raw[r * outputs + k]! + single.value[findLeaf(single, this.X.data, r * this.X.cols, 0)]!;
  }

  /** After a round: true when boosting should stop (this round's trees are kept). */
  stop(): boolean {
    const loss = boostingLoss(this.task, this.raw.length / this.X.rows, this.y, this.raw, this.w, this.all);
    if (!this.history.some((h) => loss + this.tol < h)) return true;
    this.history[this.round++ % this.history.length] = loss;
    return false;
  }
}
