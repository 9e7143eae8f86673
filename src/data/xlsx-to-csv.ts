/**
 * One sheet of an .xlsx workbook as CSV bytes, streamed (exceljs' WorkbookReader: the sheet's
 * XML is read as it is unzipped, never held whole). Each cell becomes the text Excel's own CSV
 * export would hold (cell-text.ts): formulas give their cached value, dates ISO 8601. The
 * sheet's row N is line N of the CSV (empty rows become blank lines, which the CSV reader skips
 * but counts), so rejects name the sheet's row numbers. Loaded only for .xlsx inputs.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { SpmError } from '../errors.js';
import { clipList } from '../util/clip.js';
import { dateText, EXCEL_BOOLEANS, valueText } from './cell-text.js';
import { CsvChunks } from './csv-chunks.js';
import { checkXlsxMagic, fileEnds } from './file-magic.js';
import type { SheetRef } from './input-format.js';

/** The workbook: a file path, or its bytes (an upload). */
export type XlsxInput = { readonly path: string } | { readonly bytes: Uint8Array };

/** Excel's day 0 is 1899-12-30 (serial 25569 is 1970-01-01); the 1904 system starts 1462 days later. */
const excelDate = (serial: number, date1904: boolean): Date => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

/** Whether a number format shows a date or time: d, m, y, h or s outside quoted text and [colour] sections. */
export function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === '' || format === 'General') return false;
  return /[dmyhs]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}

interface CellLike {
  readonly value: unknown;
  readonly numFmt?: string;
}

/** A cell's CSV text: the value, or for a formula its cached result; an error value (#DIV/0!) as Excel shows it. */
export function cellCsvText(cell: CellLike, date1904 = false): string {
  const v = cell.value;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as { result?: unknown; error?: unknown; richText?: readonly { text: string }[]; text?: unknown; formula?: unknown; sharedFormula?: unknown };
    if ('formula' in o || 'sharedFormula' in o) {
      // exceljs' streaming reader parses a formula's number result without looking at its format.
      if (typeof o.result === 'number' && isDateFormat(cell.numFmt)) return dateText(excelDate(o.result, date1904));
      return cellCsvText({ value: o.result ?? null }, date1904);
    }
    if (o.error !== undefined) return String(o.error);
    if (o.richText !== undefined) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellCsvText({ value: o.text }, date1904);
  }
  return valueText(v, EXCEL_BOOLEANS);
}

/** The CSV bytes of one sheet (`sheet`: name, 1-based position, or null for the first). */
export async function* xlsxToCsv(input: XlsxInput, name: string, sheet: SheetRef = null): AsyncGenerator<Uint8Array> {
  const whole = async (): Promise<Uint8Array> => ('bytes' in input ? input.bytes : readFile(input.path));
  const head = 'bytes' in input ? input.bytes.subarray(0, 8) : (await fileEnds(input.path, 8)).head;
  await checkXlsxMagic(name, head, whole);
  const source = 'bytes' in input ? Readable.from([Buffer.from(input.bytes)]) : input.path;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source as string, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  const book = reader as unknown as { model?: { sheets?: { id: number; name: string }[]; properties?: { date1904?: boolean } } };
  const seen: string[] = [];
  let found: string | undefined;
  let rows = 0;
  try {
    for await (const ws of reader) {
      const w = ws as unknown as { name?: string; id?: number } & AsyncIterable<ExcelJS.Row>;
      const sheets = book.model?.sheets ?? [];
      const position = sheets.findIndex((s) => s.id === w.id) + 1 || seen.length + 1;
      const sheetName = w.name ?? `sheet ${position}`;
      seen.push(sheetName);
      if (found !== undefined || !matches(sheet, sheetName, position)) {
        // Every other sheet is read through, unused: exceljs parks a sheet that comes before the
        // shared strings in a temporary file and removes it once the sheet is read; a sheet left
        // unread (or a loop left early) would leave that file behind, or fail opening it.
        for await (const _row of w) void _row;
        continue;
      }
      found = sheetName;
      rows = yield* sheetCsv(w, book.model?.properties?.date1904 === true);
    }
  } catch (error) {
    if (error instanceof SpmError) throw error;
    throw new SpmError('INPUT_CORRUPT', `${name} could not be read as an .xlsx workbook: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'open it in Excel and save it again as .xlsx (or export the sheet as CSV)',
      cause: error,
    });
  }
  // After the loop, so that exceljs removes its temporary files first (see above).
  if (found !== undefined && rows === 0) {
    throw new SpmError('CSV_EMPTY', `sheet '${found}' of ${name} is empty: expected a header row naming the columns, then the data`, {
      hint: 'choose the sheet that holds the data with data.sheet (a name or a 1-based position), or export that sheet as CSV',
    });
  }
  if (found === undefined) {
    const names = (book.model?.sheets ?? []).map((s) => s.name);
    const list = clipList(names.length ? names : seen);
    if (sheet === null) throw new SpmError('CSV_EMPTY', `${name} has no worksheet`, { hint: 'put the data on a worksheet, save as .xlsx, then use that file' });
    throw new SpmError('PARAMS_INVALID', `${name} has no sheet ${typeof sheet === 'number' ? `number ${sheet}` : `'${sheet}'`} (its sheets: ${list})`, {
      hint: `set data.sheet to one of: ${list} (a name, or a 1-based position)`,
    });
  }
}

const matches = (wanted: SheetRef, name: string, position: number): boolean =>
  wanted === null ? position === 1 : typeof wanted === 'number' ? wanted === position : wanted === name;

/** The CSV bytes of a sheet's rows; returns how many rows it had (0: an empty sheet, nothing yielded). */
async function* sheetCsv(rows: AsyncIterable<ExcelJS.Row>, date1904: boolean): AsyncGenerator<Uint8Array, number> {
  const out = new CsvChunks();
  let width = 0; // the header's cells: every row has at least as many fields
  let count = 0;
  for await (const row of rows) {
    const fields: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      while (fields.length < col - 1) fields.push('');
      fields[col - 1] = cellCsvText(cell, date1904);
    });
    while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
    if (fields.length === 0) continue; // an empty row (formatting only): a blank line
    if (width === 0) width = fields.length;
    while (fields.length < width) fields.push('');
    out.padTo(row.number);
    out.row(fields);
    count++;
    const chunk = out.take();
    if (chunk) yield chunk;
  }
  const last = out.take(true);
  if (last) yield last;
  return count;
}
