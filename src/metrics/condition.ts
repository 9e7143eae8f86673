/**
 * Conditions on a number, such as ">= 0.80" or "< 50": what a quality gate (evaluate.gates)
 * tests a metric with, and what a recommendation rule tests a predicted score with.
 */

export const GATE_OPERATORS = ['>=', '>', '<=', '<', '=='] as const;
export type GateOperator = (typeof GATE_OPERATORS)[number];

export interface Condition {
  readonly op: GateOperator;
  readonly value: number;
}

const PATTERN = /^(>=|>|<=|<|==)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)$/;

const OPS: Readonly<Record<GateOperator, (a: number, b: number) => boolean>> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '==': (a, b) => a === b,
};

/** The same text as a JSON Schema `pattern` (parseGateCondition trims first; the pattern allows the spaces). */
export const CONDITION_JSON_PATTERN = `^\\s*${PATTERN.source.slice(1, -1)}\\s*$`;

/** Parses a condition such as ">= 0.80" or "<=5"; undefined when it is not one. */
export function parseGateCondition(text: string): Condition | undefined {
  const m = PATTERN.exec(text.trim());
  return m ? { op: m[1] as GateOperator, value: Number(m[2]) } : undefined;
}

/** A condition as "<op> <number>", the number kept as written (">=0.80" → ">= 0.80"); undefined when it is not one. */
export function normaliseCondition(text: string): string | undefined {
  const m = PATTERN.exec(text.trim());
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** Whether `value` meets the condition. */
export function meetsCondition(value: number, condition: Condition): boolean {
  return OPS[condition.op](value, condition.value);
}
