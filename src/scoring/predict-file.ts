/**
 * `spm predict` I/O: streams a CSV (file or stdin) through the scoring pipeline in batches,
 * writing scored rows (file, atomically, or stdout) and rejected rows with their line number
 * and reason. Every input row ends up in exactly one of the two: scored + rejected = rows.
 */
import { stat } from 'node:fs/promises';
import { parseCsv } from '../data/csv-parse.js';
import { describeDialect } from '../data/csv-dialect.js';
import { columnSpecsOf, nonFeatureSpecs } from '../data/schema.js';
import { FORMULA_STARTS, formatCsvField, formatCsvRow } from '../data/csv-write.js';
import { cellText } from '../data/table.js';
import { openAtomicOutput, type AtomicOutput } from '../store/atomic.js';
import type { ScoringPipeline } from './scoring-pipeline.js';
import { SAMPLE_REJECTS, writeRounded4, writeText } from './format.js';
import type { ParsedChunk } from './parse-protocol.js';
import { openParsed, type StartedWorker } from './parsed-source.js';
import { addCounts, nonZero } from '../util/counts.js';
import { outputColumns, scoreTable, type ScoreOptions, type ScoredRows } from './score.js';
import type { ColumnSpec } from '../data/to-table.js';
import { isParquetOutput } from '../data/input-format.js';
import type { ParquetTarget } from './parquet-output.js';
import type { ReadProgress } from '../util/progress.js';
import { recordedIds, recordLines, unrecordedNote, type PredictionRecorder, type PrintedPredictions, type RecordTarget } from './record-lines.js';

export interface PredictRequest {
  readonly input: string;
  readonly output: string;
  /** Where rejected rows go; default `<output without .csv>.rejects.csv`, none when output is stdout. */
  readonly rejects?: string;
  readonly explain: boolean;
  readonly threshold: number;
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** What messages call stdin (e.g. 'request body'). */
  readonly stdinName?: string;
  /** Write the scored CSV here instead of opening `output` (serve's response); rejects then only go to `rejects` when given. */
  readonly sink?: AtomicOutput;
  /** Parse on a worker thread (default: for large files). */
  readonly worker?: boolean;
  /** A parse worker started early for `input` (startParseWorker). */
  readonly started?: StartedWorker;
  /** Called as the reading starts and after each chunk. */
  readonly onProgress?: (read: ReadProgress) => void;
  /** Record each scored row's ids and prediction (predict.record); absent: nothing recorded. */
  readonly record?: PredictionRecorder;
  /** Added to rejects' line numbers: the input is a shard of a larger file (predict-shard.ts). */
  readonly lineOffset?: number;
  /** Told of each chunk once scored (serve's metrics). */
  readonly onChunk?: ChunkObserver;
}

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

/** What `spm predict` reports once a file is scored: counts, rejects and where the output went. */
export interface PredictFileSummary {
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
  /** The input's dialect in one line (sniffed on its own: any dialect the reader knows is scored). */
  readonly read_as: string;
  /** What a person should know about the reading (text that was not UTF-8). */
  readonly warnings: readonly string[];
  /** Rows whose ids and prediction were recorded for `spm feedback`; null when nothing was (see record_note). */
  readonly recorded: number | null;
  /** Why nothing was recorded though recording was asked for (no id column); null otherwise. */
  readonly record_note: string | null;
}

async function isDevice(path: string): Promise<boolean> {
  if (path === '-') return false;
  const st = await stat(path).catch(() => null);
  return st !== null && !st.isFile() && !st.isDirectory();
}

export function defaultRejectsPath(output: string): string | null {
  if (output === '-') return null;
  return `${output.replace(/\.(csv|parquet)$/i, '')}.rejects.csv`;
}

/** Scored or rejected rows, batched into chunks for one atomic output (file or stdout). */
class OutputFile {
  private buffer: (string | Uint8Array)[] = [];
  /** Characters or bytes buffered (only a threshold for writing). */
  private size = 0;

  constructor(private readonly out: AtomicOutput) {}

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

  /** Buffers text (or UTF-8 bytes) that already ends with a line break (a whole chunk's lines at once). */
  text(text: string | Uint8Array): void {
    this.buffer.push(text);
    this.size += text.length;
  }

  async drain(): Promise<void> {
    if (this.size > 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const parts = this.buffer;
    const chunk = parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
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

/**
 * A chunk's scored rows as output lines, UTF-8 bytes: each record as it came (escaped where a
 * spreadsheet could read a formula), then the output columns. A record read as bytes is copied
 * and a regression prediction printed straight into the buffer (writeRounded4): no string per
 * row. On 1,000,000 rows the strings (a prediction's text, the line, the chunk's join and its
 * encoding) cost the main thread more than scoring them (profiled). With `keepPrinted`, where each
 * printed prediction lies is kept for recording (record-lines.ts), which copies it.
 */
function scoredLines(batch: ParsedChunk, result: ScoredRows, rowOf: Int32Array, keepPrinted: boolean): { lines: Buffer; printed?: PrintedPredictions } {
  const values = result.predictionValues;
  const texts = outputTexts(result);
  const echoed = new Map<number, string>();
  let size = 0;
  for (let i = 0; i < batch.records; i++) {
    const row = rowOf[i]!;
    if (row < 0) continue;
    // Records of another dialect come as comma CSV already (the output is comma, point, UTF-8).
    const line = batch.mayNeedEscaping ? batch.line(i) : undefined;
    const echo = line === undefined ? line : echoRecord(line);
    if (echo !== line) echoed.set(i, echo!);
    size += (echo !== line ? 3 * echo!.length : batch.lineMaxBytes(i)) + (values ? 34 : 0);
    for (const column of texts) size += 3 * column[row]!.length + 1;
    size++;
  }
  const out = Buffer.allocUnsafe(size);
  const start = values && keepPrinted ? new Int32Array(values.length) : undefined;
  const end = values && keepPrinted ? new Int32Array(values.length) : undefined;
  let at = 0;
  for (let i = 0; i < batch.records; i++) {
    const row = rowOf[i]!;
    if (row < 0) continue;
    const echo = echoed.size > 0 ? echoed.get(i) : undefined;
    at += echo === undefined ? batch.copyLine(i, out, at) : out.write(echo, at);
    if (values) {
      out[at++] = COMMA;
      if (start) start[row] = at;
      at += writeRounded4(values[row]!, out, at);
      if (end) end[row] = at;
    }
    for (const column of texts) {
      out[at++] = COMMA;
      at += writeText(column[row]!, out, at);
    }
    out[at++] = LF;
  }
  const lines = out.subarray(0, at);
  return start && end ? { lines, printed: { bytes: lines, start, end } } : { lines };
}

const COMMA = 44;
const LF = 10;

/** The output columns given as text, in order (the prediction among them unless given as numbers), CSV-quoted where needed. */
function outputTexts(result: ScoredRows): string[][] {
  const quoted = (column: string[]): string[] => column.map((t) => formatCsvField(t));
  return [
    ...(result.predictionValues ? [] : [quotedLabels(result.prediction)]),
    ...(result.probability ? [result.probability] : []),
    ...(result.topFactors ? [quoted(result.topFactors)] : []),
    ...(result.segment ? [quoted(result.segment), quoted(result.recommendation!)] : []),
  ];
}

/** Class labels as CSV fields (a label may hold a comma or a quote): each distinct label formatted once. */
function quotedLabels(labels: readonly string[]): string[] {
  const formatted = new Map<string, string>();
  return labels.map((label) => {
    let text = formatted.get(label);
    if (text === undefined) formatted.set(label, (text = formatCsvField(label)));
    return text;
  });
}

/** The specs predict reads: the model's features, and the segment features it does not use (dropped columns). */
export function scoringSpecs(pipeline: ScoringPipeline): ColumnSpec[] {
  const segmentExtra = pipeline.segments ? nonFeatureSpecs(pipeline.schema, pipeline.segments.features) : [];
  return [...columnSpecsOf(pipeline.schema, { withTarget: false }), ...segmentExtra];
}

/** A parsed chunk scored: which records became which rows of `result`, and which were rejected why. */
export interface ScoredChunk {
  readonly result: ScoredRows;
  /** Per record of the chunk: its row in `result`, or -1 when rejected. */
  readonly rowOf: Int32Array;
  /** Rejected records (index in the chunk, line, reason): unreadable rows first, then unscorable ones. */
  readonly rejects: readonly { readonly record: number; readonly line: number; readonly reason: string }[];
}

/** Told of a parsed chunk and what scoring it gave: which records became which rows, which were rejected. */
export type ChunkObserver = (batch: ParsedChunk, scored: ScoredChunk) => void;

/** Scores one parsed chunk; predict's CSV output and serve's JSON are both written from this. */
export function scoreChunk(pipeline: ScoringPipeline, batch: ParsedChunk, options: ScoreOptions): ScoredChunk {
  const rowOf = new Int32Array(batch.records);
  const rejects: { record: number; line: number; reason: string }[] = [];
  for (const r of batch.rejects) {
    rowOf[r.row] = -1;
    rejects.push({ record: r.row, line: r.line, reason: r.reason });
  }
  const { table } = batch;
  const columnOf = new Map(table.columns.map((c) => [c.name, c] as const));
  const result = scoreTable(pipeline, table, options, (row, column) => {
    const c = columnOf.get(column);
    return c ? cellText(c, row) : '';
  });
  let k = 0;
  for (let i = 0; i < batch.records; i++) {
    if (rowOf[i] === -1) continue;
    const row = k++;
    if (result.unscorable.has(row)) {
      rowOf[i] = -1;
      rejects.push({ record: i, line: batch.lines[row]!, reason: UNSCORABLE });
    } else rowOf[i] = row;
  }
  return { result, rowOf, rejects };
}

/** A reject of a shard with the whole file's line numbers (its line, and the line an unclosed quote opened on). */
function shiftLines<R extends { line: number; reason: string }>(r: R, by: number): R {
  return { ...r, line: r.line + by, reason: r.reason.replace(/(opened on line )(\d+)/, (_, w: string, n: string) => `${w}${Number(n) + by}`) };
}

export async function predictFile(pipeline: ScoringPipeline, req: PredictRequest): Promise<PredictFileSummary> {
  const source = await openParsed(req.input, scoringSpecs(pipeline), {
    ...(req.stdin ? { stdin: req.stdin } : {}),
    ...(req.stdinName ? { stdinName: req.stdinName } : {}),
    ...(req.worker === undefined ? {} : { worker: req.worker }),
    ...(req.started ? { started: req.started } : {}),
  });
  // No rejects file beside a device (-o /dev/null): they go to the summary, as with stdout.
  const rejectsPath = req.sink || (await isDevice(req.output)) ? (req.rejects ?? null) : (req.rejects ?? defaultRejectsPath(req.output));
  let out: OutputFile | undefined;
  let parquet: ParquetTarget | undefined;
  let rejectsOut: OutputFile | null = null;
  let record: RecordTarget | null = null;
  const ids = req.record ? recordedIds(pipeline.schema, source.header) : [];
  let recorded = 0;
  const unseen: Record<string, number> = {};
  const outOfRange: Record<string, number> = {};
  const sample: RejectedRow[] = [];
  let rows = 0;
  let scored = 0;
  let rejected = 0;
  try {
    // -o *.parquet: the CSV is written to a temporary file, then converted (parquet-output.ts).
    parquet = !req.sink && isParquetOutput(req.output) ? (await import('./parquet-output.js')).openParquetTarget(req.output, pipeline) : undefined;
    out = req.sink ? new OutputFile(req.sink) : await OutputFile.open(parquet?.csvPath ?? req.output);
    rejectsOut = rejectsPath ? await OutputFile.open(rejectsPath) : null;
    out.line(formatCsvRow([...source.header, ...outputColumns(pipeline, req.explain)]));
    rejectsOut?.line('line,reason,record');
    if (req.record && ids.length) record = await req.record.open(ids.map((c) => c.name));
    const { totalBytes } = source;
    req.onProgress?.({ rows: 0, bytesRead: 0, totalBytes }); // times the reading from its start
    for await (const batch of source.chunks) {
      const chunk = scoreChunk(pipeline, batch, { explain: req.explain, threshold: req.threshold, numbers: true });
      req.onChunk?.(batch, chunk);
      const { result, rowOf, rejects } = chunk;
      for (const r0 of rejects) {
        const r = req.lineOffset ? shiftLines(r0, req.lineOffset) : r0;
        // A row that is not scored: sampled for the summary and written, with its record, to the rejects file.
        if (sample.length < SAMPLE_REJECTS) sample.push({ line: r.line, reason: r.reason });
        rejectsOut?.line(formatCsvRow([String(r.line), r.reason, batch.raw(r.record)], { spreadsheetSafe: true }));
      }
      const { lines: scoredText, printed } = scoredLines(batch, result, rowOf, record !== null);
      out.text(scoredText);
      if (record) {
        const lines = recordLines(batch, result, rowOf, ids, printed);
        await record.write(lines.text, lines.rows);
        recorded += lines.rows;
      }
      addCounts(unseen, result.unseen);
      addCounts(outOfRange, result.outOfRange);
      rows += batch.records;
      scored += batch.records - rejects.length;
      rejected += rejects.length;
      req.onProgress?.({ rows, bytesRead: batch.bytesRead, totalBytes });
      await out.drain();
      await rejectsOut?.drain();
    }
    await out.commit();
    await parquet?.finish(source.header.length);
    await record?.commit();
    if (rejectsOut) {
      if (rejected > 0) await rejectsOut.commit();
      else await rejectsOut.discard();
    }
  } catch (error) {
    await out?.discard();
    await parquet?.cleanup();
    await rejectsOut?.discard();
    await record?.discard();
    await source.close();
    throw error;
  }
  return {
    rows,
    scored,
    rejected,
    unseen_categories: nonZero(unseen),
    out_of_range: nonZero(outOfRange),
    output: req.output,
    rejects: rejected > 0 ? rejectsPath : null,
    sample_rejects: sample,
    read_as: describeDialect(source.dialect),
    warnings: [...source.warnings],
    recorded: record ? recorded : null,
    record_note: req.record ? unrecordedNote(pipeline.schema, source.header) : null,
  };
}
