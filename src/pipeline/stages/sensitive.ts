/**
 * Which columns evaluate reports fairness for (evaluate.sensitive): 'auto' takes the
 * demographic columns the data has; a list names them, each checked against the schema.
 * A sensitive column need not be a feature: a column in data.drop (left out of the model on
 * purpose) is the very case where its fairness matters, and it is read back from the splits.
 */
import { DEMOGRAPHIC_COLUMNS } from '../../metrics/fairness.js';
import type { Schema } from '../../data/schema.js';
import type { ColumnSpec } from '../../data/to-table.js';
import { SpmError } from '../../errors.js';

export function sensitiveColumns(schema: Schema, setting: 'auto' | readonly string[]): string[] {
  if (setting === 'auto') {
    const demographic = new Set<string>(DEMOGRAPHIC_COLUMNS);
    return schema.columns
      .filter((c) => c.type === 'categorical' && (c.role === 'feature' || c.role === 'dropped') && demographic.has(c.name.toLowerCase()))
      .map((c) => c.name);
  }
  return setting.map((name) => {
    const column = schema.columns.find((c) => c.name === name);
    const hint = `evaluate.sensitive lists categorical columns of the data; the columns are: ${schema.columns.map((c) => c.name).join(', ')}`;
    if (!column) throw new SpmError('PARAMS_INVALID', `evaluate.sensitive: no column '${name}' in the data`, { hint });
    if (column.role === 'target') throw new SpmError('PARAMS_INVALID', `evaluate.sensitive: '${name}' is the target`, { hint });
    if (column.role === 'id') throw new SpmError('PARAMS_INVALID', `evaluate.sensitive: '${name}' is an id column (one group per student)`, { hint });
    if (column.type !== 'categorical') {
      throw new SpmError('PARAMS_INVALID', `evaluate.sensitive: '${name}' is numeric; fairness compares groups of a categorical column`, {
        hint: 'bin it into a categorical column in the data (e.g. age_band), or leave it out of evaluate.sensitive',
      });
    }
    return name;
  });
}

/** Column specs to read the sensitive columns that are not features (dropped ones), as open text columns. */
export function extraSpecs(schema: Schema, names: readonly string[]): ColumnSpec[] {
  return names
    .filter((name) => schema.columns.find((c) => c.name === name)?.role !== 'feature')
    .map((name) => ({ name, type: 'categorical' as const, dictionary: [] }));
}
