/**
 * The internal validation split early stopping scores on (scikit-learn's GradientBoosting*
 * `validation_fraction`: train_test_split(..., test_size=validation_fraction,
 * stratify=y for classifiers)). Deterministic: the rows are shuffled by the model's seeded
 * generator, per class for classification so every class keeps its share on both sides.
 */
import type { Rng } from '../util/rng.js';
import type { Task } from './model.js';

export interface ValidationSplit {
  /** Rows the trees are fitted on, ascending. */
  readonly fit: Uint32Array;
  /** Rows the stopping rule scores, ascending. */
  readonly validation: Uint32Array;
}

/** Fisher–Yates shuffle of a copy. */
function shuffled(rows: readonly number[], rng: Rng): number[] {
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/**
 * Holds out ceil(fraction · n) rows (scikit-learn's test-size rounding), split across classes in
 * proportion for classification; at least one row stays on each side.
 */
export function validationSplit(rows: Uint32Array, y: Float64Array, task: Task, fraction: number, rng: Rng): ValidationSplit {
  const strata = new Map<number, number[]>();
  for (const r of rows) {
    const key = task === 'classification' ? y[r]! : 0;
    const list = strata.get(key) ?? [];
    list.push(r);
    strata.set(key, list);
  }
  const target = Math.min(rows.length - 1, Math.max(1, Math.ceil(fraction * rows.length)));
  const held: number[] = [];
  const kept: number[] = [];
  let remaining = target;
  let left = rows.length;
  // Classes in ascending order; each takes its proportional share of what is still to hold out.
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const list = shuffled(strata.get(key)!, rng);
    const take = Math.min(list.length, Math.round((remaining * list.length) / left));
    held.push(...list.slice(0, take));
    kept.push(...list.slice(take));
    remaining -= take;
    left -= list.length;
  }
  return { fit: Uint32Array.from(kept).sort(), validation: Uint32Array.from(held).sort() };
}
