// Own code: simple-statistics' quantileSorted interpolates from the lower end only, which is not numpy's value to the bit.
/**
 * Linear interpolation a + (b − a)·t as numpy's `_lerp` (numpy/lib/_function_base_impl.py)
 * evaluates it for np.quantile's default 'linear' method: from the nearer end, b − (b − a)·(1 − t)
 * when t ≥ ½, so the result stays inside [a, b] and equals numpy's to the last bit. One function
 * serves the quantiles of src/features (quantile.ts) and the PSI bins of src/drift (psi.ts).
 */
export function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
