/**
 * Expands `train.models` grids into candidate (model, hyper-parameters) pairs, in a fixed
 * order (the order the user wrote models and values), and checks hyper-parameter names
 * against each model's defaults.
 */
import { SpmError } from '../errors.js';
import { nearest } from '../util/nearest.js';
import type { HyperParams, Task } from './model.js';
import { getFactory } from './registry.js';

/** One hyper-parameter's entry in a model's grid (train.models): a fixed value, or the values to search. */
export type GridEntry = HyperParams[string] | readonly HyperParams[string][];
/** A model's grid: hyper-parameter name → entry. */
export type ModelGrid = Readonly<Record<string, GridEntry>>;

export interface Candidate {
  readonly model: string;
  /** Only the hyper-parameters the grid names (what users see and compare). */
  readonly params: HyperParams;
  /** The fit's class weights when they are searched too (train.class_weight: auto); else the search's. */
  readonly classWeight?: 'none' | 'balanced';
}

export interface ExpandOptions {
  readonly task: Task;
  /** The user set train.models: a model that cannot do the task is an error, not skipped. */
  readonly explicit: boolean;
}

export function expandGrids(models: Readonly<Record<string, ModelGrid>>, options: ExpandOptions): Candidate[] {
  const out: Candidate[] = [];
  for (const [model, grid] of Object.entries(models)) {
    const factory = getFactory(model);
    if (!factory.tasks.includes(options.task)) {
      if (!options.explicit) continue;
      const alternative = options.task === 'classification' ? 'logistic' : 'linear or ridge';
      throw new SpmError('PARAMS_INVALID', `train.models.${model}: ${model} does not do ${options.task}`, {
        hint: `remove it from train.models, or use ${alternative}`,
      });
    }
    const known = Object.keys(factory.defaults);
    for (const name of Object.keys(grid)) {
      if (!known.includes(name)) {
        const near = nearest(name, known);
        throw new SpmError('PARAMS_INVALID', `train.models.${model}.${name}: ${model} has no hyper-parameter '${name}'${near ? ` — did you mean '${near}'?` : ''}`, {
          hint: known.length ? `${model} takes: ${known.join(', ')}` : `${model} takes no hyper-parameters: use {}`,
        });
      }
    }
    let combos: Record<string, string | number | boolean | null>[] = [{}];
    for (const [name, value] of Object.entries(grid)) {
      const values = Array.isArray(value) ? value : [value as string | number | boolean | null];
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
    }
    for (const params of combos) out.push({ model, params });
  }
  if (out.length === 0) {
    throw new SpmError('PARAMS_INVALID', `train.models has no model that does ${options.task}`, {
      hint: options.task === 'classification' ? "e.g. -S 'train.models=[logistic, decision_tree]'" : "e.g. -S 'train.models=[linear, ridge]'",
    });
  }
  return out;
}
