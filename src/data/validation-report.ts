/**
 * Every row problem found at ingest, grouped per column and kind (zod's "failures are data,
 * rendered in one place"): validation.json holds the groups, `renderValidation` the compact
 * table a person reads on stderr, one line per group however many rows fail.
 */

import { showValues } from '../util/privacy.js';

/** Kinds of row problems, in report order, with the words a person reads. */
export const PROBLEM_KINDS = {
  malformed_quoting: 'malformed quoting',
  field_count: 'wrong field count',
  not_a_number: 'not a number',
  outside_bounds: 'outside bounds',
  missing_target: 'missing target',
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** Samples and first lines kept per group. */
const KEEP = 3;

/** One problem of one row. */
export interface Problem {
  readonly kind: ProblemKind;
  /** The column at fault; null for problems of the whole row (quoting, field count). */
  readonly column: string | null;
  readonly file: string;
  readonly line: number;
  /** The value as written (not-a-number and outside-bounds problems). */
  readonly value?: string;
}

export interface LineRef {
  readonly file: string;
  readonly line: number;
}

export interface ProblemGroup {
  readonly column: string | null;
  readonly kind: ProblemKind;
  readonly problem: string;
  /** Rows with this problem (a row with several problems counts in each of their groups). */
  readonly count: number;
  /** count / rows read. */
  readonly share: number;
  /** Up to 3 distinct values as written, in file and line order (value problems only). */
  readonly samples?: readonly string[];
  /** The first lines with this problem, in file and line order. */
  readonly first_lines: readonly LineRef[];
}

export interface ValidationReport {
  readonly format: 'spm.validation';
  readonly version: 1;
  /** Rows read (every record after the header, in every file). */
  readonly rows: number;
  /** Rows rejected (see rejects.csv: one line each, with its first problem). */
  readonly rejected: number;
  readonly groups: readonly ProblemGroup[];
}

/**
 * Groups problems per (column, kind): row-level kinds first, then columns in `columns` order,
 * kinds in PROBLEM_KINDS order within a column. `problems` may come in any order.
 */
export function groupProblems(problems: readonly Problem[], rows: number, rejected: number, columns: readonly string[]): ValidationReport {
  const kinds = Object.keys(PROBLEM_KINDS) as ProblemKind[];
  const byKey = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = `${p.column === null ? -1 : columns.indexOf(p.column)}:${kinds.indexOf(p.kind)}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [p]);
    else list.push(p);
  }
  const order = (key: string): [number, number] => key.split(':').map(Number) as [number, number];
  const keys = [...byKey.keys()].sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
  const groups = keys.map((key): ProblemGroup => {
    const list = byKey.get(key)!;
    const { kind, column } = list[0]!;
    const sorted = [...list].sort(byFileAndLine);
    const group: ProblemGroup = {
      column,
      kind,
      problem: PROBLEM_KINDS[kind],
      count: list.length,
      share: rows === 0 ? 0 : Math.round((list.length / rows) * 1e6) / 1e6,
      first_lines: sorted.slice(0, KEEP).map((p) => ({ file: p.file, line: p.line })),
    };
    if (kind !== 'not_a_number' && kind !== 'outside_bounds') return group;
    const samples: string[] = [];
    for (const p of sorted) {
      if (samples.length === KEEP) break;
      if (p.value !== undefined && !samples.includes(p.value)) samples.push(p.value);
    }
    return { ...group, samples };
  });
  return { format: 'spm.validation', version: 1, rows, rejected, groups };
}

/** File (by name), then line: the order of rejects.csv. */
export const byFileAndLine = (a: LineRef, b: LineRef): number => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1);

/** A share as a person reads it: '12.5%', '<0.1%'. */
const percent = (share: number): string => (share > 0 && share < 0.001 ? '<0.1%' : `${(share * 100).toFixed(1)}%`);

/**
 * The report as a compact table: a title line, then one line per group with its count, share
 * and where to look: the first lines (the sample values instead under --verbose: util/privacy.ts).
 * File names are shown when there are several.
 */
export function renderValidation(report: ValidationReport, options: { severalFiles: boolean }): string {
  const where = (r: LineRef): string => (options.severalFiles ? `${r.file}:${r.line}` : `line ${r.line}`);
  const rows = report.groups.map((g) => [
    g.column ?? '(row)',
    g.problem,
    String(g.count),
    percent(g.share),
    g.samples && showValues() ? g.samples.map((s) => `'${s.length > 20 ? `${s.slice(0, 17)}...` : s}'`).join(', ') : g.first_lines.map(where).join(', '),
  ]);
  const head = ['column', 'problem', 'rows', 'share', 'e.g.'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`;
  const title = `ingest: ${report.rejected} of ${report.rows} rows rejected (each in rejects.csv; grouped in validation.json):`;
  return [title, line(head), ...rows.map(line)].join('\n');
}
