/**
 * `spm predict` I/O: streams a CSV (file or stdin) through the scoring pipeline in batches,
 * writing scored rows (file, atomically, or stdout) and rejected rows with their line number
 * and reason. Every input row ends up in exactly one of the two: scored + rejected = rows.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { readCsv } from '../data/csv-source.js';
import { formatCsvRow } from '../data/csv-write.js';
import { TableBuilder } from '../data/to-table.js';
import { tempName } from '../store/atomic.js';
import type { ScoringPipeline } from '../pipeline/stages/load.js';
import { splitSpecs } from '../pipeline/stages/load.js';
import { outputColumns, scoreTable } from './score.js';

export interface PredictRequest {
  readonly input: string;
  readonly output: string;
  /** Where rejected rows go; default `<output without .csv>.rejects.csv`, none when output is stdout. */
  readonly rejects?: string;
  readonly explain: boolean;
  readonly threshold: number;
  readonly stdin?: AsyncIterable<Uint8Array>;
  readonly onProgress?: (rows: number) => void;
}

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

export interface PredictSummary {
  readonly rows: number;
  readonly scored: number;
  readonly rejected: number;
  readonly unseen_categories: Record<string, number>;
  readonly output: string;
  readonly rejects: string | null;
  /** The first rejects (for the stderr summary when there is no rejects file). */
  readonly sample_rejects: readonly RejectedRow[];
}

export function defaultRejectsPath(output: string): string | null {
  if (output === '-') return null;
  return `${output.replace(/\.csv$/i, '')}.rejects.csv`;
}

/** A file written under a temporary name and renamed when complete (or stdout). */
class OutputFile {
  private readonly stream: Writable;
  private readonly tmp: string | null;
  private buffer: string[] = [];
  private size = 0;

  private constructor(readonly path: string, stream: Writable, tmp: string | null) {
    this.stream = stream;
    this.tmp = tmp;
  }

  static async open(path: string): Promise<OutputFile> {
    if (path === '-') return new OutputFile(path, process.stdout, null);
    await mkdir(dirname(path), { recursive: true });
    const tmp = tempName(path);
    const stream: WriteStream = createWriteStream(tmp);
    await once(stream, 'open');
    return new OutputFile(path, stream, tmp);
  }

  async line(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async commit(): Promise<void> {
    await this.flush();
    if (this.tmp === null) return;
    this.stream.end();
    await once(this.stream, 'close');
    await rename(this.tmp, this.path);
  }

  async discard(): Promise<void> {
    if (this.tmp === null) return;
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}

const SAMPLE_REJECTS = 20;

export async function predictFile(pipeline: ScoringPipeline, req: PredictRequest): Promise<PredictSummary> {
  const source = await readCsv(req.input, req.stdin ? { stdin: req.stdin } : {});
  const builder = new TableBuilder(source.header, splitSpecs(pipeline.schema, { withTarget: false }), { source: source.name });
  const rejectsPath = req.rejects ?? defaultRejectsPath(req.output);
  const out = await OutputFile.open(req.output);
  const rejectsOut = rejectsPath ? await OutputFile.open(rejectsPath) : null;
  const headerIndex = new Map(source.header.map((h, i) => [h, i] as const));
  const unseen: Record<string, number> = {};
  const sample: RejectedRow[] = [];
  let rows = 0;
  let scored = 0;
  let rejected = 0;
  try {
    await out.line(formatCsvRow([...source.header, ...outputColumns(pipeline, req.explain)]));
    await rejectsOut?.line('line,reason,record');
    for await (const batch of source.batches) {
      builder.add(batch.rows, batch.lines, batch.malformed);
      const taken = builder.take();
      const rejectedRows = new Set<number>();
      for (const r of taken.rejects) {
        rejectedRows.add(r.row);
        if (sample.length < SAMPLE_REJECTS) sample.push({ line: r.line, reason: r.reason });
        await rejectsOut?.line(formatCsvRow([String(r.line), r.reason, formatCsvRow(batch.rows[r.row]!, { spreadsheetSafe: false })]));
      }
      const kept: number[] = [];
      for (let i = 0; i < batch.rows.length; i++) if (!rejectedRows.has(i)) kept.push(i);
      const result = scoreTable(pipeline, taken.table, req, (row, column) => batch.rows[kept[row]!]![headerIndex.get(column)!] ?? '');
      for (let k = 0; k < kept.length; k++) {
        const fields = [...batch.rows[kept[k]!]!, result.prediction[k]!];
        if (result.probability) fields.push(result.probability[k]!);
        if (result.topFactors) fields.push(result.topFactors[k]!);
        await out.line(formatCsvRow(fields));
      }
      for (const [column, count] of Object.entries(result.unseen)) unseen[column] = (unseen[column] ?? 0) + count;
      rows += batch.rows.length;
      scored += kept.length;
      rejected += taken.rejects.length;
      req.onProgress?.(rows);
    }
    await out.commit();
    if (rejectsOut) {
      if (rejected > 0) await rejectsOut.commit();
      else await rejectsOut.discard();
    }
  } catch (error) {
    await out.discard();
    await rejectsOut?.discard();
    await source.close();
    throw error;
  }
  return {
    rows,
    scored,
    rejected,
    unseen_categories: Object.fromEntries(Object.entries(unseen).filter(([, c]) => c > 0)),
    output: req.output,
    rejects: rejected > 0 ? rejectsPath : null,
    sample_rejects: sample,
  };
}
