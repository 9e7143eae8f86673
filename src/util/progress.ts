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
  /** Show "done/total unit" (default); false when the label says what a person counts and these are only the measure (bytes of a file). */
  readonly showCount?: boolean;
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
  const parts = [`${Math.floor(share * 100)}%`];
  if (step.showCount !== false) parts.unshift(`${done.toLocaleString('en-US')}/${step.total.toLocaleString('en-US')} ${step.unit}`);
  if (done > 0 && done < step.total && elapsedMs >= MIN_ELAPSED_FOR_ESTIMATE_MS) {
    parts.push(`about ${formatDuration((elapsedMs / done) * (step.total - done))} left`);
  }
  return `${step.label} — ${parts.join(', ')}`;
}

/** How far the reading of an input (predict's, drift's) has come. */
export interface ReadProgress {
  readonly rows: number;
  /** Bytes of the input read so far. */
  readonly bytesRead: number;
  /** The input's size when known (a regular CSV file), else undefined (stdin, a converted .xlsx or Parquet file). */
  readonly totalBytes: number | undefined;
}

/**
 * "predict: 123,456 rows": the rows read, and where the input's size is known a step whose share
 * is the bytes read of it ("predict: 123,456 rows — 45%, about 3s left").
 */
export function readStep(command: string, read: ReadProgress): string | ProgressStep {
  const label = `${command}: ${read.rows.toLocaleString('en-US')} rows`;
  if (read.totalBytes === undefined) return label;
  return { label, done: read.bytesRead, total: read.totalBytes, unit: 'bytes', showCount: false };
}
