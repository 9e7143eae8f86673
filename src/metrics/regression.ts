/**
 * Regression metrics on Float64Array inputs, each with optional sample weights, defined as in
 * scikit-learn's sklearn.metrics (mean_squared_error(squared=False), mean_absolute_error,
 * r2_score).
 */

function checkLengths(yTrue: Float64Array, yPred: Float64Array, weight?: Float64Array): void {
  if (yPred.length !== yTrue.length || (weight !== undefined && weight.length !== yTrue.length)) {
    throw new Error(`metric inputs differ in length: ${yTrue.length}, ${yPred.length}, ${weight?.length ?? '-'}`);
  }
}

/** Root mean squared error √(Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ). NaN for empty input. */
export function rmse(yTrue: Float64Array, yPred: Float64Array, weight?: Float64Array): number {
  checkLengths(yTrue, yPred, weight);
  let s = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weight === undefined ? 1 : weight[i]!;
    const d = yTrue[i]! - yPred[i]!;
    s += w * d * d;
    total += w;
  }
  return Math.sqrt(s / total);
}

/** Mean absolute error Σ wᵢ|yᵢ − ŷᵢ| / Σ wᵢ. NaN for empty input. */
export function mae(yTrue: Float64Array, yPred: Float64Array, weight?: Float64Array): number {
  checkLengths(yTrue, yPred, weight);
  let s = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weight === undefined ? 1 : weight[i]!;
    s += w * Math.abs(yTrue[i]! - yPred[i]!);
    total += w;
  }
  return s / total;
}

/**
 * Coefficient of determination R² = 1 − Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ(yᵢ − ȳ)². When y is constant
 * (denominator 0) it is 1 for a perfect prediction and 0 otherwise, like sklearn's
 * r2_score(force_finite=True).
 */
export function r2(yTrue: Float64Array, yPred: Float64Array, weight?: Float64Array): number {
  checkLengths(yTrue, yPred, weight);
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weight === undefined ? 1 : weight[i]!;
    sw += w;
    swy += w * yTrue[i]!;
  }
  const mean = swy / sw;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weight === undefined ? 1 : weight[i]!;
    const r = yTrue[i]! - yPred[i]!;
    const d = yTrue[i]! - mean;
    ssRes += w * r * r;
    ssTot += w * d * d;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
