/**
 * Platt scaling (Platt 1999, "Probabilistic outputs for support vector machines"), as
 * scikit-learn's `_sigmoid_calibration` fits it (sklearn/calibration.py): P(y = 1 | f) =
 * 1 / (1 + exp(a·f + b)), minimising the log loss against smoothed targets — positives
 * (N₊ + 1) / (N₊ + 2), negatives 1 / (N₋ + 2) — from a = 0, b = log((N₋ + 1) / (N₊ + 1)).
 * scikit-learn stops BFGS at a gradient norm of 1e-5; the problem is convex in (a, b), so Newton's
 * method with a halving line search reaches the same minimum, to rounding.
 */

export interface SigmoidFit {
  readonly a: number;
  readonly b: number;
}

/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Fits (a, b) on scores f and 0/1 targets. */
export function fitSigmoid(f: Float64Array, y: Uint8Array): SigmoidFit {
  const n = f.length;
  let prior1 = 0;
  for (const v of y) prior1 += v;
  const prior0 = n - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  // loss(a, b) = Σ softplus(r) − t·r with r = −(a·f + b): the binomial loss of P = σ(r)
  const loss = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = -(a * f[i]! + b);
      s += softplus(r) - (y[i] ? hi : lo) * r;
    }
    return s;
  };
  let a = 0;
  let b = Math.log((prior0 + 1) / (prior1 + 1));
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const r = -(a * f[i]! + b);
      const p = 1 / (1 + Math.exp(-r));
      const d = p - (y[i] ? hi : lo); // ∂loss/∂r; ∂r/∂a = −f, ∂r/∂b = −1
      ga -= d * f[i]!;
      gb -= d;
      const h = p * (1 - p);
      haa += h * f[i]! * f[i]!;
      hab += h * f[i]!;
      hbb += h;
    }
    if (Math.hypot(ga, gb) < 1e-12 * n) break;
    const det = haa * hbb - hab * hab;
    // Newton step; gradient descent when the Hessian is singular (every score equal)
    let da = det > 1e-300 ? -(hbb * ga - hab * gb) / det : -ga / (hbb || 1);
    let db = det > 1e-300 ? -(haa * gb - hab * ga) / det : -gb / (hbb || 1);
    let next = loss(a + da, b + db);
    for (let halvings = 0; next > current && halvings < 60; halvings++) {
      da /= 2;
      db /= 2;
      next = loss(a + da, b + db);
    }
    if (!(next <= current)) break;
    a += da;
    b += db;
    const improved = current - next;
    current = next;
    if (improved <= 1e-15 * Math.max(1, Math.abs(current))) break;
  }
  return { a, b };
}

/** The calibrated probability of score f. */
export const applySigmoid = (fit: SigmoidFit, f: number): number => 1 / (1 + Math.exp(fit.a * f + fit.b));
