/**
 * Isotonic calibration as scikit-learn's IsotonicRegression(out_of_bounds='clip') fits and
 * applies it (sklearn/isotonic.py): scores sorted, equal scores merged into their mean target,
 * the pool-adjacent-violators algorithm (Ayer et al. 1955) for the non-decreasing least-squares
 * fit, then linear interpolation between the fitted points, with scores outside the fitted
 * range clipped to its ends.
 */

export interface IsotonicFit {
  /** Distinct scores, ascending. */
  readonly x: readonly number[];
  /** The fitted, non-decreasing value at each x. */
  readonly y: readonly number[];
}

/** Fits on scores f and targets y (0/1 for calibration). */
export function fitIsotonic(f: Float64Array, y: ArrayLike<number>): IsotonicFit {
  const order = Array.from(f.keys()).sort((i, j) => f[i]! - f[j]! || y[i]! - y[j]!);
  // merge equal scores: their mean target, their count as weight
  const xs: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === f[i]) {
      means[last] = means[last]! + (y[i]! - means[last]!) / (weights[last]! + 1);
      weights[last] = weights[last]! + 1;
    } else {
      xs.push(f[i]!);
      means.push(y[i]!);
      weights.push(1);
    }
  }
  // pool adjacent violators: blocks of (mean, weight, length), merged while they decrease
  const bm: number[] = [];
  const bw: number[] = [];
  const bl: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    let m = means[i]!;
    let w = weights[i]!;
    let l = 1;
    while (bm.length > 0 && bm[bm.length - 1]! >= m) {
      const pm = bm.pop()!;
      const pw = bw.pop()!;
      m = (pm * pw + m * w) / (pw + w);
      w += pw;
      l += bl.pop()!;
    }
    bm.push(m);
    bw.push(w);
    bl.push(l);
  }
  const fitted: number[] = [];
  bm.forEach((m, b) => {
    for (let k = 0; k < bl[b]!; k++) fitted.push(m);
  });
  return { x: xs, y: fitted };
}

/** The fitted value at score f: interpolated between fitted points, clipped to the fitted range. */
export function applyIsotonic(fit: IsotonicFit, f: number): number {
  const { x, y } = fit;
  const n = x.length;
  if (n === 1 || !(f > x[0]!)) return y[0]!;
  if (f >= x[n - 1]!) return y[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= f) lo = mid;
    else hi = mid;
  }
  // scipy's interp1d arithmetic, in its order: slope · (f − x_lo) + y_lo
  return ((y[hi]! - y[lo]!) / (x[hi]! - x[lo]!)) * (f - x[lo]!) + y[lo]!;
}
