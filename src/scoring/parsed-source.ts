/**
 * Where predict's parsed chunks come from: for a large file, a parse worker on the second
 * core (see parse-worker.ts); for stdin and small files, this thread (a worker costs more to
 * start than it saves there). Both give the same chunks, so the output is identical.
 */
import type { Dialect } from '../data/csv-dialect.js';
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { readCsvTable } from '../data/csv-source.js';
import { csvFileSize } from '../data/input-bytes.js';
import type { ColumnSpec } from '../data/to-table.js';
import { streamTask } from '../util/worker.js';
import { localChunk, unpackBatch, type ParseJob, type ParsedChunk, type WorkerMessage } from './parse-protocol.js';

export interface ParsedSource {
  readonly name: string;
  readonly header: string[];
  /** The dialect the input was read in (sniffed on its own). */
  readonly dialect: Dialect;
  readonly chunks: AsyncIterable<ParsedChunk>;
  /** What a person should know about the reading (text that was not UTF-8), complete once the chunks are read. */
  readonly warnings: readonly string[];
  /** The bytes the chunks' bytesRead count up to, when known (a regular CSV file: csvFileSize). */
  readonly totalBytes: number | undefined;
  close(): Promise<void>;
}

/** Files from this size on are parsed on a worker thread. */
const WORKER_MIN_BYTES = 4 << 20;

export interface OpenOptions {
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** What messages call stdin (e.g. 'request body'). */
  readonly stdinName?: string;
  /** Force (true) or forbid (false) the parse worker; default: by input size. */
  readonly worker?: boolean;
  /** A parse worker already started for this path (startParseWorker): used when the worker is. */
  readonly started?: StartedWorker;
}

/**
 * A parse worker started before the column specs are known, so that its start-up (a thread, its
 * modules: about 0.1 s) overlaps the caller's own (predict loads the model meanwhile). Its job
 * (path and specs) follows as its first message, as for any parse worker. `release` stops it
 * unless a source took it.
 */
export interface StartedWorker {
  readonly path: string;
  take(): Worker | undefined;
  release(): Promise<void>;
}

/** Starts a parse worker for `path` when openParsed would use one (a file of WORKER_MIN_BYTES or more); else undefined. */
export function startParseWorker(path: string): StartedWorker | undefined {
  let size = 0;
  try {
    size = path === '-' ? 0 : statSync(path).size;
  } catch {
    return undefined; // the reader reports a missing file with its own message
  }
  if (size < WORKER_MIN_BYTES) return undefined;
  let worker: Worker | undefined = newParseWorker();
  // An error before a source takes the worker (it would have no listener yet): a fresh one is started then, and reports it.
  let failed = false;
  worker.once('error', () => (failed = true));
  return {
    path,
    take: () => {
      const taken = failed ? undefined : worker;
      worker = undefined;
      return taken;
    },
    release: async () => {
      const left = worker;
      worker = undefined;
      await left?.terminate();
    },
  };
}

/** A parse worker, waiting for its job (the first message). */
function newParseWorker(): Worker {
  // A small young generation keeps the parser's short-lived strings from inflating the RSS.
  return new Worker(new URL('./parse-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 16 } });
}

/** `specs` may depend on the header (columns read only when present, as serve reads id columns); such a source is parsed on this thread. */
export async function openParsed(path: string, specs: readonly ColumnSpec[] | ((header: readonly string[]) => readonly ColumnSpec[]), options: OpenOptions = {}): Promise<ParsedSource> {
  // A worker started for this path was started because the file is large enough: no second stat.
  const early = options.started?.path === path;
  const useWorker = options.worker ?? (early || (path !== '-' && (await sizeOf(path)) >= WORKER_MIN_BYTES));
  const totalBytes = await csvFileSize(path);
  if (!useWorker || path === '-' || typeof specs === 'function') {
    const source = await readCsvTable(path, specs, { keepRaw: true, ...(options.stdin ? { stdin: options.stdin } : {}), ...(options.stdinName ? { stdinName: options.stdinName } : {}) });
    return {
      name: source.name,
      header: source.header,
      get dialect() {
        return source.dialect;
      },
      warnings: source.warnings,
      totalBytes,
      chunks: (async function* () {
        for await (const batch of source.batches) yield localChunk(batch, source.bytesRead, source.dialect);
      })(),
      close: () => source.close(),
    };
  }
  const started = early ? options.started!.take() : undefined;
  return openWorker(started ?? newParseWorker(), { path, specs }, totalBytes);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0; // the reader reports a missing file with its own message
  }
}

async function openWorker(worker: Worker, job: ParseJob, totalBytes: number | undefined): Promise<ParsedSource> {
  const stream = streamTask<WorkerMessage>(worker, job);
  const first = await stream.next(); // an error in the worker is thrown here, the worker terminated
  if (first.done || first.value.type !== 'header') {
    await worker.terminate();
    throw new Error(`parse worker sent ${first.done ? 'its end' : first.value.type} before the header`);
  }
  const warnings: string[] = [];
  const { delimiter } = first.value.dialect;
  return {
    name: first.value.name,
    header: first.value.header,
    dialect: first.value.dialect,
    warnings,
    totalBytes,
    chunks: (async function* () {
      for await (const m of stream) {
        if (m.type === 'batch') yield unpackBatch(m, delimiter);
        else if (m.type === 'warnings') warnings.push(...m.warnings);
      }
    })(),
    close: async () => {
      await worker.terminate();
    },
  };
}
