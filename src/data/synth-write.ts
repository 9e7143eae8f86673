/**
 * I/O edge of `spm synth`: streams the generator's chunks to a file (atomically: a temporary
 * file renamed at the end, so an interrupted run leaves no half file) or to stdout, honouring
 * back-pressure so memory stays constant for any row count.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { tempName } from '../store/atomic.js';
import { assertShiftName } from './synth-shifts.js';
import { synthChunks } from './synth.js';

export interface SynthRequest {
  readonly rows: number;
  readonly seed: number;
  readonly shift: string | null;
}

const CHUNK_ROWS = 50_000;

export async function writeSynth(output: string, req: SynthRequest, onProgress: (rows: number) => void): Promise<{ rows: number; bytes: number }> {
  if (req.shift !== null) assertShiftName(req.shift);
  const shift = req.shift;
  const toStdout = output === '-';
  const tmp = toStdout ? '' : tempName(output);
  if (!toStdout) await mkdir(dirname(output), { recursive: true });
  const stream: Writable = toStdout ? process.stdout : createWriteStream(tmp);
  let bytes = 0;
  let rows = 0;
  try {
    for (const chunk of synthChunks({ rows: req.rows, seed: req.seed, shift: shift as Parameters<typeof synthChunks>[0]['shift'] }, CHUNK_ROWS)) {
      bytes += Buffer.byteLength(chunk);
      rows = Math.min(req.rows, rows + CHUNK_ROWS);
      if (!stream.write(chunk)) await once(stream, 'drain');
      onProgress(rows);
    }
    if (!toStdout) {
      stream.end();
      await once(stream, 'close');
      await rename(tmp, output);
    }
  } catch (error) {
    if (!toStdout) {
      stream.destroy();
      await rm(tmp, { force: true });
    }
    throw error;
  }
  return { rows: req.rows, bytes };
}
