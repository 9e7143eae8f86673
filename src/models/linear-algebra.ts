/**
 * Small dense linear algebra for the linear models: weighted column means, centred cross-products
 * in one pass over the rows, and a Cholesky solver for the p × p normal equations. p (features)
 * is small (tens), n (rows) may be millions, so everything that touches n is a single tight loop
 * over the row-major Float64Array with no per-row allocation.
 */
import type { Matrix } from './matrix.js';
import type { Explanation } from './model.js';

/** Column means of X, weighted by `weight` when given (Σ wᵢxᵢⱼ / Σ wᵢ). */
export function columnMeans(X: Matrix, weight?: Float64Array): Float64Array {
  const { rows, cols, data } = X;
  const sums = new Float64Array(cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const w = weight === undefined ? 1 : weight[i]!;
    const off = i * cols;
    for (let j = 0; j < cols; j++) sums[j]! += w * data[off + j]!;
    total += w;
  }
  for (let j = 0; j < cols; j++) sums[j] = total > 0 ? sums[j]! / total : 0;
  return sums;
}

/** Weighted mean of a vector (Σ wᵢvᵢ / Σ wᵢ). */
export function weightedMean(v: Float64Array, weight?: Float64Array): number {
  let s = 0;
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const w = weight === undefined ? 1 : weight[i]!;
    s += w * v[i]!;
    total += w;
  }
  return total > 0 ? s / total : 0;
}

export interface CrossProducts {
  /** p × p row-major Σ wᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ (both triangles filled). */
  readonly gram: Float64Array;
  /** Σ wᵢ (xᵢ − x̄)(yᵢ − ȳ) (zeros when no y is given). */
  readonly xty: Float64Array;
  /** Σ wᵢ (xᵢ − x̄): zero for weighted means, the intercept cross-terms of a Hessian otherwise. */
  readonly xw: Float64Array;
}

/** Rows per block in `centredCrossProducts`: a block's columns (2·p·512 doubles) stay in L2. */
const BLOCK_ROWS = 512;

/**
 * Centred, weighted XᵀX and Xᵀy in one pass over the rows. Centring before accumulating (rather
 * than subtracting n·x̄x̄ᵀ afterwards) avoids cancellation when means are large relative to spread.
 * Rows are processed in blocks transposed to column-major scratch arrays, so each entry of the
 * Gram matrix is a dot product of two contiguous vectors with its sum held in a register: about
 * 2–3 times faster than updating p² accumulators per row.
 */
export function centredCrossProducts(
  X: Matrix,
  y: Float64Array | undefined,
  xMean: Float64Array,
  yMean: number,
  weight?: Float64Array,
): CrossProducts {
  const { rows, cols: p, data } = X;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const xw = new Float64Array(p);
  const cols = new Float64Array(p * BLOCK_ROWS); // centred x, column j at j * BLOCK_ROWS
  // w · centred x; unweighted fits share the one array (and skip the second write).
  const weighted = weight === undefined ? cols : new Float64Array(p * BLOCK_ROWS);
  const yc = new Float64Array(BLOCK_ROWS);
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const len = Math.min(BLOCK_ROWS, rows - start);
    for (let r = 0; r < len; r++) {
      const i = start + r;
      const off = i * p;
      yc[r] = y === undefined ? 0 : y[i]! - yMean;
      for (let j = 0; j < p; j++) cols[j * BLOCK_ROWS + r] = data[off + j]! - xMean[j]!;
      if (weight !== undefined) {
        const w = weight[i]!;
        for (let j = 0; j < p; j++) weighted[j * BLOCK_ROWS + r] = w * cols[j * BLOCK_ROWS + r]!;
      }
    }
    for (let j = 0; j < p; j++) {
      const a = j * BLOCK_ROWS;
      let sy = 0;
      let sw = 0;
      for (let r = 0; r < len; r++) {
        sy += weighted[a + r]! * yc[r]!;
        sw += weighted[a + r]!;
      }
      xty[j]! += sy;
      xw[j]! += sw;
      let k = j;
      // Four Gram entries per sweep: one load of column j serves four products.
      for (; k + 3 < p; k += 4) {
        const b0 = k * BLOCK_ROWS;
        const b1 = b0 + BLOCK_ROWS;
        const b2 = b1 + BLOCK_ROWS;
        const b3 = b2 + BLOCK_ROWS;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let r = 0; r < len; r++) {
          const v = weighted[a + r]!;
          s0 += v * cols[b0 + r]!;
          s1 += v * cols[b1 + r]!;
          s2 += v * cols[b2 + r]!;
          s3 += v * cols[b3 + r]!;
        }
        gram[j * p + k]! += s0;
        gram[j * p + k + 1]! += s1;
        gram[j * p + k + 2]! += s2;
        gram[j * p + k + 3]! += s3;
      }
      for (; k < p; k++) {
        const b = k * BLOCK_ROWS;
        let s = 0;
        for (let r = 0; r < len; r++) s += weighted[a + r]! * cols[b + r]!;
        gram[j * p + k]! += s;
      }
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) gram[j * p + k] = gram[k * p + j]!;
  return { gram, xty, xw };
}

/**
 * In-place Cholesky factorisation A = L Lᵀ of a symmetric p × p row-major matrix (lower triangle
 * of `a` becomes L; the upper triangle is left untouched). Returns false when A is not positive
 * definite. Golub & Van Loan, Matrix Computations, Algorithm 4.2.1.
 */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= a[j * p + k]! * a[j * p + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b given the factor from `choleskyInPlace` (forward then back substitution). */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/**
 * Solves (A + shift·I) x = b for symmetric positive semi-definite A. When the factorisation
 * fails (A singular and shift 0, or rounding makes a pivot non-positive) the shift grows from
 * 1e-12·trace(A)/p by factors of 100, a Levenberg–Marquardt style fallback that always
 * terminates with a usable, slightly regularised solution. A is not modified.
 *
 * `refine` > 0 then runs that many steps of iterated Tikhonov regularisation towards A x = b
 * itself: x ← x + (A + shift·I)⁻¹ (b − A x). Started from the shifted solution this converges to
 * the minimum-norm solution A⁺b, shrinking the shift's bias by a factor shift/λ per step
 * (Engl, Hanke & Neubauer, Regularization of Inverse Problems, §5.1).
 */
export function solveSymmetric(a: Float64Array, p: number, b: Float64Array, shift = 0, refine = 0): Float64Array {
  if (p === 0) return new Float64Array(0);
  let trace = 0;
  for (let j = 0; j < p; j++) trace += Math.abs(a[j * p + j]!);
  const scale = trace > 0 ? trace / p : 1;
  let extra = 0;
  for (let attempt = 0; attempt < 30; attempt++) {
    const l = Float64Array.from(a);
    for (let j = 0; j < p; j++) l[j * p + j]! += shift + extra;
    if (!choleskyInPlace(l, p)) {
      extra = extra === 0 ? 1e-12 * scale : extra * 100;
      continue;
    }
    const x = choleskySolve(l, p, b);
    const r = new Float64Array(p);
    for (let step = 0; step < refine; step++) {
      for (let i = 0; i < p; i++) {
        let s = b[i]!;
        for (let k = 0; k < p; k++) s -= a[i * p + k]! * x[k]!;
        r[i] = s;
      }
      const dx = choleskySolve(l, p, r);
      for (let i = 0; i < p; i++) x[i]! += dx[i]!;
    }
    return x;
  }
  throw new Error('solveSymmetric: matrix is not positive semi-definite (non-finite input?)');
}

/** Row-wise dot products: out[i] = intercept + Σⱼ X[i, j]·coef[j]. */
export function linearPredictor(X: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let s = intercept;
    for (let j = 0; j < cols; j++) s += data[off + j]! * coef[j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Additive explanation of a linear score around a reference point (the training means):
 * for row i explained with coefficient set k = pick(i),
 *   base[i] = intercept[k] + Σⱼ coef[k][j]·mean[j],  values[i, j] = coef[k][j]·(x[i, j] − mean[j]),
 * so base[i] + Σⱼ values[i, j] = intercept[k] + Σⱼ coef[k][j]·x[i, j] (the score itself).
 */
export function explainLinear(
  X: Matrix,
  coefs: readonly Float64Array[],
  intercepts: readonly number[],
  means: Float64Array,
  pick: (row: number) => number,
  scale: Explanation['scale'],
): Explanation {
  const { rows, cols, data } = X;
  const bases = coefs.map((coef, k) => {
    let s = intercepts[k]!;
    for (let j = 0; j < cols; j++) s += coef[j]! * means[j]!;
    return s;
  });
  const base = new Float64Array(rows);
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const k = pick(i);
    const coef = coefs[k]!;
    base[i] = bases[k]!;
    const off = i * cols;
    for (let j = 0; j < cols; j++) values[off + j] = coef[j]! * (data[off + j]! - means[j]!);
  }
  return { base, values: { rows, cols, data: values }, scale };
}
