/**
 * The second part of a CSV file read on its own thread (see csv-parts.ts): from a byte just
 * after a line break to the end, with the header the first part read. Sends its table back
 * with the column buffers transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../util/worker-errors.js';
import { plainPart, type PartJob, type PartMessage } from './csv-parts.js';
import { readCsvTableAll } from './csv-source.js';

const job = workerData as PartJob;
const post = (message: PartMessage, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(message, transfer);
try {
  const result = await readCsvTableAll(job.path, job.columns, { keepRaw: job.keepRaw, range: { start: job.start }, header: job.header, csv: job.csv });
const { part, transfer } = plainPart(result, result.ending, result.warnings);
  post({ type: 'done', result: part }, transfer);
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
