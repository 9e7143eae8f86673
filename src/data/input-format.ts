/**
 * Which reader a data file needs, told by its name: CSV text, an Excel workbook or a Parquet
 * file. One table for every command that takes a file (ingest's data.source, predict -i, drift
 * -i and --reference, serve's upload), so they accept the same files.
 */
import { extname } from 'node:path';
import { SpmError } from '../errors.js';

/** Extension → format; anything not listed is read as CSV text (.csv, .tsv, .txt, stdin, ...). */
export const INPUT_FORMATS = {
  '.xlsx': 'xlsx',
  '.parquet': 'parquet',
} as const;

export type InputFormat = 'csv' | (typeof INPUT_FORMATS)[keyof typeof INPUT_FORMATS];

/** serve's upload: content type → format (browsers send the xlsx one for a picked .xlsx file). */
export const UPLOAD_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
} as const satisfies Record<string, InputFormat>;

/** Spreadsheet formats spm cannot read, by extension, with what to do instead. */
const REFUSED = {
  '.xls': 'legacy Excel 97-2003 workbook (.xls)',
  '.xlsb': 'binary Excel workbook (.xlsb)',
  '.ods': 'OpenDocument spreadsheet (.ods)',
} as const;

/** A sheet of a workbook: its name, or its 1-based position; null: the first sheet. */
export type SheetRef = string | number | null;

/** The format of the file at `path` ('-': stdin, CSV); a refused spreadsheet format is an SpmError. */
export function inputFormatOf(path: string): InputFormat {
  if (path === '-') return 'csv';
  const ext = extname(path).toLowerCase();
  if (Object.hasOwn(REFUSED, ext)) {
    throw new SpmError('INPUT_UNSUPPORTED', `${path} is a ${REFUSED[ext as keyof typeof REFUSED]}, which spm does not read`, {
      hint: 'open it in Excel (or LibreOffice) and save it as .xlsx or CSV, then use that file',
    });
  }
  return Object.hasOwn(INPUT_FORMATS, ext) ? INPUT_FORMATS[ext as keyof typeof INPUT_FORMATS] : 'csv';
}

/** Whether `path` is read through a converter (xlsx, parquet) rather than as CSV bytes. */
export const isConvertedInput = (path: string): boolean => path !== '-' && inputFormatOf(path) !== 'csv';

/** predict writes Parquet for an output named *.parquet, CSV otherwise. */
export const isParquetOutput = (path: string): boolean => path !== '-' && extname(path).toLowerCase() === '.parquet';
