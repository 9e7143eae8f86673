/**
 * A spreadsheet or Parquet cell as the text a CSV export would hold, so that a workbook or a
 * Parquet file goes through the CSV rules (inference, rejects, unseen categories) unchanged:
 * numbers in their shortest round-trip form, dates as ISO 8601, booleans as words, empty and
 * null cells (and NaN, pandas' missing value) as empty fields.
 */

/** `YYYY-MM-DD` for a date at midnight UTC, else `YYYY-MM-DDTHH:MM:SS` (`.sss` when it has milliseconds). */
export function dateText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  const iso = date.toISOString(); // 2024-03-01T08:30:00.000Z
  if (time % 86_400_000 === 0) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

/** A plain value's text: what Excel's or pandas' CSV export of that cell compares to. */
export function valueText(value: unknown, booleans: { readonly true: string; readonly false: string }): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? booleans.true : booleans.false;
  if (value instanceof Date) return dateText(value);
  if (value instanceof Uint8Array) return new TextDecoder('utf-8').decode(value);
  return String(value);
}

/** Excel writes TRUE / FALSE in its CSV exports. */
export const EXCEL_BOOLEANS = { true: 'TRUE', false: 'FALSE' } as const;
/** Arrow's and most Parquet tools' CSV writers use lower case. */
export const PARQUET_BOOLEANS = { true: 'true', false: 'false' } as const;
