/**
 * `spm predict -i FILE --queue URL --shards N -o OUT`: N predict-shard pieces (the parts of
 * `spm predict --shard i/N`) written by queue workers into a temporary folder beside OUT, then
 * joined here by `--merge`: the bytes one `spm predict` writes. OUT (and its rejects file) is
 * written only once every part is in; the parts are removed either way.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { mergeShards, type MergeSummary } from '../scoring/merge-shards.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';
import type { QueueAddress } from './connection.js';
import { runPieces, type RunPiecesOptions } from './coordinator.js';
import type { ProjectRef } from './pieces.js';

export interface QueuedPredictRequest {
  readonly input: string;
  readonly output: string;
  readonly rejects?: string;
  readonly model: string;
  readonly explain: boolean;
}

export interface QueuedPredict extends MergeSummary {
  readonly pieces: number;
  readonly workers: readonly string[];
}

export async function predictOnQueue(project: ProjectRef, req: QueuedPredictRequest, queue: QueueAddress, shards: number, options: RunPiecesOptions = {}): Promise<QueuedPredict> {
  const output = resolve(req.output);
  // Beside OUT (same filesystem, seen by the workers), named per run: two runs never share parts.
  const partsDir = join(dirname(output), `.${basename(output)}.parts-${randomBytes(4).toString('hex')}`);
  await mkdir(partsDir, { recursive: true });
  trackTemp(partsDir);
  try {
    const pieces = Array.from({ length: shards }, (_, i) => ({
      kind: 'predict-shard' as const,
      project,
      input: resolve(req.input),
      source: req.input,
      output: join(partsDir, `part-${String(i + 1).padStart(String(shards).length, '0')}.csv`),
      model: req.model,
      explain: req.explain,
      shard: { index: i + 1, count: shards },
    }));
    const { workers } = await runPieces(queue, pieces, options);
    options.signal?.throwIfAborted();
    const merged = await mergeShards({ parts: pieces.map((p) => p.output), output: req.output, ...(req.rejects ? { rejects: req.rejects } : {}) });
    return { ...merged, pieces: pieces.length, workers };
  } finally {
    await rm(partsDir, { recursive: true, force: true });
    untrackTemp(partsDir);
  }
}
