/**
 * `spm serve`'s recorded predictions (predict.record): each scored request's record lines are
 * kept in memory and written off the request path, as one `predictions` batch per model and
 * id columns (scoring/prediction-batch.ts), every `flushMs` or once `maxRows` rows wait, and on
 * shutdown. Each flush publishes whole versions (temporary folder, then a rename): a crash
 * loses at most the rows of one interval, never leaves half a batch. A request that fails
 * records nothing. The same line twice in one flush (the dashboard scores a file, then asks
 * for it as CSV: the same students, model and predictions) is kept once, so that the
 * download does not make every id of the batch a duplicate that feedback must refuse.
 */
import type { ArtifactStore } from '../store/store.js';
import { batchInfo, PredictionBatch, type BatchInfo } from '../scoring/prediction-batch.js';
import type { PredictionRecorder } from '../scoring/record-lines.js';
import type { ServedModel } from './served-model.js';

interface Pending {
  readonly info: BatchInfo;
  readonly lines: Set<string>;
}

export interface RecorderOptions {
  /** Flush this often (milliseconds). */
  readonly flushMs: number;
  /** Flush as soon as this many rows wait. */
  readonly maxRows: number;
  /** A flush that failed (a full disk): the server goes on scoring. */
  readonly onError: (error: unknown) => void;
}

export class ServeRecorder {
  private pending = new Map<string, Pending>();
  private waiting = 0;
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: ArtifactStore,
    private readonly options: RecorderOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  /** The recorder of one request scored by `model`: its lines join the pending batch when the request succeeds. */
  forRequest(model: ServedModel): PredictionRecorder {
    return {
      open: (idColumns) => {
        const lines: string[] = [];
        return {
          write: (text) => void lines.push(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')),
          commit: async () => this.add(model, idColumns, lines),
          discard: async () => void (lines.length = 0),
        };
      },
    };
  }

  private add(model: ServedModel, idColumns: readonly string[], texts: readonly string[]): void {
    const key = `${model.trainId} ${model.evaluateId ?? ''} ${idColumns.join(',')}`;
    let group = this.pending.get(key);
    if (!group) this.pending.set(key, (group = { info: batchInfo(model, 'serve', 'requests', idColumns), lines: new Set() }));
    for (const text of texts) {
      for (const line of text.split('\n')) {
        if (line === '' || group.lines.has(line)) continue;
        group.lines.add(line);
        this.waiting++;
      }
    }
    if (this.waiting >= this.options.maxRows) void this.flush();
  }

  /** Writes what waits as batches (one flush at a time); resolves when it is stored. */
  flush(): Promise<void> {
    const groups = [...this.pending.values()];
    this.pending = new Map();
    this.waiting = 0;
    if (groups.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      for (const group of groups) {
        try {
          const batch = await PredictionBatch.open(this.store, group.info);
          try {
            await batch.write(`${[...group.lines].join('\n')}\n`, group.lines.size);
            await batch.commit();
          } catch (error) {
            await batch.discard();
            throw error;
          }
        } catch (error) {
          this.options.onError(error);
        }
      }
    });
    return this.flushing;
  }

  /** Stops the timer and stores what waits (serve's shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
