// Own code: simple-statistics' sum checks no counts (a negative or infinite one passes, a non-number gives NaN, not an error).
/**
 * The check every count-based statistic starts with (chi-square, Jensen–Shannon, PSI): each
 * entry a finite number ≥ 0, and their sum, which the caller needs and checks for 0 its own way.
 */
export function countsTotal(values: ArrayLike<number>, label: string, unit: 'counts' | 'weights' = 'counts'): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && Number.isFinite(v))) throw new Error(`${label}[${i}] = ${v}; ${unit} must be finite and >= 0`);
    sum += v;
  }
  return sum;
}
