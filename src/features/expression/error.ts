/**
 * Errors in a derived-feature expression: the message names the param, says what is wrong and
 * points at the place with a caret line under the expression, e.g.
 *
 *   features.derive.ratio: unknown column 'Quizz1' (at character 1) — did you mean 'Quiz1'?
 *     Quizz1 / max(Attendance, 1)
 *     ^^^^^^
 */
import { SpmError } from '../../errors.js';

/** The caret lines under `source` for the span [start, end) (at least one caret). */
export function caretLines(source: string, start: number, end: number): string {
  // Tabs and newlines would shift the caret: show them as spaces (same width).
  const shown = source.replace(/[\t\r\n]/g, ' ');
  const width = Math.max(1, Math.min(end, shown.length + 1) - start);
  return `    ${shown}\n    ${' '.repeat(start)}${'^'.repeat(width)}`;
}

export function expressionError(where: string, source: string, start: number, end: number, problem: string, hint?: string): SpmError {
  return new SpmError('EXPRESSION_INVALID', `${where}: ${problem} (at character ${start + 1})\n${caretLines(source, start, end)}`, {
    hint: hint ?? 'expressions: numbers, columns, + - * /, < <= > >= == !=, ( ), min/max/mean/sum/std(…), log1p(x), clip(x, lo, hi), if(cond, a, b)',
  });
}
