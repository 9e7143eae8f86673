/**
 * features.derive checked against data.source when params load (openWorkspace), so `spm run`,
 * `spm status` and every command refuse an unknown column, or a categorical one in arithmetic,
 * at once with the caret, instead of after ingest. The I/O edge of features/derive-columns.ts:
 * one read through the CSV reader (.xlsx and .parquet too) of the first file's header and of
 * the columns the expressions name, nothing when no feature is derived. The types are certain
 * only when the whole file was read (up to 1 MiB of text, in a decimal-point dialect): then they
 * are inferred by ingest's own rule (INGEST_INFERENCE: numeric when ≥ 95% of the values are
 * numbers, so a few typos do not make a column text). A larger file is checked by name here and
 * by type at transform. A file that cannot be read is left to ingest, whose error says why.
 */
import { readCsvTable } from '../data/csv-source.js';
import { inferTable } from '../data/infer.js';
import type { Table } from '../data/table.js';
import { isSpmError } from '../errors.js';
import { derivedList } from '../features/derive.js';
import { checkDerivedColumns, derivedInputs, type SourceColumns } from '../features/derive-columns.js';
import type { Params } from './params.js';
import { INGEST_INFERENCE } from './stages/ingest-plan.js';

/** Bytes of text read: a file this small is read whole, and its column types are certain. */
const WHOLE_BYTES = 1 << 20;

/** Throws the SpmError transform would throw for features.derive on this data; returns when there is nothing to check or read. */
export async function checkDeriveAgainstSource(params: Params, dataFiles: readonly string[]): Promise<void> {
  const defs = derivedList(params.features.derive);
  // several files: their rows together decide the types at ingest, so only the names are checked
  if (defs.length === 0 || dataFiles.length === 0) return;
  const source = await readColumns(dataFiles[0]!, new Set(derivedInputs(defs)), params, dataFiles.length === 1);
  if (source !== null) checkDerivedColumns(defs, params.data, source);
}

/** The header, and the inferred types of the wanted columns when the file is read whole; null when it cannot be read. */
async function readColumns(file: string, wanted: ReadonlySet<string>, params: Params, typesToo: boolean): Promise<SourceColumns | null> {
  let opened;
  try {
    opened = await readCsvTable(file, (header) => header.filter((name) => wanted.has(name)).map((name) => ({ name, type: 'categorical' as const })), {
      chunkBytes: WHOLE_BYTES,
      csv: params.data.csv,
      sheet: params.data.sheet,
    });
  } catch (error) {
    if (isSpmError(error)) return null; // missing, empty, not text…: ingest says so in its own words
    throw error;
  }
  let whole: Table | null = null;
  try {
    const batches = opened.batches[Symbol.asyncIterator]();
    const first = await batches.next();
    // one chunk, then the end: the whole file (an empty body: no values, nothing inferred)
    if (typesToo && first.done !== true && (await batches.next()).done === true) whole = first.value.table;
  } catch (error) {
    if (!isSpmError(error)) throw error; // a bad block: the header alone still says which columns exist
  } finally {
    await opened.close();
  }
  const types = new Map<string, 'numeric' | 'categorical'>();
  if (whole !== null && opened.dialect.decimal === '.') {
    for (const summary of inferTable(whole, INGEST_INFERENCE)) types.set(summary.name, summary.type);
  }
  return { header: opened.header, types };
}
