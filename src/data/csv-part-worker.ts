/**
 * The second part of a CSV file read on its own thread (see csv-parts.ts): from a byte just
 * after a line break to the end, with the header the first part read. Sends its table back
 * with the column buffers transferred, not copied.
 */
import { serveTasks } from '../util/worker.js';
import { transferablePart, type PartJob, type TransferablePart } from './csv-parts.js';
import { readCsvTableAll } from './csv-source.js';
import { tableTransfer } from './table-transfer.js';

serveTasks(
  async (job: PartJob): Promise<TransferablePart> => {
    const result = await readCsvTableAll(job.path, job.columns, { keepRaw: job.keepRaw, range: { start: job.start }, header: job.header, csv: job.csv });
    return transferablePart(result, result.ending, result.warnings);
  },
  (part) => tableTransfer({ ...part, columns: part.table.columns }),
);
