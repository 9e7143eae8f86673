/**
 * I/O edge of `spm synth`: streams the generator's chunks to a file (atomically: a temporary
 * file renamed at the end, so an interrupted run leaves no half file) or to stdout, honouring
 * back-pressure so memory stays constant for any row count.
 */
import { withAtomicOutput } from '../store/atomic.js';
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
  const shift = req.shift as Parameters<typeof synthChunks>[0]['shift'];
  let bytes = 0;
  let rows = 0;
  await withAtomicOutput(output, async (out) => {
    for (const chunk of synthChunks({ rows: req.rows, seed: req.seed, shift }, CHUNK_ROWS)) {
      bytes += Buffer.byteLength(chunk);
      rows = Math.min(req.rows, rows + CHUNK_ROWS);
      await out.write(chunk);
      onProgress(rows);
    }
  });
  return { rows: req.rows, bytes };
}
