/** Quality gates (SPEC §3 evaluate.gates): a failed gate makes evaluate and run exit 4. */
import { SpmError } from '../errors.js';
import { parseGateCondition } from '../pipeline/params-schema.js';

export interface GateResult {
  readonly metric: string;
  readonly condition: string;
  readonly value: number | null;
  readonly passed: boolean;
}

/** Whether `value` meets a condition such as ">= 0.80" (quality gates; recommendation rules on a score). */
export function meetsCondition(value: number, condition: { op: keyof typeof OPS; value: number }): boolean {
  return OPS[condition.op](value, condition.value);
}

const OPS = {
  '>=': (a: number, b: number) => a >= b,
  '>': (a: number, b: number) => a > b,
  '<=': (a: number, b: number) => a <= b,
  '<': (a: number, b: number) => a < b,
  '==': (a: number, b: number) => a === b,
} as const;

/**
 * Checks each gate against the metrics. A gate on a metric this task does not report is an
 * error when the user set the gates, and skipped when it comes from the defaults (the
 * default r2 gate means nothing for a classifier).
 */
export function checkGates(gates: Readonly<Record<string, string>>, metrics: Readonly<Record<string, unknown>>, explicit: boolean): GateResult[] {
  const results: GateResult[] = [];
  for (const [metric, condition] of Object.entries(gates)) {
    if (!(metric in metrics)) {
      if (!explicit) continue;
      throw new SpmError('PARAMS_INVALID', `evaluate.gates.${metric}: this task does not report ${metric}`, {
        hint: `gate on one of: ${Object.keys(metrics).filter((k) => typeof metrics[k] === 'number').join(', ')}`,
      });
    }
    const parsed = parseGateCondition(condition);
    if (!parsed) {
      throw new SpmError('PARAMS_INVALID', `evaluate.gates.${metric}: '${condition}' is not a condition`, { hint: 'write e.g. ">= 0.80"' });
    }
    const value = metrics[metric];
    const v = typeof value === 'number' && Number.isFinite(value) ? value : null;
    results.push({ metric, condition: `${parsed.op} ${parsed.value}`, value: v, passed: v !== null && OPS[parsed.op](v, parsed.value) });
  }
  return results;
}
