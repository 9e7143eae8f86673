/**
 * Recorded predictions in the store (issue 18, `predict.record`). Where they live, for `spm gc`
 * and anyone else who must know what refers to what:
 *
 *   <store>/predictions/<id>/predictions.csv   one batch: `<id columns…>,prediction[,probability]`
 *   <store>/predictions/<id>/manifest.json     inputs.artifacts: the train version that scored the
 *                                               batch (and its evaluate version, when the REF named
 *                                               one); summary: source, input, rows, model, task…
 *
 * A batch is one `spm predict` run or one flush of `spm serve`'s recorder. Its id is the time
 * it was started (hex milliseconds) and random bits, so ids sort by time and never collide;
 * it is written in the store's temporary area and renamed into place whole, as every version
 * (a killed predict leaves no batch). `spm feedback` writes `monitoring` versions that name the
 * batches they joined (and their train versions) in inputs.artifacts.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArtifactStore, VersionWriter } from '../store/store.js';
import type { ArtifactInput } from '../store/manifest.js';
import { recordHeader, type PredictionRecorder, type RecordTarget } from './record-lines.js';
import type { ScoringPipeline } from './scoring-pipeline.js';

export const PREDICTIONS_STAGE = 'predictions';
export const PREDICTIONS_FILE = 'predictions.csv';

/**
 * How many bytes of lines a batch gathers before writing them: a quarter of a mebibyte (a write
 * every four chunks or so). Gathering a whole mebibyte raised predict's peak RSS by about 15 MB
 * on 1,000,000 rows (measured: 163–170 MB against 146–150 MB), for no time saved.
 */
const WRITE_BYTES = 1 << 18;

/** What a batch's manifest summary holds (feedback and monitor read it back). */
export interface BatchSummary {
  /** 'predict' (a batch run) or 'serve' (a flush of served requests). */
  readonly source: 'predict' | 'serve';
  /** The input's name (a file name, 'stdin', 'requests'). */
  readonly input: string;
  readonly rows: number;
  readonly model: string;
  readonly id_columns: readonly string[];
  readonly task: 'regression' | 'classification';
  readonly target: string;
  /** Classification: the classes, and the class `probability` refers to for binary (else the predicted class's). */
  readonly classes?: readonly string[];
  readonly positive_class?: string | null;
  readonly started: string;
}

/** A new batch id: the start time in hex milliseconds, then random bits (sorts by time). */
export function newBatchId(now = Date.now()): string {
  return `${now.toString(16).padStart(12, '0')}${randomBytes(6).toString('hex')}`;
}

export interface BatchInfo extends Omit<BatchSummary, 'rows' | 'started'> {
  readonly lineage: readonly ArtifactInput[];
}

/**
 * A batch being written: lines go to its file in the store's temporary area a few chunks at a
 * time (WRITE_BYTES: a write per scored chunk, 250 on 1,000,000 rows, cost predict's main thread
 * about as much as making the lines: profiled); `commit` publishes it.
 */
export class PredictionBatch implements RecordTarget {
  private rows = 0;
  /** Lines not written yet, and their bytes. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly started = new Date();
  private readonly startedAt = performance.now();
  private failure: unknown = null;

  private constructor(
    private readonly writer: VersionWriter,
    private readonly stream: WriteStream,
    private readonly info: BatchInfo,
  ) {
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  static async open(store: ArtifactStore, info: BatchInfo): Promise<PredictionBatch> {
    const writer = await store.create(PREDICTIONS_STAGE, newBatchId());
    const stream = createWriteStream(join(writer.dir, PREDICTIONS_FILE));
    const batch = new PredictionBatch(writer, stream, info);
    await batch.write(recordHeader(info.id_columns, info.task === 'classification'), 0);
    return batch;
  }

  async write(lines: string | Uint8Array, rows: number): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.rows += rows;
    const bytes = typeof lines === 'string' ? Buffer.from(lines) : lines;
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    if (this.pendingBytes >= WRITE_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    const lines = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(lines)) await once(this.stream, 'drain');
  }

  /** Publishes the batch; a batch of no rows (every id empty) is dropped instead. */
  async commit(): Promise<void> {
    if (this.pendingBytes > 0) await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure !== null) throw this.failure;
    if (this.rows === 0) return this.writer.abort();
    await this.writer.addFile(PREDICTIONS_FILE);
    const { lineage, ...rest } = this.info;
    const summary: BatchSummary = { ...rest, rows: this.rows, started: this.started.toISOString() };
    await this.writer.publish({ params: {}, inputs: { data: [], artifacts: lineage }, summary: { ...summary }, startedAt: this.startedAt });
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await this.writer.abort();
  }
}

/** The model a batch is scored with, as predict and serve hold it. */
export interface ScoringModel {
  readonly trainId: string;
  readonly evaluateId: string | null;
  readonly pipeline: ScoringPipeline;
}

/** What a batch of `model`'s predictions records about itself (all but its rows). */
export function batchInfo(model: ScoringModel, source: BatchSummary['source'], input: string, idColumns: readonly string[]): BatchInfo {
  const { schema } = model.pipeline;
  return {
    source,
    input,
    model: model.trainId,
    id_columns: [...idColumns],
    task: schema.task,
    target: schema.target,
    ...(schema.task === 'classification' ? { classes: [...(schema.classes ?? [])], positive_class: schema.positiveClass ?? null } : {}),
    lineage: [{ stage: 'train', id: model.trainId }, ...(model.evaluateId ? [{ stage: 'evaluate', id: model.evaluateId }] : [])],
  };
}

/** A recorder that writes each scored input as one batch of the store (`spm predict`). */
export function storeRecorder(store: ArtifactStore, model: ScoringModel, input: string): PredictionRecorder {
  return { open: (idColumns) => PredictionBatch.open(store, batchInfo(model, 'predict', input, idColumns)) };
}
