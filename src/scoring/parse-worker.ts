/**
 * The parsing half of `spm predict` on a second thread: reads and parses the CSV into typed
 * columns chunk by chunk and hands each chunk to the main thread (column buffers transferred,
 * not copied), which transforms, predicts and writes in the meantime. A few chunks may be in
 * flight at once, so memory stays bounded however large the input is.
 */
import { readCsvTable } from '../data/csv-source.js';
import { serveStream } from '../util/worker.js';
import { batchTransfer, packBatch, type ParseJob, type WorkerMessage } from './parse-protocol.js';

serveStream(
  async function* (job: ParseJob): AsyncGenerator<WorkerMessage> {
    const source = await readCsvTable(job.path, job.specs, { keepRaw: true, chunkBytes: 262144 });
    yield { type: 'header', name: source.name, header: source.header, dialect: source.dialect };
    for await (const batch of source.batches) yield packBatch(batch, source.bytesRead, source.dialect);
    yield { type: 'warnings', warnings: source.warnings };
  },
  { maxInFlight: 3, transfer: (m) => (m.type === 'batch' ? batchTransfer(m) : []) },
);
