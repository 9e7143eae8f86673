/**
 * The type check of a parsed expression: every node gets a type, number or boolean (a
 * comparison), and every column must be a numeric feature column. Arithmetic and functions take
 * numbers; if() takes a comparison then two values of one type. A boolean result is the
 * feature 1 (true) or 0 (false). Errors point at the offending part of the expression.
 */
import { nearest } from '../../util/nearest.js';
import { expressionError } from './error.js';
import { FUNCTIONS, FUNCTION_NAMES, isFunctionName } from './functions.js';
import type { BinaryOp, Syntax } from './parse.js';

export type ValueType = 'number' | 'boolean';

export type Expr =
  | { readonly kind: 'number'; readonly type: 'number'; readonly value: number }
  | { readonly kind: 'column'; readonly type: 'number'; readonly name: string }
  | { readonly kind: 'negate'; readonly type: 'number'; readonly arg: Expr }
  | { readonly kind: 'arithmetic'; readonly type: 'number'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'compare'; readonly type: 'boolean'; readonly op: '<' | '<=' | '>' | '>=' | '==' | '!='; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly type: 'number'; readonly fn: keyof typeof FUNCTIONS; readonly args: readonly Expr[] }
  | { readonly kind: 'if'; readonly type: ValueType; readonly cond: Expr; readonly then: Expr; readonly otherwise: Expr };

/** What the checker knows of the columns: null when they are not known yet (params load without the data). */
export interface ColumnTypes {
  /**
   * 'numeric' or 'categorical' for a feature column; null for a feature column whose type is not
   * known yet (params load: the type is checked again at transform); undefined for a name that is none.
   */
  readonly typeOf: (name: string) => 'numeric' | 'categorical' | null | undefined;
  /** Every feature column name, for "did you mean". */
  readonly names: readonly string[];
  /** The derived features' names: an expression reads the data's columns, not another derived feature. */
  readonly derived?: readonly string[];
}

const COMPARISONS = new Set<BinaryOp>(['<', '<=', '>', '>=', '==', '!=']);

export function checkExpression(tree: Syntax, source: string, where: string, columns: ColumnTypes | null): Expr {
  const fail = (node: { start: number; end: number }, problem: string, hint?: string): never => {
    throw expressionError(where, source, node.start, node.end, problem, hint);
  };
  const number = (node: Syntax, role: string): Expr => {
    const e = check(node);
    if (e.type !== 'number') fail(node, `${role} must be a number, but this is a comparison (true/false)`, 'turn a comparison into a number with if(cond, 1, 0)');
    return e;
  };
  const check = (node: Syntax): Expr => {
    switch (node.kind) {
      case 'number':
        return { kind: 'number', type: 'number', value: node.value };
      case 'column': {
        if (columns) {
          const type = columns.typeOf(node.name);
          if (type === undefined && columns.derived?.includes(node.name)) {
            fail(node, `'${node.name}' is a derived feature; an expression reads the data's columns, not other derived features`, `write out the expression of features.derive.${node.name} here instead`);
          }
          if (type === undefined) {
            const near = nearest(node.name, columns.names);
            fail(node, `unknown column '${node.name}'${near ? ` — did you mean '${near}'?` : ''}`, `expressions use feature columns (not the target, id or dropped columns): ${columns.names.join(', ')}`);
          }
          if (type === 'categorical') fail(node, `column '${node.name}' is categorical; expressions compute on numeric columns`, 'declare it numeric with data.types if its values are numbers');
        } else if (isFunctionName(node.name) && source[node.start] !== '`') {
          fail(node, `${node.name} is a function: call it with arguments, e.g. ${node.name === 'if' ? 'if(cond, a, b)' : FUNCTIONS[node.name].usage}`);
        }
        return { kind: 'column', type: 'number', name: node.name };
      }
      case 'negate':
        return { kind: 'negate', type: 'number', arg: number(node.arg, "the operand of '-'") };
      case 'binary': {
        const left = check(node.left);
        const right = check(node.right);
        if (left.type !== 'number' || right.type !== 'number') {
          const bad = left.type !== 'number' ? node.left : node.right;
          fail(bad, `'${node.op}' needs numbers on both sides, but this is a comparison (true/false)`, COMPARISONS.has(node.op) ? 'comparisons do not chain: write a < b and b < c as two features, or use if()' : 'turn a comparison into a number with if(cond, 1, 0)');
        }
        if (COMPARISONS.has(node.op)) return { kind: 'compare', type: 'boolean', op: node.op as Extract<Expr, { kind: 'compare' }>['op'], left, right };
        return { kind: 'arithmetic', type: 'number', op: node.op as Extract<Expr, { kind: 'arithmetic' }>['op'], left, right };
      }
      case 'call': {
        const nameSpan = { start: node.start, end: node.nameEnd };
        if (!isFunctionName(node.name)) {
          const near = nearest(node.name, FUNCTION_NAMES);
          return fail(nameSpan, `unknown function '${node.name}'${near ? ` — did you mean '${near}'?` : ''}`, `functions: ${FUNCTION_NAMES.join(', ')}`);
        }
        if (node.name === 'if') {
          if (node.args.length !== 3) fail(node, `if takes 3 arguments (cond, a, b), got ${node.args.length}`, 'e.g. if(Attendance < 50, 1, 0)');
          const [c, a, b] = node.args as [Syntax, Syntax, Syntax];
          const cond = check(c);
          if (cond.type !== 'boolean') fail(c, 'the condition of if must be a comparison', 'e.g. if(Attendance < 50, 1, 0)');
          const then = check(a);
          const otherwise = check(b);
          if (then.type !== otherwise.type) fail(b, `the two branches of if must both be numbers or both comparisons; the first is a ${then.type}`);
          return { kind: 'if', type: then.type, cond, then, otherwise };
        }
        const fn = FUNCTIONS[node.name];
        const n = node.args.length;
        if (n < fn.minArgs || n > fn.maxArgs) {
          const wanted = fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
          fail(node, `${node.name} takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${n}`, `usage: ${fn.usage}`);
        }
        return { kind: 'call', type: 'number', fn: node.name, args: node.args.map((a, i) => number(a, `argument ${i + 1} of ${node.name}`)) };
      }
    }
  };
  return check(tree);
}

/** The columns an expression reads, in first-use order. */
export function columnsOf(e: Expr): string[] {
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'column') out.add(x.name);
    else if (x.kind === 'negate') walk(x.arg);
    else if (x.kind === 'arithmetic' || x.kind === 'compare') [x.left, x.right].forEach(walk);
    else if (x.kind === 'call') x.args.forEach(walk);
    else if (x.kind === 'if') [x.cond, x.then, x.otherwise].forEach(walk);
  };
  walk(e);
  return [...out];
}
