/** Small rendering helpers shared by the commands' human output. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

export function renderTable(head: readonly string[], rows: readonly (readonly (string | number)[])[], c: ChalkInstance): string {
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** Metric values: 4 significant decimals for scores, integers as they are. */
export function formatNumber(value: unknown): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '—' : String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : value.toFixed(4);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatSigned(delta: number): string {
  const s = formatNumber(delta);
  return delta > 0 ? `+${s}` : s;
}
