/**
 * The loss early stopping watches on the validation rows, as scikit-learn 1.2.1's
 * GradientBoosting* computes it (sklearn/ensemble/_gb_losses.py, `__call__`), so `tol` means
 * what it means there:
 *   squared error: Σw(y − f)² / Σw;
 *   binomial deviance: −2 · Σw(y·f − log(1 + e^f)) / Σw;
 *   multinomial deviance: Σw(logsumexp(f) − f_y) / Σw.
 */
import type { Task } from './model.js';

/** log(1 + e^z) without overflow (numpy's logaddexp(0, z)). */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** The weighted loss of raw scores (rows × outputs) over `rows`. */
export function boostingLoss(task: Task, outputs: number, y: Float64Array, raw: Float64Array, w: Float64Array | undefined, rows: Uint32Array): number {
  let sum = 0;
  let total = 0;
  for (const r of rows) {
    const wr = w === undefined ? 1 : w[r]!;
    let loss: number;
    if (task === 'regression') loss = (y[r]! - raw[r]!) ** 2;
    else if (outputs === 1) loss = -2 * (y[r]! * raw[r]! - softplus(raw[r]!));
    else {
      let max = -Infinity;
      for (let k = 0; k < outputs; k++) max = Math.max(max, raw[r * outputs + k]!);
      let s = 0;
      for (let k = 0; k < outputs; k++) s += Math.exp(raw[r * outputs + k]! - max);
      loss = max + Math.log(s) - raw[r * outputs + y[r]!]!;
    }
    sum += wr * loss;
    total += wr;
  }
  return sum / total;
}
