/**
 * The tokenizer of derived-feature expressions (features.derive): numbers, column names
 * (bare identifiers, or `back-quoted` for names with spaces or symbols, as pandas' query),
 * operators and punctuation, each with its position in the source text for error carets.
 */
import { expressionError } from './error.js';

export type TokenKind = 'number' | 'name' | 'op' | '(' | ')' | ',' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The operator, the column or function name, or the number's text. */
  readonly text: string;
  /** Offsets of the token in the source: [start, end). */
  readonly start: number;
  readonly end: number;
}

/** Two-character operators first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/'] as const;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;

export function tokenize(source: string, where: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      tokens.push({ kind: 'name', text: identifier[0], start: i, end: i + identifier[0].length });
      i += identifier[0].length;
      continue;
    }
    if (c === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) throw expressionError(where, source, i, source.length, 'this back-quoted column name is not closed', 'close it with a second ` (e.g. `Time Spent`)');
      if (close === i + 1) throw expressionError(where, source, i, close + 1, 'empty column name');
      tokens.push({ kind: 'name', text: source.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const hint = c === '=' ? 'compare with == (a single = is not an operator)' : c === '"' || c === "'" ? 'quote a column name with back-quotes: `Time Spent`' : undefined;
    throw expressionError(where, source, i, i + 1, `unexpected character '${c}'`, hint);
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}
