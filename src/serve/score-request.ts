/**
 * POST /v1/predict: a request body (CSV text, or JSON records turned into CSV text) scored
 * through the same chunks as `spm predict` — one schema contract, the same numbers for the
 * same rows. `row` is the 1-based data row of the body (record index, not line number, so a
 * quoted field spanning lines does not shift it) or the 1-based index of a JSON record.
 */
import { formatCsvRow } from '../data/csv-write.js';
import { cellText } from '../data/table.js';
import type { ColumnSpec } from '../data/to-table.js';
import { predictFile, scoreChunk, scoringSpecs, type ChunkObserver } from '../scoring/predict-file.js';
import { addCounts, nonZero } from '../util/counts.js';
import { openParsed } from '../scoring/parsed-source.js';
import type { AtomicOutput } from '../store/atomic.js';
import { bodyStream, HttpError } from './http.js';
import type { ServedModel } from './served-model.js';
import { recordedIds, recordLines, type PredictionRecorder } from '../scoring/record-lines.js';

/** A scored request's counts and rejects: everything but the predictions. */
export interface ScoredRequestSummary {
  readonly model: string;
  readonly rows: number;
  readonly scored: number;
  readonly rejected: number;
  readonly unseen_categories: Record<string, number>;
  readonly out_of_range: Record<string, number>;
  readonly rejects: { readonly row: number; readonly line?: number; readonly reason: string }[];
}

/**
 * A scored request. Predictions are JSON text, in pieces that join into a comma-separated
 * list: written straight from the scorer's columns, a 100,000-row answer costs a fraction of
 * building and stringifying 100,000 objects (see bench/serve.mjs). Each prediction is
 * `{ row, ids?, prediction, probability?, risk_band?, segment?, recommendation?, top_factors, factors }`.
 */
export interface PredictResponse extends ScoredRequestSummary {
  readonly predictions: readonly string[];
}

/** Where predictions go as they are scored: `open` once the body's header is accepted, then the pieces in order. */
export interface PredictionSink {
  open(model: string): void;
  write(piece: string): void | Promise<void>;
  /** Record the scored rows' ids and predictions (predict.record): committed once the whole body is scored, never for a failed one. */
  readonly record?: PredictionRecorder;
}

/**
 * The response document in three parts, so that it can be sent while it is scored: the head
 * (model, the predictions' opening bracket), the pieces, and the tail (rejects and counts).
 */
export const responseHead = (model: string): string => `{"model":${JSON.stringify(model)},"predictions":[`;

export function responseTail(r: ScoredRequestSummary): string {
  const counts = { rows: r.rows, scored: r.scored, rejected: r.rejected, unseen_categories: r.unseen_categories, out_of_range: r.out_of_range };
  return `],"rejects":${JSON.stringify(r.rejects)},${JSON.stringify(counts).slice(1)}`;
}

export const responseJson = (r: PredictResponse): string => `${responseHead(r.model)}${r.predictions.join('')}${responseTail(r)}`;

/** JSON.stringify of strings that repeat (column names, categories, segments, actions), remembered. */
function quoter(): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let q = memo.get(text);
    if (q === undefined) {
      q = JSON.stringify(text);
      if (memo.size < 50_000) memo.set(text, q);
    }
    return q;
  };
}

const BODY = 'request body';

/** The id columns a body has, read (open categories) so that each prediction can name its student. */
function idSpecs(model: ServedModel, header: readonly string[]): ColumnSpec[] {
  return model.pipeline.schema.columns.filter((c) => c.role === 'id' && header.includes(c.name)).map((c) => ({ name: c.name, type: 'categorical', dictionary: [] }));
}

export interface ScoreBodyOptions {
  /** Maps a 0-based record of the text to the `row` reported (JSON: the record's index in the array); default record + 1. */
  readonly rowNumber?: (record: number) => number;
  /** Report each reject's line (default true; JSON records have none). */
  readonly lineOf?: boolean;
  /** Told of each chunk once scored (serve's metrics). */
  readonly onChunk?: ChunkObserver;
}

/** Scores CSV text into memory (see scoreCsvBody). */
export async function scoreCsvText(model: ServedModel, csv: Buffer, options: ScoreBodyOptions & { readonly record?: PredictionRecorder } = {}): Promise<PredictResponse> {
  const predictions: string[] = [];
  const summary = await scoreCsvBody(model, csv, { open: () => {}, write: (piece) => void predictions.push(piece), ...(options.record ? { record: options.record } : {}) }, options);
  return { ...summary, predictions };
}

/**
 * Scores CSV text, handing the predictions to `sink` as they are scored (a large answer is
 * sent while it is computed instead of held whole).
 */
export async function scoreCsvBody(model: ServedModel, csv: Buffer, sink: PredictionSink, options: ScoreBodyOptions = {}): Promise<ScoredRequestSummary> {
  const { rowNumber = (r: number) => r + 1, lineOf = true, onChunk } = options;
  const { pipeline } = model;
  const specs = scoringSpecs(pipeline);
  let ids: string[] = [];
  const source = await openParsed('-', (header) => {
    const extra = idSpecs(model, header);
    ids = extra.map((s) => s.name);
    return [...specs, ...extra];
  }, { stdin: bodyStream(csv), stdinName: BODY, worker: false });
  sink.open(model.trainId);
  const recorded = sink.record ? recordedIds(pipeline.schema, source.header) : [];
  const record = sink.record && recorded.length ? await sink.record.open(recorded.map((c) => c.name)) : null;
  const regression = pipeline.schema.task === 'regression';
  const quote = quoter();
  const rejects: { row: number; line?: number; reason: string }[] = [];
  const unseen: Record<string, number> = {};
  const outOfRange: Record<string, number> = {};
  let records = 0;
  let scored = 0;
  for await (const batch of source.chunks) {
    const chunk = scoreChunk(pipeline, batch, { explain: true, factors: true, threshold: model.threshold });
    onChunk?.(batch, chunk);
    const { result, rowOf, rejects: rejected } = chunk;
    for (const r of rejected) rejects.push({ row: rowNumber(records + r.record), ...(lineOf ? { line: r.line } : {}), reason: r.reason });
    const idColumns = ids.map((name) => batch.table.columns.find((c) => c.name === name)!);
    // One array of pieces per chunk, joined once: concatenating per row built a rope of small
    // strings per prediction, and collecting them cost more than scoring.
    const parts: string[] = [];
    const factors = result.factors!;
    let kept = 0;
    for (let i = 0; i < batch.records; i++) {
      const k = rowOf[i]!;
      if (k < 0) continue;
      const prediction = result.prediction[k]!;
      const probability = result.probability?.[k];
      // Predictions, probabilities and contributions are number texts already: valid JSON numbers.
      parts.push(scored + kept++ ? ',{"row":' : '{"row":', String(rowNumber(records + i)));
      if (idColumns.length) {
        // Ids the row has (a missing id is left out rather than sent as "").
        parts.push(',"ids":{');
        let n = 0;
        for (const c of idColumns) {
          const id = cellText(c, k);
          if (id !== '') parts.push(n++ ? ',' : '', quote(c.name), ':', quote(id));
        }
        parts.push('}');
      }
      parts.push(',"prediction":', regression ? prediction : quote(prediction));
      if (probability !== undefined) parts.push(',"probability":', probability);
      if (model.risk) parts.push(',"risk_band":', quote(model.risk.band(prediction, probability)));
      if (result.segment) parts.push(',"segment":', quote(result.segment[k]!), ',"recommendation":', quote(result.recommendation![k]!));
      parts.push(',"top_factors":', JSON.stringify(result.topFactors![k]!), ',"factors":[');
      for (let t = 0; t < factors.count[k]!; t++) {
        const at = k * factors.k + t;
        parts.push(t ? ',{"column":' : '{"column":', quote(factors.columns[factors.column[at]!]!), ',"value":', quote(factors.value[at]!), ',"contribution":', factors.contribution[at]!, '}');
      }
      parts.push(']}');
      // Joined every 1,024 rows: the pieces of a whole chunk, alive across collections, were
      // promoted to the old generation by the million.
      if ((kept & 1023) === 0) {
        await sink.write(parts.join(''));
        parts.length = 0;
      }
    }
    if (parts.length) await sink.write(parts.join(''));
    scored += kept;
    if (record) {
      const lines = recordLines(batch, result, rowOf, recorded);
      await record.write(lines.text, lines.rows);
    }
    addCounts(unseen, result.unseen);
    addCounts(outOfRange, result.outOfRange);
    records += batch.records;
  }
  rejects.sort((a, b) => a.row - b.row);
  await record?.commit();
  return {
    model: model.trainId,
    rows: records,
    scored,
    rejected: rejects.length,
    unseen_categories: nonZero(unseen),
    out_of_range: nonZero(outOfRange),
    rejects,
  };
}

/**
 * JSON records (an array of objects, or one object) as CSV text: the header is every key in
 * first-seen order; null or a missing key is a missing value; numbers, strings and booleans are
 * values. A record that is not an object, or holds an object or array, is rejected by itself.
 */
export function recordsToCsv(body: unknown): { csv: string; kept: number[]; rejects: { row: number; reason: string }[] } {
  const records = Array.isArray(body) ? body : body !== null && typeof body === 'object' ? [body] : null;
  if (!records) throw new HttpError(400, 'BAD_JSON', 'the JSON body must be an array of records (objects keyed by column name), or one record', 'e.g. [{"gender": "female", "reading_score": 72}]');
  if (records.length === 0) throw new HttpError(400, 'EMPTY', 'the JSON body holds no records', 'send at least one record');
  const columns = new Map<string, number>();
  const kept: number[] = [];
  const rejects: { row: number; reason: string }[] = [];
  records.forEach((record: unknown, i) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      rejects.push({ row: i + 1, reason: `record is ${record === null ? 'null' : Array.isArray(record) ? 'an array' : `a ${typeof record}`}, not an object of column values` });
      return;
    }
    const nested = Object.entries(record).find(([, v]) => v !== null && typeof v === 'object');
    if (nested) {
      rejects.push({ row: i + 1, reason: `field '${nested[0]}' holds ${Array.isArray(nested[1]) ? 'an array' : 'an object'}, not a value` });
      return;
    }
    for (const key of Object.keys(record)) if (!columns.has(key)) columns.set(key, columns.size);
    kept.push(i);
  });
  const header = [...columns.keys()];
  const lines = [formatCsvRow(header)];
  for (const i of kept) {
    const record = records[i] as Record<string, unknown>;
    lines.push(formatCsvRow(header.map((key) => valueText(record[key]))));
  }
  return { csv: `${lines.join('\n')}\n`, kept, rejects };
}

const valueText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export async function scoreJson(model: ServedModel, body: unknown, options: { readonly onChunk?: ChunkObserver; readonly record?: PredictionRecorder } = {}): Promise<PredictResponse> {
  const { csv, kept, rejects } = recordsToCsv(body);
  if (kept.length === 0) {
    return { model: model.trainId, rows: rejects.length, scored: 0, rejected: rejects.length, unseen_categories: {}, out_of_range: {}, predictions: [], rejects };
  }
  const scored = await scoreCsvText(model, Buffer.from(csv), { rowNumber: (record) => kept[record]! + 1, lineOf: false, ...options });
  const all = [...rejects, ...scored.rejects].sort((a, b) => a.row - b.row);
  return { ...scored, rows: scored.rows + rejects.length, rejected: all.length, rejects: all };
}

/** The scored CSV, byte for byte what `spm predict --explain` writes for the same body. */
export async function scoreCsvToCsv(model: ServedModel, csv: Buffer, options: { readonly onChunk?: ChunkObserver; readonly record?: PredictionRecorder } = {}): Promise<Pick<ScoredRequestSummary, 'rows' | 'scored' | 'rejected' | 'unseen_categories' | 'out_of_range'> & { text: string }> {
  const chunks: string[] = [];
  const sink: AtomicOutput = {
    path: '-',
    write: async (chunk) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    },
    commit: async () => {},
    discard: async () => {
      chunks.length = 0;
    },
  };
  const { onChunk, record } = options;
  const summary = await predictFile(model.pipeline, { input: '-', output: '-', stdin: bodyStream(csv), stdinName: BODY, sink, explain: true, threshold: model.threshold, worker: false, onChunk, ...(record ? { record } : {}) });
  const { rows, scored, rejected, unseen_categories, out_of_range } = summary;
  return { text: chunks.join(''), rows, scored, rejected, unseen_categories, out_of_range };
}

/**
 * Scores a made-up student a few times so that the first real request does not pay for
 * compiling the scoring code (measured: 24 ms for the first single-row request, 0.4 ms after).
 */
export async function warmUp(model: ServedModel, times = 50): Promise<void> {
  const record: Record<string, string | number | null> = {};
  for (const c of model.info.input as readonly { name: string; type: string; categories?: readonly string[]; min?: number }[]) {
    record[c.name] = c.type === 'numeric' ? (c.min ?? 0) : (c.categories?.[0] ?? null);
  }
  try {
    for (let i = 0; i < times; i++) responseJson(await scoreJson(model, [record]));
  } catch {
    // Only a head start: a real request will report whatever went wrong here.
  }
}
