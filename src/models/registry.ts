/**
 * The model table (STYLE 7): every model name of SPEC §3 mapped to its factory. Adding a model
 * means adding one line here.
 */
import { SpmError } from '../errors.js';
import { decisionTreeFactory } from './decision-tree.js';
import { gradientBoostingFactory } from './gradient-boosting.js';
import { linearFactory, ridgeFactory } from './linear.js';
import { logisticFactory } from './logistic.js';
import type { Model, ModelFactory, ModelJSON } from './model.js';
import { randomForestFactory } from './random-forest.js';

export const MODEL_FACTORIES: Readonly<Record<string, ModelFactory>> = {
  linear: linearFactory,
  ridge: ridgeFactory,
  logistic: logisticFactory,
  decision_tree: decisionTreeFactory,
  random_forest: randomForestFactory,
  gradient_boosting: gradientBoostingFactory,
};

/** Which factory restores a serialised model, by its `format`. */
const BY_FORMAT: Readonly<Record<string, ModelFactory>> = {
  'spm.model.linear': linearFactory,
  'spm.model.logistic': logisticFactory,
  'spm.model.tree': decisionTreeFactory,
  'spm.model.forest': randomForestFactory,
  'spm.model.gbm': gradientBoostingFactory,
};

export function getFactory(name: string): ModelFactory {
  const factory = MODEL_FACTORIES[name];
  if (!factory) throw new SpmError('UNKNOWN_MODEL', `unknown model '${name}'`, { hint: `models: ${Object.keys(MODEL_FACTORIES).join(', ')}` });
  return factory;
}

/** Restores a model from its stored JSON (a JSON artifact, never code). */
export function modelFromJSON(json: unknown, where: string): Model {
  const format = (json as { format?: unknown } | null)?.format;
  const factory = typeof format === 'string' ? BY_FORMAT[format] : undefined;
  if (!factory) {
    throw new SpmError('ARTIFACT_CORRUPT', `${where} is not a model spm can read (format ${JSON.stringify(format)})`, {
      hint: 'rebuild it with `spm train --force`',
    });
  }
  try {
    return factory.fromJSON(json as ModelJSON);
  } catch (e) {
    if (e instanceof SpmError) throw e;
    throw new SpmError('ARTIFACT_CORRUPT', `${where} is damaged: ${(e as Error).message}`, { hint: 'rebuild it with `spm train --force`' });
  }
}
