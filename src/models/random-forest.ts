/**
 * random_forest: bagged CART trees with features drawn per split (Breiman 2001, "Random
 * Forests"), as scikit-learn's RandomForestRegressor/Classifier: bootstrap samples enter as
 * integer weights, classification averages the trees' probabilities. Features are binned once
 * and shared by every tree; each tree draws from its own `rng.fork()`, forked in tree order, so
 * a seed gives the same forest however the work is scheduled.
 */
import { GrowBuffers } from './tree-buffers.js';
import { binMatrix } from './binning.js';
import type { FitData, HyperParams, Model, ModelFactory, ModelJSON, Task } from './model.js';
import { createRng } from '../util/rng.js';
import { AveragedTrees } from './tree-average-model.js';
import { packTrees } from './tree-ensemble.js';
import { growTree } from './tree-kernel.js';
import { nodesOf, type TreeNodes } from './tree-nodes.js';
import { boolParam, depthParam, intParam, maxFeaturesParam, prepareFit, withDefaults } from './tree-params.js';

const NAME = 'random_forest';
const FORMAT = 'spm.model.forest';
const TASKS: readonly Task[] = ['regression', 'classification'];

const DEFAULTS: HyperParams = {
  n_estimators: 100,
  /** null = unlimited (capped at DEPTH_CAP). */
  max_depth: null,
  min_samples_leaf: 1,
  min_samples_split: 2,
  /** 'auto': 1.0 (all) for regression as scikit-learn >= 1.1, 'sqrt' for classification. */
  max_features: 'auto',
  bootstrap: true,
};

/** Bootstrap draw (n rows with replacement) as counts; returns the rows drawn at least once. */
function bootstrap(base: Uint32Array, baseWeight: Float64Array | undefined, weights: Float64Array, next: (n: number) => number): Uint32Array {
  weights.fill(0);
  const n = base.length;
  for (let i = 0; i < n; i++) {
    const row = base[next(n)]!; // next(n) < n = base.length; weights is indexed by row
    weights[row] = weights[row]! + 1;
  }
  let kept = 0;
  for (let i = 0; i < n; i++) if (weights[base[i]!]! > 0) kept++;
  const rows = new Uint32Array(kept);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const r = base[i]!;
    if (weights[r]! > 0) {
      rows[j++] = r;
      if (baseWeight !== undefined) weights[r] = weights[r]! * baseWeight[r]!;
    }
  }
  return rows;
}

/**
 * Trees from..to-1 of the forest `fit` grows: tree t draws from the root rng's t-th fork, so any
 * split of the range over threads gives the very trees of one thread (forest-parallel.ts).
 */
export function growForestTrees(data: FitData, task: Task, input: HyperParams, from: number, to: number): TreeNodes[] {
  const params = withDefaults(NAME, DEFAULTS, input);
  const maxDepth = depthParam(NAME, params);
  const minSamplesLeaf = intParam(NAME, params, 'min_samples_leaf', 1)!;
  const minSamplesSplit = intParam(NAME, params, 'min_samples_split', 2)!;
  const useBootstrap = boolParam(NAME, params, 'bootstrap');
  const cols = data.X.cols;
  const mf = params['max_features'] === 'auto' ? (task === 'regression' ? 1.0 : 'sqrt') : params['max_features'];
  const maxFeatures = maxFeaturesParam(NAME, { max_features: mf ?? null }, cols);
  const { target, rows } = prepareFit(NAME, TASKS, data, task);
  const binned = binMatrix(data.X);
  const rng = createRng(data.seed);
  for (let t = 0; t < from; t++) rng.fork();
  const weights = new Float64Array(data.X.rows);
  const trees: TreeNodes[] = [];
  const buffers = new GrowBuffers(); // this thread's work arrays, reused tree after tree
  for (let t = from; t < to; t++) {
    const treeRng = rng.fork();
    const treeRows = useBootstrap ? bootstrap(rows, data.sampleWeight, weights, treeRng.int) : rows.slice();
    const w = useBootstrap ? weights : data.sampleWeight ?? null;
    const tree = growTree(binned, target, w, treeRows, { maxDepth, minSamplesLeaf, minSamplesSplit, maxFeatures, rng: treeRng, buffers });
    trees.push(nodesOf(tree));
  }
  return trees;
}

/** The number of trees a params set asks for (validated as fit validates it). */
export const forestSize = (input: HyperParams): number => intParam(NAME, withDefaults(NAME, DEFAULTS, input), 'n_estimators', 1)!;

/** The model of a forest grown in parts (trees in tree order). */
export function assembleForest(data: FitData, task: Task, input: HyperParams, trees: readonly TreeNodes[]): Model {
  const params = withDefaults(NAME, DEFAULTS, input);
  const { nClasses } = prepareFit(NAME, TASKS, data, task);
  return new AveragedTrees({
    name: NAME, format: FORMAT, task, params, nFeatures: data.X.cols, nClasses,
    trees: packTrees(trees, task === 'classification' ? nClasses : 1),
  });
}

function fit(data: FitData, task: Task, input: HyperParams): Model {
  return assembleForest(data, task, input, growForestTrees(data, task, input, 0, forestSize(input)));
}

export const randomForestFactory: ModelFactory = {
  name: NAME,
  format: FORMAT,
  tasks: TASKS,
  defaults: DEFAULTS,
  fit,
  fromJSON: (json: ModelJSON) => AveragedTrees.fromJSON(json, NAME, FORMAT),
};
