/** Quality gates (SPEC §3 evaluate.gates): a failed gate makes evaluate and run exit 4. */
import { SpmError } from '../errors.js';
import { meetsCondition, parseGateCondition } from './condition.js';

export interface GateResult {
  readonly metric: string;
  readonly condition: string;
  readonly value: number | null;
  readonly passed: boolean;
}

/**
 * Checks each gate against the metrics. A gate on a metric this task does not report is an
 * error when the user set the gates, and skipped when it comes from the defaults (the
 * default r2 gate means nothing for a classifier).
 */
export function checkGates(gates: Readonly<Record<string, string>>, metrics: Readonly<Record<string, unknown>>, explicit: boolean, at = 'evaluate.gates'): GateResult[] {
  const results: GateResult[] = [];
  for (const [metric, condition] of Object.entries(gates)) {
    if (!(metric in metrics)) {
      if (!explicit) continue;
      throw new SpmError('PARAMS_INVALID', `${at}.${metric}: this task does not report ${metric}`, {
        hint: `gate on one of: ${Object.keys(metrics).filter((k) => typeof metrics[k] === 'number').join(', ')}`,
      });
    }
    const parsed = parseGateCondition(condition);
    if (!parsed) {
      throw new SpmError('PARAMS_INVALID', `${at}.${metric}: '${condition}' is not a condition`, { hint: 'write e.g. ">= 0.80"' });
    }
    const value = metrics[metric];
    const v = typeof value === 'number' && Number.isFinite(value) ? value : null;
    results.push({ metric, condition: `${parsed.op} ${parsed.value}`, value: v, passed: v !== null && meetsCondition(v, parsed) });
  }
  return results;
}
