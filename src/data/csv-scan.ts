/**
 * The one CSV scanner: an RFC 4180 state machine (https://www.rfc-editor.org/rfc/rfc4180) over
 * UTF-8 bytes, hand-written because it is spm's hot path. Every reader of CSV text goes through
 * it (typed tables, records, the sniffer, one record's fields); input in another encoding is
 * transcoded to UTF-8 before it (csv-decode.ts), so the delimiter, quote and line breaks — all
 * ASCII — are never a byte of a multi-byte character, and splitting bytes is exact.
 *
 * Quotes, "" escapes, quoted line breaks, CRLF / LF / lone CR line ends, a UTF-8 BOM, a missing
 * final newline; blank lines are skipped but counted. Chunks may split anywhere (inside a
 * character too). It hands each field to a sink as a range of bytes, so a sink that converts
 * straight to typed columns never makes a string per field; a sink may also give, per field, an
 * automaton that names the field's value while the scanner finds its end (csv-dictionary.ts).
 * Malformed quoting never throws: the record carries a reason. Text after a closing quote and
 * quotes inside unquoted fields are kept literally (so the field count stays as the eye sees it).
 */
import { AUTOMATON_START } from './csv-dictionary.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A field longer than this many characters (UTF-16 code units) is almost surely a quote never closed: it stops growing. */
export const MAX_FIELD_CHARS = 1 << 20;

/** Receives the records, field by field. Byte ranges are UTF-8 and valid during the call only. */
export interface CsvSink {
  /** The next field of the current record is `b[start, end)`. */
  field(b: Uint8Array, start: number, end: number): void;
  /**
   * The current record is complete. `line`: the 1-based physical line where it starts;
   * `malformed`: why its quoting is broken. With keepRaw, its source bytes are `b[start, end)`
   * (b is usually the whole chunk, which the sink may keep: the scanner never writes to it);
   * without, b is empty.
   */
  endRecord(line: number, malformed: string | undefined, b: Uint8Array, start: number, end: number): void;
  /** How many fields of the current record were given so far. */
  fieldsSoFar(): number;
  /** Forgets the current record's fields: it is read again line by line (see CsvScanner). */
  discardRecord(): void;
  /**
   * Per field index: an automaton (csv-dictionary.ts' fieldAutomaton, for this delimiter) that
   * names the field's value; the scanner then calls `fieldCode` instead of `field`.
   */
  readonly automata?: readonly (Int32Array | undefined)[] | undefined;
  /** `field`, with the automaton's verdict: the value's code, or -1 (not one the automaton knows). */
  fieldCode?(code: number, b: Uint8Array, start: number, end: number): void;
}

export interface ScannerOptions {
  /** Also give each record's source bytes to the sink. */
  readonly keepRaw?: boolean;
  /** `false`: the bytes start inside a file (a part read on another thread), so a BOM there is data. */
  readonly bom?: boolean;
  /** The field delimiter (default a comma). */
  readonly delimiter?: string;
  /**
   * The header's field count, when the header was read elsewhere (a part of a file); default:
   * the first record's. 0: never read a record again (the sniffer).
   */
  readonly width?: number;
  /** A line break always ends a record: a quote left open ends it malformed (re-reads, see endRecord). */
  readonly confined?: boolean;
}

/** Scanner states (a const table, not an enum). */
const S = { lineStart: 0, afterCr: 1, fieldStart: 2, unquoted: 3, quoted: 4, quoteInQuoted: 5 } as const;
type State = (typeof S)[keyof typeof S];

const EMPTY = new Uint8Array(0);
const BOM = [0xef, 0xbb, 0xbf] as const;

/** Bytes as a Buffer view (Buffer's indexOf is a native search). */
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));

export class CsvScanner {
  /** Where records go; may be replaced between records (e.g. once the header is read). */
  sink: CsvSink;
  private state: State = S.lineStart;
  private line = 1;
  private recLine = 1;
  private quoteLine = 1;
  /** A field being built across chunks or quotes: fieldBytes[0, fieldLength). */
  private fieldBytes = new Uint8Array(256);
  private fieldLength = 0;
  /** Its length in characters, once it may be past MAX_FIELD_CHARS (-1: not counted; see append). */
  private fieldChars = -1;
  private reason: string | undefined;
  /** Inside a quoted field: the last byte was CR (so a following LF is the same break). */
  private quotedCr = false;
  /** Bytes of a possible BOM held until there are 3 (undefined: past the start). */
  private bomHeld: Uint8Array | undefined;
  private readonly keepRaw: boolean;
  /** The current record's bytes from earlier chunks (it began in one of them). */
  private rawPrefix: Uint8Array = EMPTY;
  /** The delimiter, as a character and as its byte. */
  private readonly delimiter: string;
  private readonly delim: number;
  /** The largest special byte: bytes above it cost one comparison in the hot loop. */
  private readonly top: number;
  /** The header's field count (-1: not known yet, the next record is the header; 0: none). */
  private width: number;
  private readonly confined: boolean;

  constructor(sink: CsvSink, options: ScannerOptions = {}) {
    this.sink = sink;
    this.keepRaw = options.keepRaw === true;
    this.bomHeld = options.bom === false ? undefined : EMPTY;
    this.delimiter = options.delimiter ?? ',';
    const d = this.delimiter.charCodeAt(0);
    if (this.delimiter.length !== 1 || d > 127 || '"\r\n'.includes(this.delimiter)) throw new Error(`CsvScanner: bad delimiter ${JSON.stringify(this.delimiter)}`);
    this.delim = d;
    this.top = Math.max(d, QUOTE);
    this.width = options.width ?? -1;
    this.confined = options.confined === true;
  }

  /** Between records: no record is half read (what a part of a file must end with to be read apart). */
  get atRecordStart(): boolean {
    return this.state === S.lineStart && this.fieldLength === 0 && this.reason === undefined;
  }

  /** The physical line the next record starts on, unless blank lines come first (1-based). */
  get nextLine(): number {
    return this.line;
  }

  /** Scans the next chunk of UTF-8 bytes (kept by reference in records' raw ranges: do not reuse it). */
  push(chunk: Uint8Array): void {
    let b = asBuffer(chunk);
    const held = this.bomHeld;
    if (held !== undefined) {
      // The start of the input: a UTF-8 BOM there is dropped (wherever the chunks cut it).
      const head = held.length === 0 ? b : Buffer.concat([held, b]);
      let k = 0;
      while (k < 3 && k < head.length && head[k] === BOM[k]) k++;
      if (k === head.length && k < 3) {
        this.bomHeld = new Uint8Array(head); // still maybe a BOM: wait for more
        return;
      }
      this.bomHeld = undefined;
      b = k === 3 ? head.subarray(3) : head;
    }
    if (b.length > 0) this.scan(b);
  }

  /** Ends the input: completes a last record that had no final newline. */
  end(): void {
    const held = this.bomHeld;
    if (held !== undefined && held.length > 0) {
      this.bomHeld = undefined;
      this.scan(Buffer.from(held)); // the start of a BOM only: data
    }
    const st = this.state;
    if (st === S.quoted) this.reason ??= `malformed quoting: the quote opened on line ${this.quoteLine} is never closed`;
    if (st !== S.lineStart && st !== S.afterCr) {
      this.endField();
      this.endRecord(EMPTY, 0, 0);
    }
    this.state = S.lineStart;
  }

  private scan(b: Buffer): void {
    const n = b.length;
    let i = 0;
    let recStart = 0;
    let state = this.state;
    // Past the last LF of the chunk no loop below may run unbounded: each stops at an LF.
    const lastLf = b.lastIndexOf(LF);
    let nextLf = -1;
    let nextCr = -1;
    const delim = this.delim;
    const top = this.top;
    const find = (c: number, from: number): number => {
      const at = b.indexOf(c, from);
      return at === -1 ? n : at;
    };
    while (i < n) {
      switch (state) {
        case S.afterCr: {
          if (b[i] === LF) i++;
          state = S.lineStart;
          break;
        }
        case S.lineStart: {
          const c = b[i]!;
          if (c === LF || c === CR) {
            this.line++; // a blank line: skipped, but counted
            i++;
            state = c === CR ? S.afterCr : S.lineStart;
            break;
          }
          this.recLine = this.line;
          recStart = i;
          this.rawPrefix = EMPTY;
          state = c === QUOTE ? S.fieldStart : S.unquoted;
          break;
        }
        case S.fieldStart: {
          if (b[i] === QUOTE) {
            this.quoteLine = this.line;
            this.quotedCr = false;
            i++;
            state = S.quoted;
          } else {
            state = S.unquoted;
          }
          break;
        }
        case S.unquoted: {
          // The hot path: a run of unquoted fields, and of records of them, without a round of the switch.
          let start = i;
          let c = 0;
          let sink = this.sink;
          let automata = sink.automata;
          // The index of the current field (kept here: a call per field costs the hot loop), and
          // whether its first bytes came in an earlier chunk (then it is read as any field).
          let f = automata === undefined ? 0 : sink.fieldsSoFar();
          let begun = this.fieldLength !== 0;
          for (;;) {
            const automaton = automata !== undefined && !begun && i <= lastLf ? automata[f] : undefined;
            if (automaton !== undefined) {
              // Reads the field and names its value in one pass; every state stops at the
              // delimiter, a line break or a quote (before the last LF, one always comes).
              let st = AUTOMATON_START;
              while ((st = automaton[(st << 8) | b[i]!]!) > 0) i++;
              c = b[i]!;
              if (c !== QUOTE && i - start <= MAX_FIELD_CHARS) {
                sink.fieldCode!(st < 0 ? -st - 1 : -1, b, start, i);
              } else {
                i = start; // read again below, as any field
                c = -1;
              }
            } else {
              c = -1;
            }
            if (c === -1) {
              for (;;) {
                while (i < n) {
                  c = b[i]!;
                  // Every special byte is <= top (44 for a comma), so most bytes cost one comparison.
                  if (c <= top && (c === delim || c === LF || c === CR || c === QUOTE)) break;
                  i++;
                }
                if (i === n || c !== QUOTE) break;
                this.reason ??= 'malformed quoting: a quote inside an unquoted field';
                i++;
              }
              if (i === n) {
                this.append(b, start, n);
                break;
              }
              if (!begun && i - start <= MAX_FIELD_CHARS) {
                sink.field(b, start, i);
              } else {
                this.append(b, start, i);
                this.endField();
              }
              begun = false;
            }
            f++;
            i++;
            if (c !== delim) {
              this.endRecord(b, recStart, i - 1);
              if (c === CR) {
                state = S.afterCr;
                break;
              }
              // The next record at once, unless it is blank, quoted or past the chunk.
              c = i < n ? b[i]! : LF;
              if (c === LF || c === CR || c === QUOTE) {
                state = S.lineStart;
                break;
              }
              this.recLine = this.line;
              recStart = i;
              this.rawPrefix = EMPTY;
              start = i;
              sink = this.sink; // the header's sink hands over to the body's after the first record
              automata = sink.automata;
              f = 0;
              continue;
            }
            if (i === n || b[i] === QUOTE) {
              state = S.fieldStart;
              break;
            }
            start = i;
          }
          break;
        }
        case S.quoted: {
          const q = b.indexOf(QUOTE, i);
          const stop = q === -1 ? n : q;
          if (nextLf < i) nextLf = find(LF, i);
          if (nextCr < i) nextCr = find(CR, i);
          if (this.confined && (nextLf < stop || nextCr < stop)) {
            // Read line by line: the quote is not closed on its line, which ends the record.
            const brk = Math.min(nextLf, nextCr);
            this.append(b, i, brk);
            this.reason ??= 'malformed quoting: a quote opened on this line is not closed on it (a stray quote?)';
            this.endField();
            this.endRecord(b, recStart, brk);
            i = brk + 1;
            state = b[brk] === CR ? S.afterCr : S.lineStart;
            break;
          }
          if (nextLf < stop || nextCr < stop) this.countBreaks(b, i, stop);
          else if (stop > i) this.quotedCr = false;
          this.append(b, i, stop);
          i = stop;
          if (q !== -1) {
            i++;
            state = S.quoteInQuoted;
          }
          break;
        }
        case S.quoteInQuoted: {
          const c = b[i]!;
          if (c === QUOTE) {
            this.append(QUOTE_BYTE, 0, 1); // an escaped quote
            this.quotedCr = false;
            i++;
            state = S.quoted;
          } else if (c === delim) {
            this.endField();
            i++;
            state = S.fieldStart;
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRecord(b, recStart, i);
            i++;
            state = c === CR ? S.afterCr : S.lineStart;
          } else {
            this.reason ??= 'malformed quoting: text after a closing quote';
            state = S.unquoted;
          }
          break;
        }
      }
    }
    this.state = state;
    // A record left open is kept whole: it may have to be read again line by line (endRecord).
    if (state !== S.lineStart && state !== S.afterCr) this.rawPrefix = concatBytes(this.rawPrefix, b.subarray(recStart));
  }

  /**
   * Grows the current field; past MAX_FIELD_CHARS characters it keeps the first MAX_FIELD_CHARS
   * and flags the record. Characters are counted only once the bytes could be that many (a
   * character is at least one byte): UTF-16 code units, as JavaScript counts a string's length.
   */
  private append(b: Uint8Array, start: number, end: number): void {
    if (start === end) return;
    let length = this.fieldLength;
    if (this.fieldChars >= 0 || length + (end - start) > MAX_FIELD_CHARS) {
      if (this.fieldChars < 0) this.fieldChars = utf16Length(this.fieldBytes, 0, length);
      let chars = this.fieldChars;
      let k = start;
      // Whole characters while there is room (a 4-byte sequence is two code units).
      while (k < end) {
        const c = b[k]!;
        if ((c & 0xc0) === 0x80) {
          k++;
          continue;
        }
        const units = c >= 0xf0 ? 2 : 1;
        if (chars + units > MAX_FIELD_CHARS) break;
        chars += units;
        k++;
      }
      if (k < end) this.reason ??= `malformed quoting: a field longer than ${MAX_FIELD_CHARS} characters (a quote never closed?)`;
      this.fieldChars = chars;
      end = k;
      if (start === end) return;
    }
    const need = length + (end - start);
    if (need > this.fieldBytes.length) {
      let size = this.fieldBytes.length * 2;
      while (size < need) size *= 2;
      const larger = new Uint8Array(size);
      larger.set(this.fieldBytes.subarray(0, length));
      this.fieldBytes = larger;
    }
    this.fieldBytes.set(b.subarray(start, end), length);
    length = need;
    this.fieldLength = length;
  }

  /** Counts physical line breaks inside a quoted field: LF, CRLF and a lone CR each count once. */
  private countBreaks(b: Uint8Array, from: number, to: number): void {
    let cr = this.quotedCr;
    let line = this.line;
    for (let k = from; k < to; k++) {
      const c = b[k]!;
      if (c === LF) {
        if (!cr) line++;
        cr = false;
      } else if (c === CR) {
        line++;
        cr = true;
      } else {
        cr = false;
      }
    }
    if (to > from) this.quotedCr = cr;
    this.line = line;
  }

  private endField(): void {
    const length = this.fieldLength;
    this.fieldLength = 0;
    this.fieldChars = -1;
    this.sink.field(this.fieldBytes, 0, length);
  }

  /**
   * The record ends; its source is b[start, end), after any part in earlier chunks. A record
   * over several physical lines (a quoted line break) that is malformed or does not have the
   * header's field count is most likely a stray quote that swallowed the lines after it: its
   * lines are read again one by one (confined), so only the broken one is rejected.
   */
  private endRecord(b: Uint8Array, start: number, end: number): void {
    const reason = this.reason;
    this.reason = undefined;
    const width = this.width;
    if (width < 0) this.width = this.sink.fieldsSoFar(); // the header's
    else if (width > 0 && this.line !== this.recLine && (reason !== undefined || this.sink.fieldsSoFar() !== width)) {
      const text = concatBytes(this.rawPrefix, b.subarray(start, end));
      this.rawPrefix = EMPTY;
      this.sink.discardRecord();
      const again = new CsvScanner(this.sink, { keepRaw: this.keepRaw, bom: false, delimiter: this.delimiter, width: 0, confined: true });
      again.line = this.recLine;
      const lines = new Uint8Array(text.length + 1);
      lines.set(text);
      lines[text.length] = LF; // each line ends as a line: the last one's open quote too
      again.push(lines);
      again.end();
      this.line++;
      return;
    }
    this.line++;
    if (!this.keepRaw) {
      this.rawPrefix = EMPTY;
      this.sink.endRecord(this.recLine, reason, EMPTY, 0, 0);
    } else if (this.rawPrefix.length === 0) {
      this.sink.endRecord(this.recLine, reason, b, start, end);
    } else {
      // A record begun in an earlier chunk: bytes of its own.
      const own = concatBytes(this.rawPrefix, b.subarray(start, end));
      this.rawPrefix = EMPTY;
      this.sink.endRecord(this.recLine, reason, own, 0, own.length);
    }
  }
}

const QUOTE_BYTE = Uint8Array.of(QUOTE);

/** The length in UTF-16 code units of UTF-8 bytes [start, end). */
function utf16Length(b: Uint8Array, start: number, end: number): number {
  let units = 0;
  for (let k = start; k < end; k++) {
    const c = b[k]!;
    if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1;
  }
  return units;
}

/** a then b, as new bytes (a itself when b is empty and a is not a view of a chunk). */
function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Text as the UTF-8 bytes the scanner reads. */
export const utf8Bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** UTF-8 bytes [start, end) as text. */
export const utf8Text = (b: Uint8Array, start: number, end: number): string => asBuffer(b).toString('utf8', start, end);
