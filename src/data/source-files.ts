/**
 * ingest's reading (the I/O edge): every data.source file as one table of text columns, lined up
 * with the first file's header. Each column is read as categorical, so a value is a code into the
 * column's distinct texts: inference then parses each distinct text once, not every cell
 * (`inferTable`). Each kept row also keeps its CSV line, ready to be written into a split.
 */
import { SpmError } from '../errors.js';
import { recordFields } from './csv-parse.js';
import { commaRecords, isCommaDialect } from './csv-comma-records.js';
import type { CsvParams, Dialect } from './csv-dialect.js';
import { readCsvTableInParts } from './csv-parts.js';
import { readCsvTable } from './csv-source.js';
import type { SheetRef } from './input-format.js';
import { formatCsvRow } from './csv-write.js';
import { RawRecords } from './raw-records.js';
import { concatSummaries, concatTables, SUMMARY_MISSING, SUMMARY_SPACE, type CategoricalColumn, type SummaryColumn, type Table } from './table.js';
import type { ColumnSpec } from './to-table.js';
import { concat } from '../util/typed-arrays.js';

/** A record rejected while reading: malformed quoting or the wrong field count. */
export interface SourceReject {
  /** Index of the file in the list read. */
  readonly file: number;
  readonly line: number;
  readonly reason: string;
}

export interface SourceData {
  /** The first file's header: the column order of `table` and of every `text` line. */
  readonly header: readonly string[];
  /** Records read after the headers, in every file (kept and rejected). */
  readonly records: number;
  /** The well-formed records, every column categorical (its texts) but the summaryOnly ones. */
  readonly table: Table;
  /** The summaryOnly columns (see readSources), in header order. */
  readonly summaries: readonly SummaryColumn[];
  /** Row `row`'s value of column `name` as read (for the few rows a summary column needs the text of). */
  fieldText(row: number, name: string): string;
  /** Per table row: its line in its file, and the index of that file. */
  readonly lines: Int32Array;
  readonly fileOf: Int32Array;
  /** Per table row: its CSV line in the first file's column order (LF-free unless quoted). */
  readonly text: RowTexts;
  readonly rejects: readonly SourceReject[];
  /** Per file: the dialect it was read in. */
  readonly dialects: readonly Dialect[];
  /** What a person should know about the reading (text that was not UTF-8). */
  readonly warnings: readonly string[];
}

/** Each file's header and the dialect found on its first block. */
export interface FileHeaders {
  readonly headers: string[][];
  readonly dialects: Dialect[];
}

/** Reads each file's header (checked as every CSV reader checks it) and requires the same columns in all of them, in any order. */
export async function readHeaders(paths: readonly string[], csv?: CsvParams, options: { sheet?: SheetRef } = {}): Promise<FileHeaders> {
  const headers: string[][] = [];
  const dialects: Dialect[] = [];
  for (const path of paths) {
    // A table source of no columns: the same header checks, without a string per cell of the first chunk.
    // 64 KiB reads: the header is in the first (the body of that read is scanned too).
    const source = await readCsvTable(path, [], { chunkBytes: 1 << 16, sheet: options.sheet ?? null, ...(csv ? { csv } : {}) });
    await source.close();
    headers.push(source.header);
    dialects.push(source.dialect);
  }
  const first = headers[0]!;
  headers.forEach((header, f) => {
    const missing = first.filter((name) => !header.includes(name));
    if (missing.length || header.length !== first.length) {
      throw new SpmError('HEADER_MISMATCH', `${paths[f]} has other columns than ${paths[0]}`, {
        hint: `every data.source file needs the columns: ${first.join(', ')}${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
      });
    }
  });
  return { headers, dialects };
}

/**
 * Reads every file (headers from `readHeaders`) into one text table, rows in file order.
 * `summaryOnly`: columns read as SummaryColumns, not text (ingest's id and dropped columns).
 */
export async function readSources(paths: readonly string[], found: FileHeaders, options: { summaryOnly?: ReadonlySet<string>; csv?: CsvParams; sheet?: SheetRef } = {}): Promise<SourceData> {
  const { headers } = found;
  const header = headers[0]!;
  const dialects: Dialect[] = [];
  const warnings: string[] = [];
  const specs = header.map((name): ColumnSpec => ({ name, type: 'categorical', ...(options.summaryOnly?.has(name) ? { summaryOnly: true } : {}) }));
  const tables: Table[] = [];
  const summaries: SummaryColumn[][] = [];
  const lines: Int32Array[] = [];
  const fileOf: Int32Array[] = [];
  const raws: RawRecords[] = [];
  /** Per file: its records as the split files hold them (another dialect's: commaRecords). */
  const outRaws: RawRecords[] = [];
  const recordOf: Int32Array[] = [];
  const rewritten = new Map<number, string>();
  const rejects: SourceReject[] = [];
  let records = 0;
  let rows = 0;
  for (let f = 0; f < paths.length; f++) {
    // Columns are found by name, so the table is in the first file's order whatever this file's.
    const own = headers[f]!;
    const part = await readCsvTableInParts(paths[f]!, specs, { keepRaw: true, header: own, dialect: found.dialects[f]!, sheet: options.sheet ?? null, ...(options.csv ? { csv: options.csv } : {}) });
    const raw = part.raw!;
    const dialect = part.dialect;
    dialects.push(dialect);
    warnings.push(...part.warnings);
    // Lines of another dialect are written again as comma CSV with decimal points (csv-comma-records.ts).
    const canonical = isCommaDialect(dialect);
    const order = own.every((name, i) => name === header[i]) ? undefined : Int32Array.from(header, (name) => own.indexOf(name));
    const unpadded = unpaddedRows(part.table, part.summaries);
    const quoted = quoteFinder(raw);
    const recordOfRow = new Int32Array(part.table.rowCount);
    let next = 0; // the next reject, by record index (ascending)
    for (let r = 0, row = 0; r < raw.length; r++) {
      const reject = part.rejects[next];
      if (reject !== undefined && reject.row === r) {
        rejects.push({ file: f, line: reject.line, reason: reject.reason });
        next++;
        continue;
      }
      recordOfRow[row] = records + r;
      const line = canonical
        ? splitLine(raw, r, quoted(r), order, unpadded[row] === 1)
        : order
          ? formatCsvRow(reorder(fieldsOf(raw.at(r), dialect), order), { spreadsheetSafe: false })
          : undefined;
      if (line !== undefined) rewritten.set(rows + row, line);
      row++;
    }
    records += raw.length;
    rows += part.table.rowCount;
    tables.push(part.table);
    summaries.push(part.summaries);
    lines.push(part.lines);
    fileOf.push(new Int32Array(part.table.rowCount).fill(f));
    raws.push(raw);
    outRaws.push(canonical || order ? raw : commaRecords(raw, dialect));
    recordOf.push(recordOfRow);
  }
  const raw = raws.reduce((a, b) => RawRecords.join(a, b));
  const outRaw = outRaws.every((r, f) => r === raws[f]) ? raw : outRaws.reduce((a, b) => RawRecords.join(a, b));
  const rowRecords = concat(recordOf);
  const rowFiles = concat(fileOf);
  const fieldText = (row: number, name: string): string => fieldsOf(raw.at(rowRecords[row]!), dialects[rowFiles[row]!]!)[headers[rowFiles[row]!]!.indexOf(name)] ?? '';
  return {
    header, records, table: concatTables(tables), summaries: concatSummaries(summaries), fieldText,
    lines: concat(lines), fileOf: rowFiles, text: new RowTexts(outRaw, rowRecords, rewritten), rejects, dialects, warnings,
  };
}

/**
 * Each table row's CSV line as the split files hold it. Most lines are their record's source
 * text verbatim, kept as a range of the text read: the split files are assembled from those
 * ranges as bytes, with no string per row (on 1,000,000 rows, making, joining and encoding a
 * string per row cost about 0.5 s of ingest, garbage collection included).
 */
export class RowTexts {
  /** Per text read: its UTF-8 bytes (a text read as bytes, or an ASCII string: offsets into it are byte offsets). */
  private bytes: (Buffer | undefined)[] | undefined;

  /** `recordOf`: per table row, its record in `raw`; `rewritten`: the lines that are not their source text, by row. */
  constructor(
    private readonly raw: RawRecords,
    private readonly recordOf: Int32Array,
    private readonly rewritten: ReadonlyMap<number, string>,
  ) {}

  /** `head`, then the lines of `rows` in that order, each line ended by LF: UTF-8 bytes. */
  csv(head: string, rows: ArrayLike<number>): Buffer {
    const bytes = (this.bytes ??= this.raw.texts.map((t) =>
      typeof t !== 'string' ? Buffer.from(t.buffer, t.byteOffset, t.length) : Buffer.byteLength(t) === t.length ? Buffer.from(t, 'latin1') : undefined,
    ));
    const { raw, recordOf, rewritten } = this;
    const some = rewritten.size > 0;
    let size = Buffer.byteLength(head) + 1;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const own = some ? rewritten.get(row) : undefined;
      const r = recordOf[row]!;
      if (own !== undefined) size += Buffer.byteLength(own);
      else if (bytes[raw.textOf(r)] !== undefined) size += raw.endOf(r) - raw.startOf(r);
      else size += Buffer.byteLength(raw.at(r));
      size++;
    }
    const out = Buffer.allocUnsafe(size);
    let at = out.write(head, 0);
    out[at++] = 10;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const own = some ? rewritten.get(row) : undefined;
      const r = recordOf[row]!;
      const ascii = bytes[raw.textOf(r)];
      if (own !== undefined) at += out.write(own, at);
      else if (ascii !== undefined) at += ascii.copy(out, at, raw.startOf(r), raw.endOf(r));
      else at += out.write(raw.at(r), at);
      out[at++] = 10;
    }
    return out;
  }
}

const QUOTE = 34;

/**
 * Whether record r of `raw` has a quote, asked for records in ascending order (within a text,
 * RawRecords' records ascend): one native search per text and quote, not one per record.
 */
function quoteFinder(raw: RawRecords): (r: number) => boolean {
  const next = new Int32Array(raw.texts.length).fill(-2); // per text: the next quote from the last search on (-1: none)
  return (r) => {
    const t = raw.textOf(r);
    const start = raw.startOf(r);
    let q = next[t]!;
    if (q !== -1 && q < start) {
      const text = raw.texts[t]!;
      next[t] = q = typeof text === 'string' ? text.indexOf('"', start) : text.indexOf(QUOTE, start);
    }
    return q !== -1 && q < raw.endOf(r);
  };
}

/**
 * Record r's line as the split files hold it, when that is not its source text: RFC 4180 with
 * only the quoting needed (what `formatCsvRow` writes), fields in the first file's order. Most
 * lines are already so (undefined); the others (quotes, a field with an outer space, another
 * column order) are parsed and written again. `unpadded`: no field of the row can have an outer
 * space (unpaddedRows).
 */
function splitLine(raw: RawRecords, r: number, quoted: boolean, order: Int32Array | undefined, unpadded: boolean): string | undefined {
  if (order === undefined && !quoted && unpadded) return undefined;
  const text = raw.at(r);
  if (order === undefined && !quoted && !hasOuterSpace(text)) return undefined;
  return formatCsvRow(reorder(fieldsOf(text), order), { spreadsheetSafe: false });
}

const reorder = (fields: string[], order: Int32Array | undefined): string[] => (order ? Array.from(order, (i) => fields[i]!) : fields);

const COMMA_DIALECT = { delimiter: ',', decimal: '.' } as const;

/** The fields of one record's text, in its file's dialect (the one scanner: csv-parse.ts' recordFields). */
const fieldsOf = (text: string, dialect: Pick<Dialect, 'delimiter' | 'decimal'> = COMMA_DIALECT): string[] => recordFields(text, dialect.delimiter, dialect.decimal);

/** A field that starts or ends with a space (formatCsvField quotes those). */
const hasOuterSpace = (raw: string): boolean =>
  raw.charCodeAt(0) === 32 || raw.charCodeAt(raw.length - 1) === 32 || raw.includes(' ,') || raw.includes(', ');

/**
 * Per row of a text table, 1 when none of its fields can start or end with a space, known from
 * the codes alone: a value's text is in its column's dictionary; a missing value (code -1) may be
 * a padded token such as ' NA', so its row is checked on the text. Summary columns say the same
 * with their flags. Spares a search per line.
 */
function unpaddedRows(table: Table, summaries: readonly SummaryColumn[]): Uint8Array {
  const unpadded = new Uint8Array(table.rowCount);
  const columns = table.columns as readonly CategoricalColumn[];
  if (columns.some((c) => c.dictionary.some((v) => v.charCodeAt(0) === 32 || v.charCodeAt(v.length - 1) === 32))) return unpadded;
  unpadded.fill(1);
  for (const column of columns) {
    const codes = column.codes;
    for (let r = 0; r < codes.length; r++) if (codes[r]! < 0) unpadded[r] = 0;
  }
  for (const { flags } of summaries) {
    for (let r = 0; r < flags.length; r++) if (flags[r] === SUMMARY_MISSING || (flags[r]! & SUMMARY_SPACE) !== 0) unpadded[r] = 0;
  }
  return unpadded;
}
