/** Shared by `metrics diff` and `params diff`: which two pipeline versions to compare. */
import { previousEvaluate } from '../pipeline/history.js';
import { resolveVersion } from '../pipeline/resolve.js';
import type { Workspace } from '../pipeline/workspace.js';
import type { Change } from '../pipeline/history.js';
import { formatNumber, formatSigned, renderTable } from './render.js';
import type { ChalkInstance } from 'chalk';

/**
 * No refs: the current version against the one before it. One ref: that one against the
 * current. Two refs: as given.
 */
export async function resolvePair(ws: Workspace, refA?: string, refB?: string): Promise<{ a: string; b: string }> {
  if (refA && refB) return { a: await resolveVersion(ws, refA, 'evaluate'), b: await resolveVersion(ws, refB, 'evaluate') };
  const b = await resolveVersion(ws, 'latest', 'evaluate');
  const a = refA ? await resolveVersion(ws, refA, 'evaluate') : await previousEvaluate(ws.store, b);
  return { a, b };
}

const cell = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : v === undefined ? '(unset)' : JSON.stringify(v));

/** A table of changes, or a GitHub-flavoured Markdown table for a PR comment. */
export function renderChanges(changes: readonly Change[], ids: { a: string; b: string }, c: ChalkInstance, markdown: boolean, withDelta: boolean): string {
  const head = ['key', ids.a, ids.b, ...(withDelta ? ['change'] : [])];
  const rows = changes.map((ch) => {
    const delta = typeof ch.a === 'number' && typeof ch.b === 'number' ? formatSigned(ch.b - ch.a) : '';
    return [ch.key, cell(ch.a), cell(ch.b), ...(withDelta ? [delta] : [])];
  });
  if (markdown) {
    const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
  }
  if (rows.length === 0) return `no differences between ${ids.a} and ${ids.b}`;
  return renderTable(head, rows, c);
}
