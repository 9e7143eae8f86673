/**
 * The parsing half of `spm predict` on a second thread: reads and parses the CSV into typed
 * columns chunk by chunk and hands each chunk to the main thread (column buffers transferred,
 * not copied), which transforms, predicts and writes in the meantime. A few chunks may be in
 * flight at once, so memory stays bounded however large the input is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsvTable } from '../data/csv-source.js';
import type { ColumnSpec } from '../data/to-table.js';
import { serializeError } from '../util/worker-errors.js';
import { packBatch, type WorkerMessage } from './parse-protocol.js';

const { path, specs: given } = workerData as { path: string; specs?: ColumnSpec[] };
const MAX_IN_FLIGHT = 3;
let inFlight = 0;
let wake: (() => void) | null = null;
// Started early (startParseWorker), the worker gets its specs as the first message; acks follow.
let specsArrived: ((specs: ColumnSpec[]) => void) | null = null;
const specsMessage = given ? Promise.resolve(given) : new Promise<ColumnSpec[]>((resolve) => (specsArrived = resolve));
parentPort!.on('message', (message: unknown) => {
  if (specsArrived) {
    specsArrived(message as ColumnSpec[]);
    specsArrived = null;
    return;
  }
  inFlight--;
  wake?.();
  wake = null;
});

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(message, transfer);

try {
  const source = await readCsvTable(path, await specsMessage, { keepRaw: true, chunkBytes: 262144, lineBytes: true });
  post({ type: 'header', name: source.name, header: source.header, dialect: source.dialect });
  for await (const batch of source.batches) {
    const { message, transfer } = packBatch(batch);
    inFlight++;
    post(message, transfer);
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
  }
  post({ type: 'end', warnings: source.warnings });
} catch (error) {
  post({ type: 'error', ...serializeError(error) });
}
