/**
 * Progress where the total is known (train's fits, synth's rows): a percentage and the time
 * left, estimated from the pace so far. Pure: the caller gives the elapsed time.
 */

export interface ProgressStep {
  /** What is being done, e.g. 'train: cross-validating ridge'. */
  readonly label: string;
  readonly done: number;
  readonly total: number;
  /** What is counted, e.g. 'fits', 'rows'. */
  readonly unit: string;
}

/** "1h 02m", "3m 05s", "42s", "<1s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 1) return '<1s';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Below this much elapsed time the pace says too little to estimate what is left. */
const MIN_ELAPSED_FOR_ESTIMATE_MS = 1000;

/**
 * "train: cross-validating ridge — 12/40 fits, 30%, about 1m 05s left". The time left assumes
 * the remaining units take as long as the ones done (a linear estimate).
 */
export function progressText(step: ProgressStep, elapsedMs: number): string {
  const done = Math.min(Math.max(step.done, 0), step.total);
  const share = step.total > 0 ? done / step.total : 0;
  const count = `${done.toLocaleString('en-US')}/${step.total.toLocaleString('en-US')} ${step.unit}`;
  const parts = [count, `${Math.floor(share * 100)}%`];
  if (done > 0 && done < step.total && elapsedMs >= MIN_ELAPSED_FOR_ESTIMATE_MS) {
    parts.push(`about ${formatDuration((elapsedMs / done) * (step.total - done))} left`);
  }
  return `${step.label} — ${parts.join(', ')}`;
}
