/**
 * Factories by model name and by stored format, both read off the model table (catalog.ts).
 */
import { SpmError } from '../errors.js';
import { CALIBRATED_FORMAT, CalibratedModel } from './calibrated-model.js';
import { MODEL_CATALOG, MODEL_NAMES } from './catalog.js';
import { corrupt } from './tree-json.js';
import type { Model, ModelFactory, ModelJSON } from './model.js';
import { SELECTED_FORMAT, selectedFromJSON } from './selected-model.js';

export const MODEL_FACTORIES: Readonly<Record<string, ModelFactory>> = Object.fromEntries(MODEL_NAMES.map((name) => [name, MODEL_CATALOG[name].factory]));

/** Which factory restores a serialised model, by its `format` (linear and ridge share one, and read it alike). */
const BY_FORMAT = new Map<string, ModelFactory>();
for (const name of MODEL_NAMES) {
  const { factory } = MODEL_CATALOG[name];
  if (!BY_FORMAT.has(factory.format)) BY_FORMAT.set(factory.format, factory);
}

export function getFactory(name: string): ModelFactory {
  const factory = MODEL_FACTORIES[name];
  if (!factory) throw new SpmError('PARAMS_INVALID', `unknown model '${name}'`, { hint: `models: ${MODEL_NAMES.join(', ')}` });
  return factory;
}

/** Restores a model from its stored JSON (a JSON artifact, never code). */
export function modelFromJSON(json: unknown, where: string): Model {
  const format = (json as { format?: unknown } | null)?.format;
  if (format === SELECTED_FORMAT) return restoreOrCorrupt(where, () => selectedFromJSON(json as ModelJSON, (inner) => modelFromJSON(inner, where)));
  if (format === CALIBRATED_FORMAT) {
    // a calibrated model holds the model it calibrates (calibrated-model.ts)
    return CalibratedModel.fromJSON(json as ModelJSON, (inner) => {
      if ((inner as { format?: unknown } | null)?.format === CALIBRATED_FORMAT) throw corrupt(CALIBRATED_FORMAT, 'it holds another calibrated model');
      return modelFromJSON(inner, where);
    });
  }
  const factory = typeof format === 'string' ? BY_FORMAT.get(format) : undefined;
  if (!factory) {
    throw new SpmError('ARTIFACT_CORRUPT', `${where} is not a model spm can read (format ${JSON.stringify(format)})`, {
      hint: 'rebuild it with `spm train --force`',
    });
  }
  return restoreOrCorrupt(where, () => factory.fromJSON(json as ModelJSON));
}

function restoreOrCorrupt(where: string, restore: () => Model): Model {
  try {
    return restore();
  } catch (e) {
    if (e instanceof SpmError) throw e;
    throw new SpmError('ARTIFACT_CORRUPT', `${where} is damaged: ${(e as Error).message}`, { hint: 'rebuild it with `spm train --force`' });
  }
}
