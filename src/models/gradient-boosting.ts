/**
 * gradient_boosting: Friedman's gradient tree boosting (Friedman 2001, "Greedy function
 * approximation"; 2002, "Stochastic gradient boosting") as scikit-learn's
 * GradientBoostingRegressor / GradientBoostingClassifier compute it: each round fits a CART
 * regression tree to the negative gradient with squared error (the split scores equal
 * friedman_mse's), then sets leaf values —
 *   squared error: mean residual; init = weighted mean of y;
 *   log-loss, binary: one Newton step Σw·r / Σw·p(1−p); init = prior log-odds;
 *   log-loss, K classes: K trees per round on softmax, (K−1)/K · Σw·r / Σw·p(1−p); init = log priors
 * (sklearn/ensemble/_gb_losses.py, update_terminal_regions). Internal nodes get the same
 * statistic over their rows, so path explanations start from a meaningful root value.
 */
import { EarlyStopping } from './boosting-early-stop.js';
import { takeMatrixRows, takeValues } from './matrix.js';
import { validationSplit } from './validation-split.js';
import { binMatrix, type BinnedMatrix } from './binning.js';
import type { FitData, HyperParams, Model, ModelFactory, ModelJSON, Task } from './model.js';
import { createRng, type Rng } from '../util/rng.js';
import { BoostedTrees, GBM_FORMAT, GBM_NAME, sigmoid, softmaxRow } from './tree-boosted-model.js';
import { findLeaf, packTrees } from './tree-ensemble.js';
import { GrowBuffers } from './tree-buffers.js';
import { allRowsCounts, growTree, type GrowOptions, type GrownTree } from './tree-kernel.js';
import { nodesOf, type TreeNodes } from './tree-nodes.js';
import { atLeastParam, fractionParam, intParam, numberParam, prepareFit, withDefaults } from './tree-params.js';

const TASKS: readonly Task[] = ['regression', 'classification'];
/** scikit-learn clips prior probabilities to [eps, 1 − eps] with float32 eps before taking logs. */
const PRIOR_EPS = 1.1920928955078125e-7;

const DEFAULTS: HyperParams = {
  n_estimators: 100,
  learning_rate: 0.1,
  max_depth: 3,
  min_samples_leaf: 1,
  min_samples_split: 2,
  subsample: 1.0,
  // Early stopping (scikit-learn's GradientBoosting*: off unless n_iter_no_change is set).
  n_iter_no_change: null,
  validation_fraction: 0.1,
  tol: 1e-4,
};

/** Early-stopping settings: left out of a stored model that did not stop early, so its bytes stay as before they existed. */
const EARLY_STOPPING = ['n_iter_no_change', 'validation_fraction', 'tol'] as const;

/** Weighted prior per output: the mean (regression), the log-odds of class 1, or log class shares. */
function initialScores(y: Float64Array, w: Float64Array | undefined, rows: Uint32Array, task: Task, nClasses: number): Float64Array {
  let total = 0;
  const sums = new Float64Array(Math.max(nClasses, 1));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!; // a row number of y and w
    const wr = w === undefined ? 1 : w[r]!;
    total += wr;
    if (task === 'regression') sums[0] = sums[0]! + wr * y[r]!;
    else {
      const c = y[r]!; // a class index, below nClasses = sums.length
      sums[c] = sums[c]! + wr;
    }
  }
  if (task === 'regression') return Float64Array.of(sums[0]! / total);
  const clip = (p: number): number => Math.min(Math.max(p, PRIOR_EPS), 1 - PRIOR_EPS);
  if (nClasses === 2) {
    const p = clip(sums[1]! / total);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  return sums.map((s) => Math.log(clip(s / total)));
}

/**
 * `count` rows drawn without replacement, in ascending order (scikit-learn's subsample), written
 * to `into` (the tree reorders them; all rows are copied there as they are).
 */
function drawRows(rows: Uint32Array, count: number, rng: Rng, into: Uint32Array): Uint32Array {
  if (count >= rows.length) {
    into.set(rows);
    return into;
  }
  const pool = rows.slice();
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, count).sort();
}

/** A copy of `bag` in `into` (same length). */
function bagCopy(bag: Uint32Array, into: Uint32Array): Uint32Array {
  const out = into.subarray(0, bag.length);
  out.set(bag);
  return out;
}

/** Replaces every node's value by the (scaled) Newton step over its rows; prob = p of this output. */
function newtonValues(tree: GrownTree, residual: Float64Array, prob: Float64Array, w: Float64Array | undefined, factor: number): void {
  const { rows, start, end, value } = tree;
  for (let node = 0; node < tree.nodeCount; node++) {
    let num = 0;
    let den = 0;
    for (let i = start[node]!; i < end[node]!; i++) {
      const r = rows[i]!;
      const wr = w === undefined ? 1 : w[r]!;
      const p = prob[r]!;
      num += wr * residual[r]!;
      den += wr * p * (1 - p);
    }
    value[node] = Math.abs(den) < 1e-150 ? 0 : (factor * num) / den;
  }
}

/** Adds learningRate × leaf value to column k of raw for every row in `rows` (in-bag rows by their leaf, others by walking X). */
function updateScores(tree: GrownTree, raw: Float64Array, k: number, outputs: number, lr: number, data: FitData, all: Uint32Array): void {
  const { rows, start, end, value, feature } = tree;
  // Without subsampling every row is in the tree: no need to mark the ones seen.
  const seen = rows.length === all.length ? null : new Uint8Array(data.X.rows);
  for (let node = 0; node < tree.nodeCount; node++) {
    if (feature[node]! >= 0) continue;
    const step = lr * value[node]!;
    for (let i = start[node]!; i < end[node]!; i++) {
      const r = rows[i]!; // a node's rows, a range of the tree's rows
      raw[r * outputs + k] = raw[r * outputs + k]! + step;
      if (seen) seen[r] = 1;
    }
  }
  if (!seen) return;
  const single = packTrees([tree], 1, lr);
  for (const r of all) {
    if (seen[r] === 0) raw[r * outputs + k] = raw[r * outputs + k]! + single.value[findLeaf(single, data.X.data, r * data.X.cols, 0)]!;
  }
}

/** The rows `keep` of the training data, renumbered from 0. */
function subset(data: FitData, keep: Uint32Array): FitData {
  return {
    ...data,
    X: takeMatrixRows(data.X, keep),
    y: takeValues(data.y, keep),
    ...(data.sampleWeight ? { sampleWeight: takeValues(data.sampleWeight, keep) } : {}),
  };
}

function fit(data: FitData, task: Task, input: HyperParams): Model {
  const params = withDefaults(GBM_NAME, DEFAULTS, input);
  const rounds = intParam(GBM_NAME, params, 'n_estimators', 1)!;
  const lr = numberParam(GBM_NAME, params, 'learning_rate', 0, Infinity);
  const subsample = numberParam(GBM_NAME, params, 'subsample', 0, 1);
  const maxDepth = intParam(GBM_NAME, params, 'max_depth', 1)!;
  const minSamplesLeaf = intParam(GBM_NAME, params, 'min_samples_leaf', 1)!;
  const minSamplesSplit = intParam(GBM_NAME, params, 'min_samples_split', 2)!;
  const patience = intParam(GBM_NAME, params, 'n_iter_no_change', 1, true);
  const fraction = fractionParam(GBM_NAME, params, 'validation_fraction');
  const tol = atLeastParam(GBM_NAME, params, 'tol', 0);
  const prepared = prepareFit(GBM_NAME, TASKS, data, task);
  const { nClasses } = prepared;
  const rng = createRng(data.seed);
  // With early stopping the trees are grown on the fit rows alone (binned from them alone, as
  // scikit-learn bins its training part); the held-out rows score the stopping rule.
  const split = patience === null ? null : validationSplit(prepared.rows, data.y, task, fraction, rng);
  const fitData = split ? subset(data, split.fit) : data;
  const rows = split ? Uint32Array.from(split.fit, (_, i) => i) : prepared.rows;
  const { y, sampleWeight: w } = fitData;
  const outputs = nClasses > 2 ? nClasses : 1;
  const init = initialScores(y, w, rows, task, nClasses);
  const stopping = split ? new EarlyStopping(data, split, init, task, patience!, tol) : null;
  const n = fitData.X.rows;
  const raw = new Float64Array(n * outputs);
  for (let i = 0; i < raw.length; i++) raw[i] = init[i % outputs]!;
  const binned: BinnedMatrix = binMatrix(fitData.X);
  const inBag = Math.max(1, Math.floor(subsample * rows.length));
  const options: GrowOptions = {
    maxDepth, minSamplesLeaf, minSamplesSplit, maxFeatures: data.X.cols, buffers: new GrowBuffers(),
    // every tree on every row (in order: the bag is a copy of rows): their roots share the weights and counts
    ...(inBag === n && rows.length === n ? { rootCounts: allRowsCounts(binned, w ?? null) } : {}),
  };
  const bagBuffer = new Uint32Array(rows.length);
  const copyBuffer = new Uint32Array(outputs > 1 ? rows.length : 0);
  const residual = new Float64Array(n);
  const probs = new Float64Array(task === 'classification' ? n * outputs : 0);
  const prob = new Float64Array(task === 'classification' ? n : 0);
  const trees: TreeNodes[] = [];
  const treeOutput: number[] = [];
  for (let m = 0; m < rounds; m++) {
    const bag = drawRows(rows, inBag, rng, bagBuffer);
    if (outputs > 1) for (const r of rows) softmaxRow(raw, probs, r, outputs);
    for (let k = 0; k < outputs; k++) {
      if (task === 'regression') {
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!; // rows are row numbers of y, raw and residual
          residual[r] = y[r]! - raw[r]!;
        }
      } else {
        for (const r of rows) {
          const p = outputs > 1 ? probs[r * outputs + k]! : sigmoid(raw[r]!);
          prob[r] = p;
          residual[r] = (outputs > 1 ? (y[r] === k ? 1 : 0) : y[r]!) - p;
        }
      }
      // One round's trees share the bag's order: each tree reorders a copy (the first the bag itself).
      const treeRows = k === outputs - 1 ? bag : bagCopy(bag, copyBuffer);
      const tree = growTree(binned, { kind: 'values', values: residual }, w ?? null, treeRows, options);
      if (task === 'classification') newtonValues(tree, residual, prob, w, outputs > 1 ? (outputs - 1) / outputs : 1);
      updateScores(tree, raw, k, outputs, lr, fitData, rows);
      const nodes = nodesOf(tree);
      stopping?.add(nodes, k, lr);
      trees.push(nodes);
      treeOutput.push(k);
    }
    if (stopping?.stop()) break;
  }
  const stored = patience === null ? Object.fromEntries(Object.entries(params).filter(([k]) => !(EARLY_STOPPING as readonly string[]).includes(k))) : params;
  return new BoostedTrees({
    task, params: stored, nFeatures: data.X.cols, nClasses, init,
    trees: packTrees(trees, 1, lr),
    treeOutput: outputs > 1 ? Int32Array.from(treeOutput) : null,
  });
}

export const gradientBoostingFactory: ModelFactory = {
  name: GBM_NAME,
  format: GBM_FORMAT,
  tasks: TASKS,
  defaults: DEFAULTS,
  fit,
  fromJSON: (json: ModelJSON) => BoostedTrees.fromJSON(json),
};
