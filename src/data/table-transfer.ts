/**
 * The transfer list of a table sent to another thread (a chunk of predict's parse worker, the
 * second part of a CSV file read in two parts): the buffers of its typed arrays move instead of
 * being copied. Every sender builds it here.
 *
 * The sender gives the table up: its columns, lines, summaries and record ranges are the
 * builder's own arrays (TableBuilder.take lets go of them), so each moves whole, even when it
 * views only the start of its buffer (cloning such a view would copy that whole buffer anyway).
 * The records' texts (the UTF-8 chunks the scanner read) are the exception: one may view a buffer
 * shared with other bytes (a chunk cut after a BOM, a pooled Buffer), so only a text that owns its
 * whole buffer moves; the others are copied.
 */
import { buffersOf } from '../util/worker.js';
import type { RecordText } from './raw-records.js';
import type { Column, SummaryColumn } from './table.js';

/** The typed-array parts of a table on its way to another thread. */
export interface SentTable {
  readonly columns: readonly Column[];
  /** Source line of each row. */
  readonly lines: Int32Array;
  readonly summaries?: readonly SummaryColumn[];
  /** The records' text as RawRecords parts. */
  readonly raw?: { readonly texts: readonly RecordText[]; readonly text: Int32Array; readonly start: Int32Array; readonly end: Int32Array };
}

/** The buffers to transfer with `sent`, once each. */
export function tableTransfer(sent: SentTable): ArrayBuffer[] {
  const views: ArrayBufferView[] = [sent.lines];
  for (const c of sent.columns) views.push(c.kind === 'numeric' ? c.values : c.codes);
  for (const s of sent.summaries ?? []) views.push(s.values, s.flags);
  if (sent.raw) {
    views.push(sent.raw.text, sent.raw.start, sent.raw.end);
    for (const t of sent.raw.texts) if (typeof t !== 'string' && t.byteOffset === 0 && t.byteLength === t.buffer.byteLength) views.push(t);
  }
  return buffersOf(views);
}
