/**
 * `spm predict` I/O: streams a CSV (file or stdin) through the scoring pipeline in batches,
 * writing scored rows (file, atomically, or stdout) and rejected rows with their line number
 * and reason. Every input row ends up in exactly one of the two: scored + rejected = rows.
 */
import { parseCsv } from '../data/csv-parse.js';
import { columnSpecsOf } from '../data/schema.js';
import { FORMULA_STARTS, formatCsvField, formatCsvRow } from '../data/csv-write.js';
import { cellText } from '../data/table.js';
import { openAtomicOutput, type AtomicOutput } from '../store/atomic.js';
import type { ScoringPipeline } from '../pipeline/stages/load.js';
import { nonFeatureSpecs } from '../pipeline/stages/param-columns.js';
import { SAMPLE_REJECTS } from './format.js';
import { openParsed } from './parsed-source.js';
import { outputColumns, scoreTable } from './score.js';

export interface PredictRequest {
  readonly input: string;
  readonly output: string;
  /** Where rejected rows go; default `<output without .csv>.rejects.csv`, none when output is stdout. */
  readonly rejects?: string;
  readonly explain: boolean;
  readonly threshold: number;
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** Parse on a worker thread (default: for large files). */
  readonly worker?: boolean;
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

/** Scored or rejected rows, batched into chunks for one atomic output (file or stdout). */
class OutputFile {
  private buffer: string[] = [];
  private size = 0;

  private constructor(private readonly out: AtomicOutput) {}

  get path(): string {
    return this.out.path;
  }

  static async open(path: string): Promise<OutputFile> {
    return new OutputFile(await openAtomicOutput(path));
  }

  /** Buffers one line; call `drain()` now and then (once per chunk) to write and wait. */
  line(text: string): void {
    this.text(`${text}\n`);
  }

  /** Buffers text that already ends with a line break (a whole chunk's lines at once). */
  text(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
  }

  async drain(): Promise<void> {
    if (this.size > 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    await this.out.write(chunk);
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.out.commit();
  }

  async discard(): Promise<void> {
    await this.out.discard();
  }
}

const UNSCORABLE = 'cannot be scored: the prediction is not a finite number (a value far outside the training range?)';

/** Some field of a raw line starts (after an optional quote) like a formula. */
const escapeForClass = (c: string): string => (c === '-' ? '\\-' : c);
const MAYBE_FORMULA = new RegExp(`(?:^|,)"?[${FORMULA_STARTS.map(escapeForClass).join('')}]`);

/** The input record as output text: verbatim unless a cell needs spreadsheet escaping. */
function echoRecord(raw: string): string {
  if (!MAYBE_FORMULA.test(raw)) return raw;
  const parsed = parseCsv(`${raw}\n`);
  return parsed.header.length ? formatCsvRow(parsed.header) : raw;
}

export async function predictFile(pipeline: ScoringPipeline, req: PredictRequest): Promise<PredictSummary> {
  // Segment features the model does not use (dropped columns) are read too.
  const segmentExtra = pipeline.segments ? nonFeatureSpecs(pipeline.schema, pipeline.segments.features) : [];
  const specs = [...columnSpecsOf(pipeline.schema, { withTarget: false }), ...segmentExtra];
  const source = await openParsed(req.input, specs, { ...(req.stdin ? { stdin: req.stdin } : {}), ...(req.worker === undefined ? {} : { worker: req.worker }) });
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
    out.line(formatCsvRow([...source.header, ...outputColumns(pipeline, req.explain)]));
    rejectsOut?.line('line,reason,record');
    /** A row that is not scored: sampled for the summary and written, with its record, to the rejects file. */
    const reject = (line: number, reason: string, record: string): void => {
      if (sample.length < SAMPLE_REJECTS) sample.push({ line, reason });
      rejectsOut?.line(formatCsvRow([String(line), reason, record], { spreadsheetSafe: true }));
    };
    for await (const batch of source.chunks) {
      const rejectedRows = new Set<number>();
      for (const r of batch.rejects) {
        rejectedRows.add(r.row);
        reject(r.line, r.reason, batch.raw(r.row));
      }
      const { table } = batch;
      const columnOf = new Map(table.columns.map((c) => [c.name, c] as const));
      const result = scoreTable(pipeline, table, req, (row, column) => {
        const c = columnOf.get(column);
        return c ? cellText(c, row) : '';
      });
      let k = 0;
      let kept = 0;
      const echo = batch.mayNeedEscaping ? echoRecord : (raw: string) => raw;
      // One string per chunk, built by concatenation: V8 joins it once when it is written.
      let text = '';
      for (let i = 0; i < batch.records; i++) {
        if (rejectedRows.size > 0 && rejectedRows.has(i)) continue;
        const row = k++;
        if (result.unscorable.has(row)) {
          reject(batch.lines[row]!, UNSCORABLE, batch.raw(i));
          continue;
        }
        text += `${echo(batch.raw(i))},${result.prediction[row]!}`;
        if (result.probability) text += `,${result.probability[row]!}`;
        if (result.topFactors) text += `,${formatCsvField(result.topFactors[row]!)}`;
        if (result.segment) text += `,${formatCsvField(result.segment[row]!)},${formatCsvField(result.recommendation![row]!)}`;
        text += '\n';
        kept++;
      }
      out.text(text);
      for (const [column, count] of Object.entries(result.unseen)) unseen[column] = (unseen[column] ?? 0) + count;
      for (const [column, count] of Object.entries(result.outOfRange)) outOfRange[column] = (outOfRange[column] ?? 0) + count;
      rows += batch.records;
      scored += kept;
      rejected += batch.rejects.length + (k - kept);
      req.onProgress?.(rows);
      await out.drain();
      await rejectsOut?.drain();
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
