/**
 * The functions of derived-feature expressions, as one table: arity and what each computes on
 * one row's argument values. Every function takes and gives numbers; a missing argument (NaN)
 * gives a missing result, and so does any result that is not a finite number.
 */

export interface ExpressionFunction {
  readonly minArgs: number;
  /** Infinity: any number of arguments from minArgs. */
  readonly maxArgs: number;
  readonly usage: string;
  /** The value for one row (arguments already known to be observed numbers). */
  readonly apply: (args: readonly number[]) => number;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]): number => sum(xs) / xs.length;

/**
 * The sample standard deviation (ddof = 1), as pandas' `DataFrame.std(axis=1)` computes the
 * seeds' "spread of the quiz scores": sqrt(Σ(x − mean)² / (n − 1)), two-pass. Hence std needs
 * at least two arguments.
 */
function sampleStd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

export const FUNCTIONS = {
  min: { minArgs: 1, maxArgs: Infinity, usage: 'min(a, b, …)', apply: (xs) => Math.min(...xs) },
  max: { minArgs: 1, maxArgs: Infinity, usage: 'max(a, b, …)', apply: (xs) => Math.max(...xs) },
  sum: { minArgs: 1, maxArgs: Infinity, usage: 'sum(a, b, …)', apply: sum },
  mean: { minArgs: 1, maxArgs: Infinity, usage: 'mean(a, b, …)', apply: mean },
  std: { minArgs: 2, maxArgs: Infinity, usage: 'std(a, b, …) (sample standard deviation, ddof 1, as pandas)', apply: sampleStd },
  log1p: { minArgs: 1, maxArgs: 1, usage: 'log1p(x) = ln(1 + x), missing for x ≤ -1', apply: (xs) => Math.log1p(xs[0]!) },
  // numpy.clip's order: the upper bound wins when lo > hi.
  clip: { minArgs: 3, maxArgs: 3, usage: 'clip(x, lo, hi)', apply: ([x, lo, hi]) => Math.min(Math.max(x!, lo!), hi!) },
} as const satisfies Record<string, ExpressionFunction>;

export type FunctionName = keyof typeof FUNCTIONS | 'if';
export const FUNCTION_NAMES: readonly FunctionName[] = [...(Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]), 'if'];

export const isFunctionName = (name: string): name is FunctionName => (FUNCTION_NAMES as readonly string[]).includes(name);
