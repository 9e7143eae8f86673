/**
 * decision_tree: one CART tree (Breiman et al. 1984) grown by the histogram kernel
 * (tree-kernel.ts): squared error for regression, Gini for classification, class probabilities
 * = weighted class shares in the leaf, as scikit-learn's DecisionTreeRegressor/Classifier.
 */
import { binMatrix } from './binning.js';
import type { FitData, HyperParams, Model, ModelFactory, ModelJSON, Task } from './model.js';
import { createRng } from '../util/rng.js';
import { AveragedTrees } from './tree-average-model.js';
import { packTrees } from './tree-ensemble.js';
import { growTree } from './tree-kernel.js';
import { depthParam, intParam, maxFeaturesParam, prepareFit, withDefaults } from './tree-params.js';

const NAME = 'decision_tree';
const FORMAT = 'spm.model.tree';
const TASKS: readonly Task[] = ['regression', 'classification'];

const DEFAULTS: HyperParams = {
  /** null = unlimited (capped at DEPTH_CAP). */
  max_depth: null,
  min_samples_leaf: 1,
  min_samples_split: 2,
  /** null = all features; see maxFeaturesParam. */
  max_features: null,
};

function fit(data: FitData, task: Task, input: HyperParams): Model {
  const params = withDefaults(NAME, DEFAULTS, input);
  const maxDepth = depthParam(NAME, params);
  const minSamplesLeaf = intParam(NAME, params, 'min_samples_leaf', 1)!;
  const minSamplesSplit = intParam(NAME, params, 'min_samples_split', 2)!;
  const maxFeatures = maxFeaturesParam(NAME, params, data.X.cols);
  const { target, rows, nClasses } = prepareFit(NAME, TASKS, data, task);
  const binned = binMatrix(data.X);
  const tree = growTree(binned, target, data.sampleWeight ?? null, rows, {
    maxDepth, minSamplesLeaf, minSamplesSplit, maxFeatures, rng: createRng(data.seed),
  });
  return new AveragedTrees({
    name: NAME, format: FORMAT, task, params, nFeatures: data.X.cols, nClasses,
    trees: packTrees([tree], task === 'classification' ? nClasses : 1),
  });
}

export const decisionTreeFactory: ModelFactory = {
  name: NAME,
  format: FORMAT,
  tasks: TASKS,
  defaults: DEFAULTS,
  fit,
  fromJSON: (json: ModelJSON) => AveragedTrees.fromJSON(json, NAME, FORMAT),
};
