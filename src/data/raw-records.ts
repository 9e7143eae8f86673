/**
 * The source text of many records without a string per record: each record is a range of the
 * bytes the scanner already holds (the UTF-8 chunk it was read from, or, for the one record a
 * chunk boundary cut, that record alone). A million records cost three Int32Arrays and the
 * chunks, not a million slices joined again later (measured on predict's parse worker: about
 * 0.3 s of its 2.4 s on 1,000,000 rows went to slicing and joining them). A text may also be a
 * string (a record written again as comma CSV: csv-comma-records.ts).
 */
import { concat, grow } from '../util/typed-arrays.js';

/** What records are ranges of: text, or UTF-8 bytes. */
export type RecordText = string | Uint8Array;

const QUOTE = 34;
const SPACE = 32;
const CR = 13;

export class RawRecords {
  /** The texts the ranges index into, in order of first use. */
  readonly texts: RecordText[];
  /** Per record: its text (index into `texts`), start and end. */
  private text: Int32Array;
  private start: Int32Array;
  private end: Int32Array;
  private size: number;

  constructor(parts?: { texts: RecordText[]; text: Int32Array; start: Int32Array; end: Int32Array }) {
    this.texts = parts?.texts ?? [];
    this.text = parts?.text ?? new Int32Array(256);
    this.start = parts?.start ?? new Int32Array(256);
    this.end = parts?.end ?? new Int32Array(256);
    this.size = parts ? parts.text.length : 0;
  }

  get length(): number {
    return this.size;
  }

  /**
   * Adds the record `text.slice(start, end)`. Within one text, records ascend: a chunk equal to
   * the one before (a file that repeats itself) starts a text of its own, as its records start
   * again from 0 (quote searches over a text rely on it, source-files.ts).
   */
  push(text: RecordText, start: number, end: number): void {
    const last = this.texts.length - 1;
    if (last < 0 || this.texts[last] !== text || (this.size > 0 && start < this.end[this.size - 1]!)) this.texts.push(text);
    if (this.size === this.text.length) {
      const capacity = Math.max(256, this.size * 2); // never 0: records built from empty parts grow too
      this.text = grow(this.text, capacity);
      this.start = grow(this.start, capacity);
      this.end = grow(this.end, capacity);
    }
    this.text[this.size] = this.texts.length - 1;
    this.start[this.size] = start;
    this.end[this.size] = end;
    this.size++;
  }

  /** Record `i` is `texts[textOf(i)].slice(startOf(i), endOf(i))`. */
  textOf(i: number): number {
    return this.text[i]!;
  }

  startOf(i: number): number {
    return this.start[i]!;
  }

  endOf(i: number): number {
    return this.end[i]!;
  }

  /** Record `i`'s source text. */
  at(i: number): string {
    const t = this.text[i]!;
    const text = this.texts[t]!;
    if (typeof text === 'string') return text.slice(this.start[i]!, this.end[i]!);
    return Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8', this.start[i]!, this.end[i]!);
  }

  /** At most how many bytes record `i` takes in UTF-8. */
  maxBytes(i: number): number {
    const length = this.end[i]! - this.start[i]!;
    return typeof this.texts[this.text[i]!] === 'string' ? 3 * length : length;
  }

  /** Writes record `i` into `out` at `at` as UTF-8 (room for maxBytes(i) needed); returns the bytes written. */
  copyTo(i: number, out: Buffer, at: number): number {
    const text = this.texts[this.text[i]!]!;
    const start = this.start[i]!;
    const end = this.end[i]!;
    if (typeof text === 'string') return out.write(text.slice(start, end), at);
    out.set(text.subarray(start, end), at);
    return end - start;
  }

  /**
   * Writes field `field` of record `i` (fields split on the byte `delimiter`) into `out` at `at`
   * and returns its length, for a record held as bytes whose fields up to that one hold no quote
   * and no outer space; -1 otherwise (the caller parses the record's text instead). Recorded
   * predictions copy each row's id this way: no string per row.
   */
  copyField(i: number, field: number, delimiter: number, out: Buffer, at: number): number {
    const text = this.texts[this.text[i]!]!;
    if (typeof text === 'string') return -1;
    const end = this.end[i]!;
    let p = this.start[i]!;
    for (let k = 0; k < field; k++) {
      while (p < end && text[p] !== delimiter) if (text[p++] === QUOTE) return -1;
      if (p === end) return -1;
      p++;
    }
    const from = p;
    while (p < end && text[p] !== delimiter) if (text[p++] === QUOTE) return -1;
    let to = p;
    if (to > from && text[to - 1] === CR) to--;
    if (to > from && (text[from] === SPACE || text[to - 1] === SPACE)) return -1;
    // Byte by byte: ids are short, and a subarray per record to copy from cost predict's parse
    // worker a scavenge every chunk or two (--trace-gc: 32 instead of 9 on 1,000,000 rows).
    for (let k = from; k < to; k++) out[at + k - from] = text[k]!;
    return to - from;
  }

  toArray(): string[] {
    return Array.from({ length: this.size }, (_, i) => this.at(i));
  }

  /** The parts, trimmed to the records held (e.g. to post them to another thread; the arrays can be transferred). */
  parts(): { texts: RecordText[]; text: Int32Array; start: Int32Array; end: Int32Array } {
    const n = this.size;
    return { texts: this.texts, text: this.text.slice(0, n), start: this.start.slice(0, n), end: this.end.slice(0, n) };
  }

  /** The records of `a` then those of `b` (parts of one file read apart, csv-parts.ts). */
  static join(a: RawRecords, b: RawRecords): RawRecords {
    const first = a.parts();
    const second = b.parts();
    const shift = first.texts.length;
    return new RawRecords({
      texts: [...first.texts, ...second.texts],
      text: concat([first.text, second.text.map((t) => t + shift)]),
      start: concat([first.start, second.start]),
      end: concat([first.end, second.end]),
    });
  }
}
