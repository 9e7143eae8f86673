/**
 * A Parquet file as CSV bytes, a row group at a time (hyparquet: pure JavaScript, no native
 * code). Values become the text a CSV export would hold (cell-text.ts), so the CSV rules apply
 * unchanged; row N of the file is line N + 1 of the CSV (the header is line 1). Only flat
 * files are read: a nested column (list, struct, map) has no CSV form and is refused, naming
 * it. Loaded only for .parquet inputs.
 */
import { parquetMetadataAsync, parquetRead, asyncBufferFromFile, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SpmError } from '../errors.js';
import { clipList } from '../util/clip.js';
import { PARQUET_BOOLEANS, valueText } from './cell-text.js';
import { CsvChunks } from './csv-chunks.js';
import { checkParquetMagic, fileEnds } from './file-magic.js';

/** The file: a path, or its bytes (an upload). */
export type ParquetInput = { readonly path: string } | { readonly bytes: Uint8Array };

/** The top-level columns of a schema (its flat list in depth-first order), with the nested ones named. */
export function topLevelColumns(schema: readonly SchemaElement[]): { names: string[]; nested: string[] } {
  const names: string[] = [];
  const nested: string[] = [];
  let i = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let c = 0; c < (schema[at]!.num_children ?? 0); c++) next = skip(next);
    return next;
  };
  for (let c = 0; c < (schema[0]?.num_children ?? 0); c++) {
    const element = schema[i]!;
    names.push(element.name);
    if ((element.num_children ?? 0) > 0 || element.repetition_type === 'REPEATED') nested.push(element.name);
    i = skip(i);
  }
  return { names, nested };
}

/** A float32's shortest text that reads back as the same float32 (0.1, not 0.10000000149011612). */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '' : String(x);
  for (let p = 1; p < 9; p++) {
    const text = x.toPrecision(p);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}

async function bufferOf(input: ParquetInput, name: string): Promise<AsyncBuffer> {
  if ('bytes' in input) {
    const b = input.bytes;
    checkParquetMagic(name, b.subarray(0, 4), b.subarray(Math.max(0, b.length - 4)), b.length);
    // A copy: a Buffer's slice is a view whose .buffer is the whole pool it sits in.
    return { byteLength: b.length, slice: (start, end) => new Uint8Array(b.subarray(start, end)).buffer };
  }
  const { head, tail, size } = await fileEnds(input.path, 4);
  checkParquetMagic(name, head, tail, size);
  return asyncBufferFromFile(input.path);
}

/** The CSV bytes of a Parquet file: the header, then each row group's rows. */
export async function* parquetToCsv(input: ParquetInput, name: string): AsyncGenerator<Uint8Array> {
  const file = await bufferOf(input, name);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new SpmError('INPUT_CORRUPT', `${name} could not be read as a Parquet file: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'write it again (pandas: df.to_parquet(path)), or export it as CSV',
      cause: error,
    });
  }
  const { names, nested } = topLevelColumns(metadata.schema);
  if (nested.length) {
    throw new SpmError('INPUT_UNSUPPORTED', `${name} has nested columns (list, struct or map), which have no place in a table of one value per cell: ${clipList(nested)}`, {
      hint: 'flatten them into plain columns, or drop them, before writing the file (pandas: df.drop(columns=[...]).to_parquet(path))',
    });
  }
  if (names.length === 0) throw new SpmError('CSV_EMPTY', `${name} has no columns`, { hint: 'write the data with its columns, or export it as CSV' });
  const float32 = names.map((n) => metadata.schema.find((e) => e.name === n)?.type === 'FLOAT');
  const out = new CsvChunks();
  out.row(names);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({ file, metadata, columns: names, rowStart: start, rowEnd: end, compressors, onComplete: (r) => (rows = r) });
    } catch (error) {
      throw new SpmError('INPUT_CORRUPT', `${name}: rows ${start + 1}-${end} could not be read: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'write it again (pandas: df.to_parquet(path)), or export it as CSV',
        cause: error,
      });
    }
    for (const row of rows) {
      out.row(row.map((v, j) => (float32[j] && typeof v === 'number' ? float32Text(v) : valueText(v, PARQUET_BOOLEANS))));
      const chunk = out.take();
      if (chunk) yield chunk;
    }
    start = end;
  }
  const last = out.take(true);
  if (last) yield last;
}
