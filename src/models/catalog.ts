/**
 * The model table (STYLE 7): every model spm can train (SPEC §3 train.models), with its
 * factory, its default grid (also what the list form `[linear, ridge]` expands to) and the
 * rough relative cost of one fit (parallel CV starts the slowest tasks first and decides on
 * workers by it). Adding a model means adding one line here: the params schema takes its names
 * and grids from this table, the registry its factories and formats, parallel CV its costs.
 */
import { decisionTreeFactory } from './decision-tree.js';
import { gradientBoostingFactory } from './gradient-boosting.js';
import type { ModelGrid } from './grid.js';
import { linearFactory, ridgeFactory } from './linear.js';
import { logisticFactory } from './logistic.js';
import type { ModelFactory } from './model.js';
import { randomForestFactory } from './random-forest.js';

export interface CatalogEntry {
  readonly factory: ModelFactory;
  readonly grid: ModelGrid;
  /** Relative cost of one fit, per 100 estimators for ensembles. */
  readonly cost: number;
}

export const MODEL_CATALOG = {
  linear: { factory: linearFactory, grid: {}, cost: 0.2 },
  ridge: { factory: ridgeFactory, grid: { alpha: [0.1, 1, 10] }, cost: 0.2 },
  logistic: { factory: logisticFactory, grid: { C: [0.1, 1, 10] }, cost: 2 },
  decision_tree: { factory: decisionTreeFactory, grid: { max_depth: [4, 6, 8], min_samples_leaf: [5, 20] }, cost: 1 },
  random_forest: { factory: randomForestFactory, grid: { n_estimators: [200], max_depth: [10] }, cost: 40 },
  gradient_boosting: { factory: gradientBoostingFactory, grid: { n_estimators: [300], learning_rate: [0.05], max_depth: [3] }, cost: 20 },
} as const satisfies Readonly<Record<string, CatalogEntry>>;

export type ModelName = keyof typeof MODEL_CATALOG;
export const MODEL_NAMES = Object.keys(MODEL_CATALOG) as readonly ModelName[];
export const isModelName = (s: string): s is ModelName => Object.hasOwn(MODEL_CATALOG, s);

/** Each model's default grid, by name. */
export const DEFAULT_MODEL_GRIDS: Readonly<Record<ModelName, ModelGrid>> = Object.fromEntries(MODEL_NAMES.map((name) => [name, MODEL_CATALOG[name].grid])) as Record<ModelName, ModelGrid>;
