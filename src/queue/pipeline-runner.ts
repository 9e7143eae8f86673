/**
 * `spm run --queue URL -p PATTERN`: a runOne for runMany (pipeline/run-many.ts) that hands each
 * pipeline to `spm worker` processes as a `pipeline` piece (pieces.ts) instead of running it here.
 * A worker runs exactly what the local runner runs (run-piece.ts → run-local.ts), so the
 * versions, their ids and the summary are those of `spm run -p that/params.yaml`. Each pipeline is
 * its own piece: one that fails is reported and the others go on, as locally.
 */
import { resolve } from 'node:path';
import type { RunOne } from '../pipeline/run-many.js';
import type { StageName } from '../pipeline/stages.js';
import type { QueueAddress } from './connection.js';
import { runPieces } from './coordinator.js';

export interface QueueRunOptions {
  readonly set: readonly string[];
  readonly artifacts?: string;
  readonly until?: StageName;
  readonly force?: boolean;
  readonly signal?: AbortSignal;
}

/** The queue name `spm run --queue -p PATTERN` uses unless --queue-name says otherwise (workers: `spm worker --queue URL --queue-name pipelines`). */
export const PIPELINES_QUEUE = 'pipelines';

export function queueRunner(queue: QueueAddress, options: QueueRunOptions): RunOne {
  return async (paramsPath, context) => {
    context.progress('waiting for a worker…');
    const piece = {
      kind: 'pipeline' as const,
      project: { params: resolve(paramsPath), set: [...options.set], ...(options.artifacts === undefined ? {} : { artifacts: resolve(options.artifacts) }) },
      ...(options.force ? { force: true } : {}),
      ...(options.until === undefined ? {} : { until: options.until }),
    };
    const { results } = await runPieces(queue, [piece], {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => {
        const on = Object.keys(p.workers);
        context.progress(on.length > 0 ? `running on ${on.join(', ')}…` : 'waiting for a worker…');
      },
    });
    return results[0]!;
  };
}
