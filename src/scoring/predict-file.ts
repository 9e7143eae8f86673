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
import { parseCsv } from '../data/csv-parse.js';
import { readCsvTable } from '../data/csv-source.js';
import { formatCsvField, formatCsvRow } from '../data/csv-write.js';
import { cellText } from '../data/table.js';
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
  /** Per numeric column: scored rows whose value lies outside the range seen in training. */
  readonly out_of_range: Record<string, number>;
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

/** Characters a risky cell starts with; most lines have none, and a character class is cheap. */
const RISKY_CHAR = /[=+\-@\t\r]/;
/** A field of the raw line starts with one of them: re-format the record spreadsheet-safe. */
const MAYBE_FORMULA = /(?:^|,)"?[=+\-@\t\r]/;

/** The input record as output text: verbatim unless a cell needs spreadsheet escaping. */
function echoRecord(raw: string): string {
  if (!RISKY_CHAR.test(raw) || !MAYBE_FORMULA.test(raw)) return raw;
  const parsed = parseCsv(`${raw}\n`);
  return parsed.header.length ? formatCsvRow(parsed.header) : raw;
}

export async function predictFile(pipeline: ScoringPipeline, req: PredictRequest): Promise<PredictSummary> {
  const specs = splitSpecs(pipeline.schema, { withTarget: false });
  const source = await readCsvTable(req.input, specs, { keepRaw: true, ...(req.stdin ? { stdin: req.stdin } : {}) });
  const rejectsPath = req.rejects ?? defaultRejectsPath(req.output);
  let out: OutputFile | undefined;
  let rejectsOut: OutputFile | null = null;
  const unseen: Record<string, number> = {};
  const outOfRange: Record<string, number> = {};
  const sample: RejectedRow[] = [];
  let rows = 0;
  let scored = 0;
  let rejected = 0;
  try {
    out = await OutputFile.open(req.output);
    rejectsOut = rejectsPath ? await OutputFile.open(rejectsPath) : null;
    await out.line(formatCsvRow([...source.header, ...outputColumns(pipeline, req.explain)]));
    await rejectsOut?.line('line,reason,record');
    for await (const batch of source.batches) {
      const raw = batch.raw!;
      const rejectedRows = new Set<number>();
      for (const r of batch.rejects) {
        rejectedRows.add(r.row);
        if (sample.length < SAMPLE_REJECTS) sample.push({ line: r.line, reason: r.reason });
        await rejectsOut?.line(formatCsvRow([String(r.line), r.reason, raw[r.row]!], { spreadsheetSafe: true }));
      }
      const { table } = batch;
      const columnOf = new Map(table.columns.map((c) => [c.name, c] as const));
      const result = scoreTable(pipeline, table, req, (row, column) => {
        const c = columnOf.get(column);
        return c ? cellText(c, row) : '';
      });
      let k = 0;
      for (let i = 0; i < raw.length; i++) {
        if (rejectedRows.has(i)) continue;
        let line = `${echoRecord(raw[i]!)},${result.prediction[k]!}`;
        if (result.probability) line += `,${result.probability[k]!}`;
        if (result.topFactors) line += `,${formatCsvField(result.topFactors[k]!)}`;
        await out.line(line);
        k++;
      }
      for (const [column, count] of Object.entries(result.unseen)) unseen[column] = (unseen[column] ?? 0) + count;
      for (const [column, count] of Object.entries(result.outOfRange)) outOfRange[column] = (outOfRange[column] ?? 0) + count;
      rows += raw.length;
      scored += k;
      rejected += batch.rejects.length;
      req.onProgress?.(rows);
    }
    await out.commit();
    if (rejectsOut) {
      if (rejected > 0) await rejectsOut.commit();
      else await rejectsOut.discard();
    }
  } catch (error) {
    await out?.discard();
    await rejectsOut?.discard();
    await source.close();
    throw error;
  }
  return {
    rows,
    scored,
    rejected,
    unseen_categories: Object.fromEntries(Object.entries(unseen).filter(([, c]) => c > 0)),
    out_of_range: Object.fromEntries(Object.entries(outOfRange).filter(([, c]) => c > 0)),
    output: req.output,
    rejects: rejected > 0 ? rejectsPath : null,
    sample_rejects: sample,
  };
}
