/**
 * `spm predict --shard i/n`: scores the i-th of n line-aligned, quote-safe byte ranges of a CSV
 * file (shard-bounds.ts), with the file's line numbers in its rejects, and writes beside the
 * output a `<output>.shard.json` that `--merge` reads (merge-shards.ts) to join the parts in
 * order into what one `spm predict` writes, byte for byte.
 *
 * The shard is scored through the ordinary predict path on a temporary file of the header's
 * bytes followed by the shard's bytes: the reader is not told about ranges (it is one scanner,
 * kept in one place), at the cost of copying the shard once.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open as openFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';

import { readCsv } from '../data/csv-source.js';
import { isConvertedInput, isParquetOutput } from '../data/input-format.js';
import { SpmError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';
import { predictFile, type PredictFileSummary, type PredictRequest } from './predict-file.js';
import type { ScoringPipeline } from './scoring-pipeline.js';
import { BoundaryScan, type ShardRange, type ShardSpec } from './shard-bounds.js';

/** What `--merge` needs to know of a part, written beside it as `<part>.shard.json`. */
export interface ShardRecord {
  readonly format: 'spm-predict-shard';
  readonly version: 1;
  readonly shard: ShardSpec;
  readonly input: { readonly path: string; readonly size: number };
  readonly model: string;
  readonly bytes: { readonly start: number; readonly end: number };
  readonly summary: Omit<PredictFileSummary, 'output' | 'sample_rejects'>;
}

export const shardRecordPath = (part: string): string => `${part}.shard.json`;

/** `3/16` → { index: 3, count: 16 }; a USAGE error for anything else. */
export function parseShard(text: string, example = 'spm predict -i big.csv --shard 3/16 -o part-03.csv'): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 1 && index <= count && count <= 100_000)) {
    throw new SpmError('USAGE', `--shard ${text}: expected I/N with 1 ≤ I ≤ N (the I-th of N parts, counted from 1)`, {
      hint: example,
    });
  }
  return { index, count };
}

/** Where shard `spec` of `path` lies: one scan of the file's bytes from its start up to the shard's end. */
export async function findShardRange(path: string, spec: ShardSpec): Promise<ShardRange> {
  const source = await readCsv(path); // the dialect (delimiter, byte order mark), with the reader's own messages
  const dialect = source.dialect;
  await source.close();
  if (dialect.encoding.startsWith('utf-16')) {
    throw new SpmError('USAGE', `--shard cuts ${path} at line feeds, which UTF-16 text does not have as single bytes`, {
      hint: 'save the file as UTF-8 to score it in shards, or score it in one spm predict',
    });
  }
  const file = await openFile(path, 'r');
  try {
    const size = (await file.stat()).size;
    const scan = new BoundaryScan(size, spec.count, dialect.delimiter.charCodeAt(0), dialect.bom && dialect.encoding === 'utf-8' ? 3 : 0);
    const need = Math.min(spec.index, spec.count - 1);
    const buffer = Buffer.alloc(1 << 20);
    for (let at = 0; !scan.done(need); ) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) {
        scan.finish();
        break;
      }
      scan.feed(buffer.subarray(0, bytesRead), at, need);
      at += bytesRead;
    }
    return scan.range(spec);
  } finally {
    await file.close();
  }
}

export interface ShardRequest extends PredictRequest {
  readonly shard: ShardSpec;
  /** The train version scoring (recorded so that --merge refuses parts of different models). */
  readonly model: string;
}

/** Scores one shard of `req.input` into `req.output` and writes its record. */
export async function predictShard(pipeline: ScoringPipeline, req: ShardRequest): Promise<PredictFileSummary> {
  assertShardable(req);
  const range = await findShardRange(req.input, req.shard);
  const tmp = await mkdtemp(join(tmpdir(), 'spm-shard-'));
  trackTemp(tmp);
  try {
    const input = join(tmp, basename(req.input).replace(/(\.csv)?$/i, '.csv'));
    await copyShard(req.input, range, input);
    // Messages name the user's file, not the temporary copy.
    const named = (text: string): string => text.replaceAll(input, req.input);
    let summary: PredictFileSummary;
    try {
      summary = await predictFile(pipeline, { ...req, input, lineOffset: range.lineOffset, started: undefined });
    } catch (error) {
      if (error instanceof SpmError) throw new SpmError(error.code, named(error.message), { ...(error.hint === undefined ? {} : { hint: named(error.hint) }) });
      throw error;
    }
    summary = { ...summary, warnings: summary.warnings.map(named) };
    const { output: _o, sample_rejects: _s, ...rest } = summary;
    const record: ShardRecord = {
      format: 'spm-predict-shard',
      version: 1,
      shard: req.shard,
      input: { path: resolve(req.input), size: (await stat(req.input)).size },
      model: req.model,
      bytes: { start: range.start, end: range.end },
      summary: rest,
    };
    await writeFileAtomic(shardRecordPath(req.output), `${JSON.stringify(record, null, 2)}\n`);
    return summary;
  } finally {
    await rm(tmp, { recursive: true, force: true });
    untrackTemp(tmp);
  }
}

function assertShardable(req: PredictRequest): void {
  const usage = (message: string): SpmError => new SpmError('USAGE', message, { hint: 'spm predict -i big.csv --shard 3/16 -o part-03.csv' });
  if (req.input === '-') throw usage('--shard needs -i FILE: stdin cannot be cut into byte ranges');
  if (isConvertedInput(req.input)) throw usage(`--shard reads CSV files; ${req.input} is converted as one stream (save it as CSV)`);
  if (req.output === '-' || isParquetOutput(req.output)) throw usage('--shard needs -o FILE.csv: the parts are CSV files that --merge joins');
}

/** Header bytes, then the shard's bytes, into `target`. */
async function copyShard(path: string, range: ShardRange, target: string): Promise<void> {
  const out = createWriteStream(target);
  const parts: Array<[number, number]> = [[0, range.headerEnd], [range.start, range.end]];
  for (const [start, end] of parts) {
    if (end > start) await pipe(createReadStream(path, { start, end: end - 1 }), out, { end: false });
  }
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
}

