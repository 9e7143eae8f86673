/**
 * The feature pipeline (src/features) as ONNX nodes, one block per input column in the
 * transformer's order, concatenated into the model's input matrix (N × features, float32).
 *
 * Numeric column (float32 [N, 1]; NaN is missing): Imputer (NaN → the fitted value), Clip to
 * the fitted bounds when there are any, Scaler ((x − center) · 1/scale), exactly applyNumeric's
 * order. Categorical column (string [N, 1]): LabelEncoder maps each text to its level index —
 * infrequent train categories to `__other__`'s, spm's missing tokens (MISSING_TOKENS: '', NA,
 * NaN, null…) to the missing level's — and anything else (an unseen category, or missing
 * without a level) to −1, which OneHotEncoder(zeros=1) turns into an all-zero block: what
 * codeMap/applyCategorical do.
 */
import { MISSING_TOKENS } from '../data/schema.js';
import { OTHER_LEVEL, RESERVED_LEVELS, type CategoricalStep } from '../features/categorical.js';
import type { NumericStep } from '../features/numeric.js';
import type { FittedTransformer } from '../features/transformer.js';
import { attr, ML_DOMAIN, type GraphBuilder } from './graph-builder.js';
import type { ValueInfo } from './onnx-proto.js';

export interface FeatureGraph {
  /** Per output feature: its numeric step (for tree thresholds), or null for a one-hot feature. */
  readonly numeric: readonly (NumericStep | null)[];
  /** One graph input per feature column, named as the column. */
  readonly inputs: ValueInfo[];
  /** The N × width float matrix the model reads. */
  readonly matrix: string;
  readonly width: number;
}

/**
 * `scaled` false leaves numeric features unscaled (imputed and clipped only): tree models
 * compare them with thresholds moved to that scale (float32-threshold.ts).
 */
export function buildFeatures(g: GraphBuilder, t: FittedTransformer, scaled: boolean): FeatureGraph {
  const inputs: ValueInfo[] = [];
  const blocks: string[] = [];
  const numeric: (NumericStep | null)[] = [];
  for (const step of t.inputs) {
    const input = g.reserve(step.name);
    if (step.kind === 'numeric') {
      inputs.push({ name: input, type: 'float', shape: ['N', 1], doc: 'numeric feature; NaN is a missing value' });
      blocks.push(numericBlock(g, step, input, scaled));
      numeric.push(step);
    } else {
      inputs.push({ name: input, type: 'string', shape: ['N', 1], doc: `categorical feature; ${[...MISSING_TOKENS].map((s) => JSON.stringify(s)).join(', ')} are missing values` });
      if (step.levels.length > 0) blocks.push(categoricalBlock(g, step, input));
      for (const _ of step.levels) numeric.push(null);
    }
  }
  const [matrix] = g.node('Concat', blocks, ['features'], [attr.int('axis', 1)]);
  return { inputs, matrix: matrix!, width: t.featureNames.length, numeric };
}

function numericBlock(g: GraphBuilder, step: NumericStep, input: string, scaled: boolean): string {
  const [imputed] = g.node('Imputer', [input], [`${step.name}/imputed`], [attr.floats('imputed_value_floats', [step.impute]), attr.float('replaced_value_float', NaN)], ML_DOMAIN);
  let value = imputed!;
  if (step.clip !== null) {
    const low = g.floats(`${step.name}/clip_low`, [], [step.clip[0]]);
    const high = g.floats(`${step.name}/clip_high`, [], [step.clip[1]]);
    value = g.node('Clip', [value, low, high], [`${step.name}/clipped`])[0]!;
  }
  if (!scaled) return value;
  return g.node('Scaler', [value], [`${step.name}/scaled`], [attr.floats('offset', [step.center]), attr.floats('scale', [1 / step.scale])], ML_DOMAIN)[0]!;
}

function categoricalBlock(g: GraphBuilder, step: CategoricalStep, input: string): string {
  const keys: string[] = [];
  const values: number[] = [];
  step.levels.forEach((level, i) => {
    if (RESERVED_LEVELS.has(level)) return;
    keys.push(level);
    values.push(i);
  });
  const other = step.levels.indexOf(OTHER_LEVEL);
  for (const text of step.infrequent) {
    keys.push(text);
    values.push(other);
  }
  if (step.missingLevel !== null) {
    const missing = step.levels.indexOf(step.missingLevel);
    for (const token of MISSING_TOKENS) {
      keys.push(token);
      values.push(missing);
    }
  }
  const [level] = g.node(
    'LabelEncoder',
    [input],
    [`${step.name}/level`],
    [attr.strings('keys_strings', keys), attr.ints('values_int64s', values), attr.int('default_int64', -1)],
    ML_DOMAIN,
  );
  const levels = step.levels.map((_, i) => i);
  const [onehot] = g.node('OneHotEncoder', [level!], [`${step.name}/onehot`], [attr.ints('cats_int64s', levels), attr.int('zeros', 1)], ML_DOMAIN);
  const shape = g.ints(`${step.name}/shape`, [2], [-1, levels.length]);
  const [block] = g.node('Reshape', [onehot!, shape], [`${step.name}/block`]);
  return block!;
}
