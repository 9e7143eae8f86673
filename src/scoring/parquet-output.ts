/**
 * `spm predict -o scored.parquet`: the scored CSV that predict writes (to a temporary file) as
 * a Parquet file, a row group of up to 100,000 rows at a time, so memory stays bounded. Columns
 * keep their meaning: a numeric column of the schema, the regression prediction and the
 * probability are DOUBLE (missing: null), every other column text. A number's CSV text is its
 * shortest round-trip form, so reading the Parquet back gives the CSV's text again: the
 * prediction columns are the same bytes either way. Loaded only for .parquet outputs.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { readCsv } from '../data/csv-source.js';
import { isFormulaLike } from '../data/csv-write.js';
import { isMissing, parseNumber } from '../data/infer.js';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScoringPipeline } from '../pipeline/stages/load.js';
import { withAtomicOutput, type AtomicOutput } from '../store/atomic.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';

export type OutputType = 'DOUBLE' | 'STRING';

const ROW_GROUP = 100_000;

/** Rows of text fields, a column at a time, converted to `types`. */
function columnData(header: readonly string[], types: readonly OutputType[], rows: readonly string[][], inputColumns: number) {
  return header.map((name, j) => {
    const data = new Array<number | string | null>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const text = rows[r]![j] ?? '';
      if (types[j] === 'DOUBLE') data[r] = isMissing(text) ? null : parseNumber(text);
      // predict's CSV escapes an input cell that a spreadsheet would run as a formula ('=…): Parquet is no spreadsheet.
      else data[r] = j < inputColumns && text.startsWith("'") && isFormulaLike(text.slice(1)) ? text.slice(1) : text;
    }
    return { name, data };
  });
}

/**
 * Which columns of the CSV can be DOUBLE: those `wanted` as numbers whose every value is a
 * number or missing (a numeric input column that is not a feature, such as the target, may
 * hold anything: it stays text then). One pass over the file.
 */
async function numericColumns(csvPath: string, wanted: readonly boolean[]): Promise<boolean[]> {
  const ok = [...wanted];
  const source = await readCsv(csvPath);
  for await (const batch of source.batches) {
    for (const row of batch.rows) {
      for (let j = 0; j < ok.length; j++) if (ok[j] && !isMissing(row[j] ?? '') && Number.isNaN(parseNumber(row[j] ?? ''))) ok[j] = false;
    }
  }
  return ok;
}

/**
 * Writes the CSV at `csvPath` (header first) as Parquet into `out`. `numeric(name)`: whether a
 * column should be DOUBLE; `inputColumns`: how many leading columns are the input's.
 */
export async function writeParquetFromCsv(csvPath: string, out: AtomicOutput, numeric: (name: string) => boolean, inputColumns: number): Promise<void> {
  const header = (await readCsv(csvPath)).header;
  const isNumber = await numericColumns(csvPath, header.map(numeric));
  const types: OutputType[] = isNumber.map((n) => (n ? 'DOUBLE' : 'STRING'));
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [
      { name: 'root', num_children: header.length },
      ...header.map((name, j) =>
        types[j] === 'DOUBLE'
          ? { name, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const }
          : { name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const },
      ),
    ],
    createdBy: 'spm predict',
  });
  const drain = async (): Promise<void> => {
    const bytes = new Uint8Array(writer.buffer, 0, writer.index).slice();
    writer.index = 0;
    await out.write(bytes);
  };
  let rows: string[][] = [];
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    await parquet.write({ columnData: columnData(header, types, rows, inputColumns), rowGroupSize: rows.length });
    rows = [];
    await drain();
  };
  const source = await readCsv(csvPath);
  for await (const batch of source.batches) {
    for (const row of batch.rows) {
      rows.push(row);
      if (rows.length === ROW_GROUP) await flush();
    }
  }
  await flush();
  parquet.finish();
  await drain();
}

/** Predict's Parquet output: the CSV goes to `csvPath` (a temporary file), then `finish` writes the Parquet file atomically. */
export interface ParquetTarget {
  readonly csvPath: string;
  finish(inputColumns: number): Promise<void>;
  cleanup(): Promise<void>;
}

export function openParquetTarget(output: string, pipeline: ScoringPipeline): ParquetTarget {
  const csvPath = join(tmpdir(), `spm-predict-${process.pid}-${randomBytes(4).toString('hex')}.csv`);
  trackTemp(csvPath);
  const byName = new Map(pipeline.schema.columns.map((c) => [c.name, c.type]));
  const numeric = (name: string): boolean =>
    name === 'probability' || (name === 'prediction' && pipeline.schema.task === 'regression') || byName.get(name) === 'numeric';
  const cleanup = async (): Promise<void> => {
    await rm(csvPath, { force: true });
    untrackTemp(csvPath);
  };
  return {
    csvPath,
    cleanup,
    finish: async (inputColumns) => {
      try {
        await withAtomicOutput(output, (out) => writeParquetFromCsv(csvPath, out, numeric, inputColumns));
      } finally {
        await cleanup();
      }
    },
  };
}
