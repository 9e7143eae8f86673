/**
 * Fixtures made by the tests with the libraries spm reads them with (never committed binaries):
 * the rows of a CSV text written as an .xlsx workbook (exceljs) or a Parquet file
 * (hyparquet-writer), numbers as numbers, text as text, empty fields as empty cells / nulls.
 */
import ExcelJS from 'exceljs';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { writeFileSync } from 'node:fs';
import { parseCsv } from '../../src/data/csv-parse.js';

export type Cell = string | number | boolean | Date | null | { formula: string; result: unknown };

/** A CSV text's header and rows, each cell a number when it reads as one, null when empty. */
export function typedRows(csv: string): { header: string[]; rows: Cell[][] } {
  const { header, rows } = parseCsv(csv);
  const typed = (v: string): Cell => (v === '' ? null : Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : v);
  return { header, rows: rows.map((r) => r.map(typed)) };
}

export interface SheetSpec {
  readonly name: string;
  /** Rows from row 1 on; null: an empty row (left out of the sheet). */
  readonly rows: readonly (readonly Cell[] | null)[];
  /** A number format per column (1-based), e.g. { 3: 'yyyy-mm-dd' }. */
  readonly formats?: Readonly<Record<number, string>>;
}

/** Writes a workbook of the given sheets to `path`. */
export async function writeXlsx(path: string, sheets: readonly SheetSpec[]): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = book.addWorksheet(spec.name);
    spec.rows.forEach((row, i) => {
      if (row === null) return;
      const r = sheet.getRow(i + 1);
      row.forEach((value, j) => {
        if (value === null) return;
        const cell = r.getCell(j + 1);
        cell.value = value as ExcelJS.CellValue;
        const format = spec.formats?.[j + 1];
        if (format) cell.numFmt = format;
      });
      r.commit();
    });
  }
  await book.xlsx.writeFile(path);
}

/** A CSV text as a one-sheet workbook. */
export const csvToXlsx = (path: string, csv: string, sheet = 'data'): Promise<void> => {
  const { header, rows } = typedRows(csv);
  return writeXlsx(path, [{ name: sheet, rows: [header, ...rows] }]);
};

export interface ParquetColumn {
  readonly name: string;
  readonly data: readonly unknown[];
  readonly type?: 'STRING' | 'DOUBLE' | 'INT32' | 'INT64' | 'BOOLEAN' | 'FLOAT' | 'TIMESTAMP';
}

/** Writes columns to a Parquet file (row groups of `rowGroupSize` rows). */
export function writeParquet(path: string, columns: readonly ParquetColumn[], rowGroupSize = 1000, codec?: { name: 'GZIP' | 'BROTLI'; compress: (input: Uint8Array) => Uint8Array }): void {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: columns.map((c) => ({ name: c.name, data: [...c.data], ...(c.type ? { type: c.type } : {}) })),
    rowGroupSize,
    ...(codec ? { codec: codec.name, compressors: { [codec.name]: codec.compress } } : {}),
  });
  writeFileSync(path, new Uint8Array(writer.getBuffer()));
}

/** A CSV text as a Parquet file: a column of numbers is DOUBLE, any other STRING. */
export function csvToParquet(path: string, csv: string, rowGroupSize = 1000): void {
  const { header, rows } = typedRows(csv);
  writeParquet(
    path,
    header.map((name, j) => {
      const numeric = rows.every((r) => r[j] === null || typeof r[j] === 'number');
      return { name, data: rows.map((r) => (numeric || r[j] === null ? r[j] : String(r[j]))), type: numeric ? 'DOUBLE' : 'STRING' };
    }),
    rowGroupSize,
  );
}
