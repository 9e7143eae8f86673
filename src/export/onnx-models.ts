/**
 * Each stored model format as ai.onnx.ml nodes over the feature matrix (STYLE 7: one table
 * keyed by the format the model is stored under, so a new model kind is one entry here).
 * A regression gives its prediction (N × 1); a classifier its class probabilities (N × k) in
 * spm's class order. Models are read from their stored JSON (toJSON), checked when loaded.
 */
import type { ModelJSON, Task } from '../models/model.js';
import type { TreesJSON } from '../models/tree-json.js';
import { attr, ML_DOMAIN, type GraphBuilder } from './graph-builder.js';
import { treeAttributes } from './onnx-trees.js';
import { float32Threshold, unscaledThreshold } from './float32-threshold.js';
import type { NumericStep } from '../features/numeric.js';

export type ModelOutput = { readonly kind: 'value'; readonly value: string } | { readonly kind: 'probabilities'; readonly probabilities: string };

export interface ModelGraphInput {
  readonly json: ModelJSON;
  readonly task: Task;
  /** The feature matrix (N × width). */
  readonly matrix: string;
  readonly width: number;
  /** Classification: the number of classes. */
  readonly nClasses: number;
  /** Per feature, its numeric step when the matrix holds it unscaled (tree models), else null. */
  readonly unscaled: readonly (NumericStep | null)[];
}

type BuildModel = (g: GraphBuilder, m: ModelGraphInput) => ModelOutput;

interface ModelBuilder {
  /** Whether the model reads scaled numeric features (linear models) or unscaled ones (trees, see float32-threshold.ts). */
  readonly scaled: boolean;
  readonly build: BuildModel;
}

/** Tree thresholds in the graph's float32 features. */
function treeThreshold(m: ModelGraphInput): (feature: number, t: number) => number {
  return (feature, t) => {
    const step = m.unscaled[feature];
    return step ? unscaledThreshold(t, step.center, step.scale) : float32Threshold(t);
  };
}

const asNumbers = (v: unknown): number[] => v as number[];

/** linear and ridge: prediction = intercept + Σ coef·x. */
const linear: BuildModel = (g, m) => {
  const [value] = g.node(
    'LinearRegressor',
    [m.matrix],
    ['linear'],
    [attr.floats('coefficients', asNumbers(m.json.coef)), attr.floats('intercepts', [m.json.intercept as number]), attr.int('targets', 1)],
    ML_DOMAIN,
  );
  return { kind: 'value', value: value! };
};

/**
 * logistic: softmax of the class logits. Binary models store one logit z (class 1's log-odds);
 * softmax(0, z) = (1 − σ(z), σ(z)) is exactly their predictProba.
 */
const logistic: BuildModel = (g, m) => {
  const coefs = m.json.coefs as number[][];
  const intercepts = asNumbers(m.json.intercepts);
  const binary = m.nClasses === 2;
  const rows = binary ? [new Array<number>(m.width).fill(0), coefs[0]!] : coefs;
  const [, scores] = g.node(
    'LinearClassifier',
    [m.matrix],
    ['logistic/label', 'logistic/probabilities'],
    [
      attr.floats('coefficients', rows.flat()),
      attr.floats('intercepts', binary ? [0, intercepts[0]!] : intercepts),
      attr.ints('classlabels_ints', classIndices(m.nClasses)),
      attr.string('post_transform', 'SOFTMAX'),
    ],
    ML_DOMAIN,
  );
  return { kind: 'probabilities', probabilities: scores! };
};

/** decision_tree and random_forest: the trees' outputs averaged (class shares for a classifier). */
const averagedTrees: BuildModel = (g, m) => {
  const trees = m.json.trees as TreesJSON;
  const scale = 1 / trees.n_trees;
  if (m.task === 'regression') {
    const [value] = g.node(
      'TreeEnsembleRegressor',
      [m.matrix],
      ['trees'],
      [...treeAttributes(trees, { prefix: 'target', scale, outputOf: () => null, threshold: treeThreshold(m) }), attr.int('n_targets', 1), attr.string('aggregate_function', 'SUM')],
      ML_DOMAIN,
    );
    return { kind: 'value', value: value! };
  }
  const [, probabilities] = g.node(
    'TreeEnsembleClassifier',
    [m.matrix],
    ['trees/label', 'trees/probabilities'],
    [...treeAttributes(trees, { prefix: 'class', scale, outputOf: () => null, threshold: treeThreshold(m) }), attr.ints('classlabels_int64s', classIndices(m.nClasses)), attr.string('post_transform', 'NONE')],
    ML_DOMAIN,
  );
  return { kind: 'probabilities', probabilities: probabilities! };
};

/**
 * gradient_boosting: raw score = init + Σ trees; regression predicts it, binary reads it as
 * class 1's log-odds (softmax(0, z) as for logistic), multi-class as class scores (softmax).
 */
const boostedTrees: BuildModel = (g, m) => {
  const trees = m.json.trees as TreesJSON;
  const init = asNumbers(m.json.init);
  const treeOutput = m.json.tree_output === null ? null : asNumbers(m.json.tree_output);
  const [raw] = g.node(
    'TreeEnsembleRegressor',
    [m.matrix],
    ['boosting/raw'],
    [
      ...treeAttributes(trees, { prefix: 'target', scale: 1, outputOf: (t) => (treeOutput === null ? 0 : treeOutput[t]!), threshold: treeThreshold(m) }),
      attr.int('n_targets', init.length),
      attr.string('aggregate_function', 'SUM'),
      attr.floats('base_values', init),
    ],
    ML_DOMAIN,
  );
  if (m.task === 'regression') return { kind: 'value', value: raw! };
  let scores = raw!;
  if (m.nClasses === 2) {
    const [zero] = g.node('Sub', [raw!, raw!], ['boosting/zero']);
    scores = g.node('Concat', [zero!, raw!], ['boosting/logits'], [attr.int('axis', 1)])[0]!;
  }
  const [probabilities] = g.node('Softmax', [scores], ['boosting/probabilities'], [attr.int('axis', 1)]);
  return { kind: 'probabilities', probabilities: probabilities! };
};

const classIndices = (k: number): number[] => Array.from({ length: k }, (_, i) => i);

/** The model formats spm can export, keyed by the `format` a model is stored under. */
export const ONNX_MODEL_BUILDERS: Readonly<Record<string, ModelBuilder>> = {
  'spm.model.linear': { scaled: true, build: linear },
  'spm.model.logistic': { scaled: true, build: logistic },
  'spm.model.tree': { scaled: false, build: averagedTrees },
  'spm.model.forest': { scaled: false, build: averagedTrees },
  'spm.model.gbm': { scaled: false, build: boostedTrees },
};
