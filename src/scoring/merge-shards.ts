/**
 * `spm predict --merge part-*.csv -o out.csv`: joins the parts that `--shard i/n` wrote, in
 * shard order (from their `.shard.json` records, not from the order given), into the scored
 * CSV and rejects file one `spm predict` writes. It refuses parts that do not make one whole:
 * a shard missing or given twice, parts of another input, model or shard count, byte ranges
 * that do not meet. A rejects file matched by the same glob (`part-03.rejects.csv`) is skipped.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SpmError } from '../errors.js';
import { openAtomicOutput } from '../store/atomic.js';
import { addCounts, nonZero } from '../util/counts.js';
import { defaultRejectsPath, type PredictFileSummary } from './predict-file.js';
import { shardRecordPath, type ShardRecord } from './predict-shard.js';

export interface MergeRequest {
  readonly parts: readonly string[];
  readonly output: string;
  readonly rejects?: string;
}

export interface MergeSummary extends Omit<PredictFileSummary, 'sample_rejects'> {
  readonly model: string;
  readonly shards: number;
}

const mismatch = (message: string): SpmError =>
  new SpmError('SHARD_MISMATCH', message, { hint: 'give --merge every part of one run: spm predict --merge part-*.csv -o out.csv' });

/** The parts' records, in shard order, checked to make one whole. */
export async function readShardRecords(paths: readonly string[]): Promise<Array<{ path: string; record: ShardRecord }>> {
  const found: Array<{ path: string; record: ShardRecord | null }> = [];
  for (const path of paths) found.push({ path, record: await readRecord(path) });
  const rejectsFiles = new Set(found.flatMap((f) => (f.record?.summary.rejects ? [resolve(f.record.summary.rejects)] : [])));
  const parts: Array<{ path: string; record: ShardRecord }> = [];
  for (const f of found) {
    if (f.record !== null) parts.push({ path: f.path, record: f.record });
    else if (!rejectsFiles.has(resolve(f.path)) && !/\.rejects\.csv$/i.test(f.path)) throw mismatch(`${f.path} is not a part written by spm predict --shard (no ${shardRecordPath(f.path)} beside it)`);
  }
  if (parts.length === 0) throw mismatch('--merge was given no part written by spm predict --shard');
  const first = parts[0]!.record;
  for (const { path, record } of parts) {
    if (record.shard.count !== first.shard.count) throw mismatch(`${path} is shard ${record.shard.index}/${record.shard.count}, ${parts[0]!.path} is of ${first.shard.count}`);
    if (record.input.path !== first.input.path || record.input.size !== first.input.size) throw mismatch(`${path} scored ${record.input.path} (${record.input.size} bytes), ${parts[0]!.path} scored ${first.input.path} (${first.input.size} bytes)`);
    if (record.model !== first.model) throw mismatch(`${path} was scored with train/${record.model}, ${parts[0]!.path} with train/${first.model}`);
    if (record.summary.read_as !== first.summary.read_as) throw mismatch(`${path} was read as ${record.summary.read_as}, ${parts[0]!.path} as ${first.summary.read_as}`);
  }
  parts.sort((a, b) => a.record.shard.index - b.record.shard.index);
  for (let i = 0; i < first.shard.count; i++) {
    const part = parts[i];
    if (part === undefined || part.record.shard.index !== i + 1) throw mismatch(`shard ${i + 1}/${first.shard.count} is missing`);
    if (parts[i + 1]?.record.shard.index === i + 1) throw mismatch(`shard ${i + 1}/${first.shard.count} is given twice: ${part.path} and ${parts[i + 1]!.path}`);
    const previous = parts[i - 1];
    if (previous && previous.record.bytes.end !== part.record.bytes.start) throw mismatch(`${previous.path} ends at byte ${previous.record.bytes.end} but ${part.path} starts at ${part.record.bytes.start}`);
  }
  if (parts.length !== first.shard.count) throw mismatch(`${parts.length} parts given for ${first.shard.count} shards`);
  return parts;
}

async function readRecord(path: string): Promise<ShardRecord | null> {
  let text: string;
  try {
    text = await readFile(shardRecordPath(path), 'utf8');
  } catch {
    return null;
  }
  const v = JSON.parse(text) as Partial<ShardRecord>;
  if (v.format !== 'spm-predict-shard' || v.version !== 1) throw mismatch(`${shardRecordPath(path)} is not a shard record of this spm`);
  return v as ShardRecord;
}

/** Joins the parts into `output` (and their rejects into the rejects file), atomically. */
export async function mergeShards(req: MergeRequest): Promise<MergeSummary> {
  const parts = await readShardRecords(req.parts);
  const rejectsPath = req.rejects ?? defaultRejectsPath(req.output);
  const total = { rows: 0, scored: 0, rejected: 0 };
  const unseen: Record<string, number> = {};
  const outside: Record<string, number> = {};
  for (const { record } of parts) {
    total.rows += record.summary.rows;
    total.scored += record.summary.scored;
    total.rejected += record.summary.rejected;
    addCounts(unseen, record.summary.unseen_categories);
    addCounts(outside, record.summary.out_of_range);
  }
  await joinFiles(parts.map((p) => p.path), req.output);
  const rejectsFiles = parts.flatMap((p) => (p.record.summary.rejects ? [p.record.summary.rejects] : []));
  if (total.rejected > 0 && rejectsPath !== null) await joinFiles(rejectsFiles, rejectsPath);
  const first = parts[0]!.record;
  return {
    ...total,
    unseen_categories: nonZero(unseen),
    out_of_range: nonZero(outside),
    output: req.output,
    rejects: total.rejected > 0 ? rejectsPath : null,
    read_as: first.summary.read_as,
    warnings: [...new Set(parts.flatMap((p) => p.record.summary.warnings))],
    model: first.model,
    shards: first.shard.count,
    // Each shard recorded its own predictions batch (spm feedback joins them all by id).
    recorded: parts.some((p) => p.record.summary.recorded !== null && p.record.summary.recorded !== undefined) ? parts.reduce((n, p) => n + (p.record.summary.recorded ?? 0), 0) : null,
    record_note: first.summary.record_note ?? null,
  };
}

/** The first file whole, then every other one without its first (header) line. */
async function joinFiles(files: readonly string[], target: string): Promise<void> {
  const out = await openAtomicOutput(target);
  try {
    let header: Buffer | undefined;
    for (const file of files) {
      let skipping = header !== undefined;
      let head: Buffer[] = [];
      for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
        let bytes = chunk;
        if (skipping) {
          const lf = bytes.indexOf(10);
          if (lf === -1) {
            head.push(bytes);
            continue;
          }
          const line = Buffer.concat([...head, bytes.subarray(0, lf + 1)]);
          if (!line.equals(header!)) throw mismatch(`${file} has another header than ${files[0]}`);
          bytes = bytes.subarray(lf + 1);
          skipping = false;
          head = [];
        } else if (header === undefined) {
          const lf = bytes.indexOf(10);
          header = Buffer.from(bytes.subarray(0, lf + 1)); // parts start with their header line
        }
        await out.write(bytes);
      }
    }
    await out.commit();
  } catch (error) {
    await out.discard();
    throw error;
  }
}
