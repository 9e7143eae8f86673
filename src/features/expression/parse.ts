/**
 * The parser of derived-feature expressions: a Pratt parser (Pratt 1973, "Top down operator
 * precedence") over tokens.ts into a syntax tree with source spans. Never eval: the tree is
 * checked (check.ts) and evaluated (evaluate.ts) by spm's own code.
 *
 * Precedence, lowest first: comparisons (< <= > >= == !=), + and -, * and /, unary minus.
 * Binary operators are left-associative: a - b - c is (a - b) - c, a / b / c is (a / b) / c.
 */
import { expressionError } from './error.js';
import { tokenize, type Token } from './tokens.js';

interface Span {
  /** [start, end) in the source text. */
  readonly start: number;
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Syntax =
  | (Span & { readonly kind: 'number'; readonly value: number })
  | (Span & { readonly kind: 'column'; readonly name: string })
  | (Span & { readonly kind: 'negate'; readonly arg: Syntax })
  | (Span & { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Syntax; readonly right: Syntax; readonly opStart: number })
  | (Span & { readonly kind: 'call'; readonly name: string; readonly nameEnd: number; readonly args: readonly Syntax[] });

/** Binding power of each binary operator (higher binds tighter). */
const BINDING = { '<': 1, '<=': 1, '>': 1, '>=': 1, '==': 1, '!=': 1, '+': 2, '-': 2, '*': 3, '/': 3 } as const satisfies Record<BinaryOp, number>;
const UNARY_BINDING = 4;
const MAX_DEPTH = 100;

/** Parses `source` (the expression of the param at `where`); a syntax error is an SpmError with a caret. */
export function parseExpression(source: string, where: string): Syntax {
  const tokens = tokenize(source, where);
  let at = 0;
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;
  const fail = (token: Token, problem: string, hint?: string): never => {
    throw expressionError(where, source, token.start, Math.max(token.end, token.start + 1), problem, hint);
  };
  const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the expression' : `'${t.text}'`);

  let depth = 0;
  const expression = (minBinding: number): Syntax => {
    // A bound on nesting, so that no input can overflow the stack (the error is the user's, with a caret).
    if (++depth > MAX_DEPTH) fail(peek(), `the expression nests deeper than ${MAX_DEPTH} levels`);
    let left = operand();
    for (;;) {
      const t = peek();
      if (t.kind !== 'op') break;
      const op = t.text as BinaryOp;
      const binding = BINDING[op];
      if (binding <= minBinding) break;
      next();
      const right = expression(binding);
      left = { kind: 'binary', op, left, right, opStart: t.start, start: left.start, end: right.end };
    }
    depth--;
    return left;
  };

  const operand = (): Syntax => {
    const t = next();
    if (t.kind === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) fail(t, `the number ${t.text} is too large`);
      return { kind: 'number', value, start: t.start, end: t.end };
    }
    if (t.kind === 'op' && t.text === '-') {
      const arg = expression(UNARY_BINDING - 1);
      return { kind: 'negate', arg, start: t.start, end: arg.end };
    }
    if (t.kind === '(') {
      const inner = expression(0);
      const close = next();
      if (close.kind !== ')') fail(close, `expected ')' to close the '(' at character ${t.start + 1}, got ${describe(close)}`);
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.kind === 'name') {
      if (peek().kind !== '(' || source[t.start] === '`') return { kind: 'column', name: t.text, start: t.start, end: t.end };
      next();
      const args: Syntax[] = [];
      if (peek().kind !== ')') {
        for (;;) {
          args.push(expression(0));
          const sep = peek();
          if (sep.kind === ',') next();
          else if (sep.kind === ')') break;
          else fail(sep, `expected ',' or ')' in the arguments of ${t.text}(, got ${describe(sep)}`);
        }
      }
      const close = next();
      return { kind: 'call', name: t.text, nameEnd: t.end, args, start: t.start, end: close.end };
    }
    return fail(t, `expected a number, a column or '(', got ${describe(t)}`);
  };

  const tree = expression(0);
  const rest = peek();
  if (rest.kind !== 'end') fail(rest, `expected an operator or the end of the expression, got ${describe(rest)}`, rest.kind === 'name' || rest.kind === 'number' ? 'put an operator between two values (e.g. a * b), or back-quote a column name with spaces: `Time Spent`' : undefined);
  return tree;
}
