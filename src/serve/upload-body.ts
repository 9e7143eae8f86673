/**
 * serve's uploads in the other formats spm reads: an .xlsx workbook or a Parquet file posted
 * with its content type becomes the CSV bytes the CSV route scores (input-bytes.ts), so an
 * upload is scored exactly as `spm predict -i` scores the same file.
 */
import { convertedCsv } from '../data/input-bytes.js';
import { UPLOAD_TYPES } from '../data/input-format.js';

/** The file content types /v1/predict and /v1/drift take besides CSV, and how a 415 names them. */
export const UPLOAD_FILES = {
  types: Object.keys(UPLOAD_TYPES).filter((t) => t !== 'text/csv'),
  hint: "an .xlsx workbook or a Parquet file is taken with its own type (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/vnd.apache.parquet)",
} as const;

/** The body as CSV bytes: converted when `type` names a workbook or Parquet, else as it is. */
export async function uploadAsCsv(type: string, body: Buffer, name = 'request body'): Promise<Buffer> {
  const format = Object.hasOwn(UPLOAD_TYPES, type) ? UPLOAD_TYPES[type as keyof typeof UPLOAD_TYPES] : 'csv';
  if (format === 'csv') return body;
  const parts: Buffer[] = [];
  for await (const chunk of convertedCsv(format, { bytes: body }, name)) parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  return Buffer.concat(parts);
}

/** The media type the body has once converted: CSV for an upload, the type itself otherwise (JSON). */
export const csvMediaType = (type: string): string => (Object.hasOwn(UPLOAD_TYPES, type) ? 'text/csv' : type);
