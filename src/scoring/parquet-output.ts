/**
 * `spm predict -o scored.parquet`: the scored CSV that predict writes (to a temporary file) as
 * a Parquet file, a row group of up to 50,000 rows at a time, so memory stays bounded. Columns
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
import type { ScoringPipeline } from './scoring-pipeline.js';
import { withAtomicOutput, type AtomicOutput } from '../store/atomic.js';
import { trackTemp, untrackTemp } from '../util/cleanup.js';

export type OutputType = 'DOUBLE' | 'STRING';

/**
 * Rows per row group: 50,000 keeps the strings of a group alive at once to a few tens of MB
 * (100,000 cost about 1.5x the peak RSS on 1,000,000 rows, for no gain in size that matters).
 */
const ROW_GROUP = 50_000;

/** A row group filled row by row, each value converted as it comes, kept a column at a time. */
class ColumnGroup {
  private columns: (number | string | null)[][];
  rows = 0;

  constructor(
    private readonly header: readonly string[],
    private readonly types: readonly OutputType[],
    private readonly inputColumns: number,
  ) {
    this.columns = header.map(() => []);
  }

  push(row: readonly string[]): void {
    const { types, columns, inputColumns } = this;
    for (let j = 0; j < columns.length; j++) {
      const text = row[j] ?? '';
      // predict's CSV escapes an input cell that a spreadsheet would run as a formula ('=…): Parquet is no spreadsheet.
      columns[j]!.push(
        types[j] === 'DOUBLE' ? (isMissing(text) ? null : parseNumber(text))
          : j < inputColumns && text.startsWith("'") && isFormulaLike(text.slice(1)) ? text.slice(1) : text,
      );
    }
    this.rows++;
  }

  /** The group's columns for hyparquet-writer; the group starts empty again. */
  take(): { name: string; data: (number | string | null)[] }[] {
    const data = this.header.map((name, j) => ({ name, data: this.columns[j]! }));
    this.columns = this.header.map(() => []);
    this.rows = 0;
    return data;
  }
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
  const group = new ColumnGroup(header, types, inputColumns);
  const flush = async (): Promise<void> => {
    if (group.rows === 0) return;
    const rows = group.rows;
    await parquet.write({ columnData: group.take(), rowGroupSize: rows });
    await drain();
  };
  const source = await readCsv(csvPath);
  for await (const batch of source.batches) {
    for (const row of batch.rows) {
      group.push(row);
      if (group.rows === ROW_GROUP) await flush();
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
