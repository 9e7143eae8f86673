/**
 * Which columns evaluate reports fairness for (evaluate.sensitive): 'auto' takes the
 * demographic columns the data has; a list names them, each checked against the schema.
 * A sensitive column need not be a feature: a column in data.drop (left out of the model on
 * purpose) is the very case where its fairness matters, and it is read back from the splits
 * (nonFeatureSpecs).
 */
import { DEMOGRAPHIC_COLUMNS } from '../../metrics/fairness.js';
import type { Schema } from '../../data/schema.js';
import { paramColumns } from './param-columns.js';

export function sensitiveColumns(schema: Schema, setting: 'auto' | readonly string[]): string[] {
  if (setting === 'auto') {
    const demographic = new Set<string>(DEMOGRAPHIC_COLUMNS);
    return schema.columns
      .filter((c) => c.type === 'categorical' && (c.role === 'feature' || c.role === 'dropped') && demographic.has(c.name.toLowerCase()))
      .map((c) => c.name);
  }
  return paramColumns(schema, setting, {
    key: 'evaluate.sensitive',
    type: 'categorical',
    hint: `evaluate.sensitive lists categorical columns of the data; the columns are: ${schema.columns.map((c) => c.name).join(', ')}`,
    why: { target: '', id: ' (one group per student)', type: 'fairness compares groups of a categorical column' },
    typeHint: 'bin it into a categorical column in the data (e.g. age_band), or leave it out of evaluate.sensitive',
  });
}
