/**
 * Evaluates a checked expression over whole columns (STYLE 8: columns, not rows): each node
 * gives a Float64Array of the rows' values, NaN for missing. Missing in gives missing out
 * (a comparison or if() on a missing value included); any result that is not a finite number
 * (x / 0, log1p(-1), an overflow) is missing too, so it is imputed like any missing value.
 * Booleans are 1 and 0.
 */
import type { Expr } from './check.js';
import { FUNCTIONS } from './functions.js';

export function evaluateExpression(e: Expr, column: (name: string) => Float64Array, rows: number): Float64Array {
  const out = evaluateNode(e, column, rows);
  for (let i = 0; i < rows; i++) if (!Number.isFinite(out[i]!)) out[i] = Number.NaN;
  return out;
}

function evaluateNode(e: Expr, column: (name: string) => Float64Array, rows: number): Float64Array {
  const sub = (x: Expr): Float64Array => evaluateNode(x, column, rows);
  const out = new Float64Array(rows);
  switch (e.kind) {
    case 'number':
      return out.fill(e.value);
    case 'column':
      out.set(column(e.name).subarray(0, rows));
      return out;
    case 'negate': {
      const a = sub(e.arg);
      for (let i = 0; i < rows; i++) out[i] = -a[i]!;
      return out;
    }
    case 'arithmetic': {
      const a = sub(e.left);
      const b = sub(e.right);
      const f = ARITHMETIC[e.op];
      for (let i = 0; i < rows; i++) out[i] = f(a[i]!, b[i]!);
      return out;
    }
    case 'compare': {
      const a = sub(e.left);
      const b = sub(e.right);
      const f = COMPARE[e.op];
      for (let i = 0; i < rows; i++) out[i] = Number.isNaN(a[i]!) || Number.isNaN(b[i]!) ? Number.NaN : f(a[i]!, b[i]!) ? 1 : 0;
      return out;
    }
    case 'if': {
      const c = sub(e.cond);
      const a = sub(e.then);
      const b = sub(e.otherwise);
      for (let i = 0; i < rows; i++) out[i] = Number.isNaN(c[i]!) ? Number.NaN : c[i] ? a[i]! : b[i]!;
      return out;
    }
    case 'call': {
      const args = e.args.map(sub);
      const apply = FUNCTIONS[e.fn].apply as (xs: readonly number[]) => number;
      const row = new Array<number>(args.length);
      for (let i = 0; i < rows; i++) {
        let missing = false;
        for (let k = 0; k < args.length; k++) {
          const v = args[k]![i]!;
          if (!Number.isFinite(v)) missing = true;
          row[k] = v;
        }
        out[i] = missing ? Number.NaN : apply(row);
      }
      return out;
    }
  }
}

const ARITHMETIC = {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  // Division by zero is missing (not ±Infinity): the row has no ratio to speak of.
  '/': (a: number, b: number) => (b === 0 ? Number.NaN : a / b),
} as const;

const COMPARE = {
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
} as const;
