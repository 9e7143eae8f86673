/**
 * From class probabilities to a class: binary tasks compare the positive class's probability
 * with the decision threshold (evaluate.threshold); multi-class tasks take the most probable
 * class. Evaluate and predict both decide here, so their labels always agree.
 */
import type { Matrix } from './matrix.js';

export function decideClasses(proba: Matrix, positiveIndex: number | undefined, threshold: number): Float64Array {
  const out = new Float64Array(proba.rows);
  const k = proba.cols;
  if (k === 2 && positiveIndex !== undefined) {
    const negative = 1 - positiveIndex;
    for (let i = 0; i < proba.rows; i++) out[i] = proba.data[i * 2 + positiveIndex]! >= threshold ? positiveIndex : negative;
    return out;
  }
  for (let i = 0; i < proba.rows; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (proba.data[i * k + j]! > proba.data[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** Column `j` of a matrix (e.g. one class's probabilities). */
export function matrixColumn(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}
