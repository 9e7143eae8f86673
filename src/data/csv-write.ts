/**
 * Writing CSV (RFC 4180 quoting, LF line ends) that is also safe to open in a spreadsheet:
 * a text cell starting with = + - @ tab or CR is prefixed with ' so it is shown as text, never
 * run as a formula (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
 */
import { parseNumber } from './infer.js';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;

export interface CsvFormatOptions {
  /** Prefix formula-like text cells with ' (default true). */
  spreadsheetSafe?: boolean;
}

/** The characters a spreadsheet formula can start with (OWASP): = + - @ tab CR. */
export const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** FORMULA_STARTS by character code: one lookup per cell (predict formats every explained row). */
const STARTS_FORMULA = new Uint8Array(128);
for (const c of FORMULA_STARTS) STARTS_FORMULA[c.charCodeAt(0)] = 1;

/** True when a spreadsheet could read `text` as a formula: a risky first character, and not a number. */
export function isFormulaLike(text: string): boolean {
  return STARTS_FORMULA[text.charCodeAt(0)] === 1 && Number.isNaN(parseNumber(text));
}

/**
 * Whether any cell of `text` (a CSV record or many, as text or ASCII bytes) could start like a formula: a cheap
 * pre-check (native scans) before looking at cells one by one.
 */
export function mayHoldFormula(text: string | Uint8Array): boolean {
  if (typeof text === 'string') return FORMULA_STARTS.some((c) => text.includes(c));
  // Buffer's search is native (memchr); a Uint8Array's includes reads element by element.
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.length);
  return FORMULA_STARTS.some((c) => bytes.includes(c.charCodeAt(0)));
}

/** One field: quoted when it holds a comma, quote, CR or LF or starts/ends with a space. */
export function formatCsvField(text: string, options?: CsvFormatOptions): string {
  if (options?.spreadsheetSafe !== false && isFormulaLike(text)) return `"'${text.replaceAll('"', '""')}"`;
  const n = text.length;
  if (n === 0) return text;
  let quote = text.charCodeAt(0) === SPACE || text.charCodeAt(n - 1) === SPACE;
  for (let i = 0; i < n && !quote; i++) {
    const c = text.charCodeAt(i);
    quote = c === COMMA || c === QUOTE || c === LF || c === CR;
  }
  if (!quote) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

/** One record, without its line end. A lone empty field is written "" (a blank line is no record). */
export function formatCsvRow(fields: readonly string[], options?: CsvFormatOptions): string {
  if (fields.length === 1 && fields[0] === '') return '""';
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += formatCsvField(fields[i]!, options);
  }
  return line;
}

/** A number as CSV text: the shortest round-trip form (String(x)); NaN (missing) is empty. */
export const formatNumber = (x: number): string => (Number.isNaN(x) ? '' : String(x));
