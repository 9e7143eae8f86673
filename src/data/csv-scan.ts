/**
 * The RFC 4180 state machine (https://www.rfc-editor.org/rfc/rfc4180), hand-written because it
 * is spm's hot path: quotes, "" escapes, quoted line breaks, CRLF / LF / lone CR line ends, a
 * UTF-8 BOM, a missing final newline; blank lines are skipped but counted. Chunks may split
 * anywhere. It hands each field to a sink as a range of the chunk, so a sink that converts
 * straight to typed columns never allocates a string per field. Malformed quoting never throws:
 * the record carries a reason. Text after a closing quote and quotes inside unquoted fields are
 * kept literally (so the field count stays as the eye sees it).
 */
const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/** A field longer than this is almost surely a quote never closed: it stops growing. */
export const MAX_FIELD_CHARS = 1 << 20;

/** Receives the records, field by field. */
export interface CsvSink {
  /** The next field of the current record is `s.slice(start, end)` (valid during the call). */
  field(s: string, start: number, end: number): void;
  /**
   * The current record is complete. `line`: the 1-based physical line where it starts;
   * `malformed`: why its quoting is broken. With keepRaw, its source text is
   * `text.slice(start, end)` (text is usually the whole chunk: no string per record is made);
   * without, text is '' and the range empty.
   */
  endRecord(line: number, malformed: string | undefined, text: string, start: number, end: number): void;
  /** How many fields of the current record were given so far. */
  fieldsSoFar(): number;
  /** Forgets the current record's fields: it is read again line by line (see CsvScanner). */
  discardRecord(): void;
}

export interface ScannerOptions {
  /** Also give each record's source text to the sink. */
  readonly keepRaw?: boolean;
  /** `false`: the text starts inside a file (a part read on another thread), so a BOM there is data. */
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

export class CsvScanner {
  /** Where records go; may be replaced between records (e.g. once the header is read). */
  sink: CsvSink;
  private state: State = S.lineStart;
  private line = 1;
  private recLine = 1;
  private quoteLine = 1;
  /** A field being built across chunks or quotes ('' when none). */
  private field = '';
  private reason: string | undefined;
  /** Inside a quoted field: the last character was CR (so a following LF is the same break). */
  private quotedCr = false;
  private started = false;
  private readonly keepRaw: boolean;
  private rawPrefix = '';
  /** The current record's source text is rawText.slice(rawStart, rawEnd) (keepRaw only). */
  private rawText = '';
  private rawStart = 0;
  private rawEnd = 0;
  /** The delimiter, as a character and as its code. */
  private readonly delimiter: string;
  private readonly delim: number;
  /** The largest special character's code: characters above it cost one comparison in the hot loop. */
  private readonly top: number;
  /** The header's field count (-1: not known yet, the next record is the header; 0: none). */
  private width: number;
  private readonly confined: boolean;

  constructor(sink: CsvSink, options: ScannerOptions = {}) {
    this.sink = sink;
    this.keepRaw = options.keepRaw === true;
    this.started = options.bom === false;
    this.delimiter = options.delimiter ?? ',';
    if (this.delimiter.length !== 1 || '"\r\n'.includes(this.delimiter)) throw new Error(`CsvScanner: bad delimiter ${JSON.stringify(this.delimiter)}`);
    this.delim = this.delimiter.charCodeAt(0);
    this.top = Math.max(this.delim, QUOTE);
    this.width = options.width ?? -1;
    this.confined = options.confined === true;
  }

  /** Between records: no record is half read (what a part of a file must end with to be read apart). */
  get atRecordStart(): boolean {
    return this.state === S.lineStart && this.field === '' && this.reason === undefined;
  }

  /** The physical line the next record starts on, unless blank lines come first (1-based). */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Lines read elsewhere (whole lines as bytes, read straight into columns by TableBuilder.readLines),
   * only between records: the next record starts `lines` physical lines further on.
   */
  skipLines(lines: number): void {
    if (!this.atRecordStart) throw new Error('CsvScanner.skipLines inside a record');
    this.line += lines;
  }

  /** Scans the next chunk of text. */
  push(chunk: string): void {
    let s = chunk;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === BOM) s = s.slice(1);
    }
    this.scan(s);
  }

  /** Ends the input: completes a last record that had no final newline. */
  end(): void {
    const st = this.state;
    if (st === S.quoted) this.reason ??= `malformed quoting: the quote opened on line ${this.quoteLine} is never closed`;
    if (st !== S.lineStart && st !== S.afterCr) {
      this.endField();
      this.endRecord('', 0, 0);
    }
    this.state = S.lineStart;
  }

  private scan(s: string): void {
    const n = s.length;
    let i = 0;
    let recStart = 0;
    let state = this.state;
    // Where the next LF, CR, quote and comma are (n: none): native searches, each reused until passed.
    let nextLf = -1;
    let nextCr = -1;
    let nextQuote = -1;
    let nextComma = -1;
    const delimiter = this.delimiter;
    const delim = this.delim;
    const top = this.top;
    const find = (c: string, from: number): number => {
      const at = s.indexOf(c, from);
      return at === -1 ? n : at;
    };
    while (i < n) {
      switch (state) {
        case S.afterCr: {
          if (s.charCodeAt(i) === LF) i++;
          state = S.lineStart;
          break;
        }
        case S.lineStart: {
          // The fast path: a complete line without quotes (and no CR but the one of a CRLF) is
          // split with native searches for commas.
          if (nextLf < i) nextLf = find('\n', i);
          if (nextQuote < i) nextQuote = find('"', i);
          if (nextCr < i) nextCr = find('\r', i);
          const lineEnd = nextLf;
          const end = nextCr === lineEnd - 1 ? lineEnd - 1 : lineEnd;
          if (lineEnd < n && nextQuote > lineEnd && nextCr >= end && end - i <= MAX_FIELD_CHARS) {
            if (end > i) {
              this.recLine = this.line;
              const sink = this.sink;
              let pos = i;
              for (;;) {
                if (nextComma < pos) {
                  nextComma = s.indexOf(delimiter, pos); // inline: this loop runs once per field
                  if (nextComma === -1) nextComma = n;
                }
                if (nextComma >= end) break;
                sink.field(s, pos, nextComma);
                pos = nextComma + 1;
              }
              sink.field(s, pos, end);
              this.rawPrefix = '';
              this.endRecord(s, i, end);
            } else {
              this.line++; // a blank line: skipped, but counted
            }
            i = lineEnd + 1;
            break;
          }
          const c = s.charCodeAt(i);
          if (c === LF || c === CR) {
            this.line++; // a blank line: skipped, but counted
            i++;
            state = c === CR ? S.afterCr : S.lineStart;
            break;
          }
          this.recLine = this.line;
          recStart = i;
          this.rawPrefix = '';
          state = S.fieldStart;
          break;
        }
        case S.fieldStart: {
          if (s.charCodeAt(i) === QUOTE) {
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
          // The hot path: a run of unquoted fields goes to the sink without a round of the switch.
          let start = i;
          let c = 0;
          for (;;) {
            while (i < n) {
              c = s.charCodeAt(i);
              // Every special character is <= top (44 for a comma), so most characters cost one comparison.
              if (c <= top && (c === delim || c === LF || c === CR || c === QUOTE)) break;
              i++;
            }
            if (i === n) {
              this.append(s, start, n);
              break;
            }
            if (c === QUOTE) {
              this.reason ??= 'malformed quoting: a quote inside an unquoted field';
              i++;
              continue;
            }
            if (this.field === '' && i - start <= MAX_FIELD_CHARS) {
              this.sink.field(s, start, i);
            } else {
              this.append(s, start, i);
              this.endField();
            }
            i++;
            if (c !== delim) {
              this.endRecord(s, recStart, i - 1);
              state = c === CR ? S.afterCr : S.lineStart;
              break;
            }
            if (i === n || s.charCodeAt(i) === QUOTE) {
              state = S.fieldStart;
              break;
            }
            start = i;
          }
          break;
        }
        case S.quoted: {
          const q = s.indexOf('"', i);
          const stop = q === -1 ? n : q;
          if (nextLf < i) nextLf = find('\n', i);
          if (nextCr < i) nextCr = find('\r', i);
          if (this.confined && (nextLf < stop || nextCr < stop)) {
            // Read line by line: the quote is not closed on its line, which ends the record.
            const brk = Math.min(nextLf, nextCr);
            this.append(s, i, brk);
            this.reason ??= 'malformed quoting: a quote opened on this line is not closed on it (a stray quote?)';
            this.endField();
            this.endRecord(s, recStart, brk);
            i = brk + 1;
            state = s.charCodeAt(brk) === CR ? S.afterCr : S.lineStart;
            break;
          }
          if (nextLf < stop || nextCr < stop) this.countBreaks(s, i, stop);
          else if (stop > i) this.quotedCr = false;
          this.append(s, i, stop);
          i = stop;
          if (q !== -1) {
            i++;
            state = S.quoteInQuoted;
          }
          break;
        }
        case S.quoteInQuoted: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.append('"', 0, 1); // an escaped quote
            this.quotedCr = false;
            i++;
            state = S.quoted;
          } else if (c === delim) {
            this.endField();
            i++;
            state = S.fieldStart;
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRecord(s, recStart, i);
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
    if (state !== S.lineStart && state !== S.afterCr) this.rawPrefix += s.slice(recStart);
  }

  /**
   * Sets the record's source text range (only with keepRaw): a range of the chunk, or, for a
   * record begun in an earlier chunk (its start is in `rawPrefix`), a string of its own.
   */
  private raw(s: string, start: number, end: number): void {
    if (!this.keepRaw) {
      this.rawPrefix = '';
      return;
    }
    if (this.rawPrefix === '') {
      this.rawText = s;
      this.rawStart = start;
      this.rawEnd = end;
      return;
    }
    this.rawText = this.rawPrefix + s.slice(start, end);
    this.rawStart = 0;
    this.rawEnd = this.rawText.length;
    this.rawPrefix = '';
  }

  /** Grows the current field; past MAX_FIELD_CHARS it keeps the first MAX_FIELD_CHARS and flags the record. */
  private append(s: string, start: number, end: number): void {
    if (start === end) return;
    const room = MAX_FIELD_CHARS - this.field.length;
    if (end - start > room) {
      this.reason ??= `malformed quoting: a field longer than ${MAX_FIELD_CHARS} characters (a quote never closed?)`;
      end = start + room;
    }
    this.field = this.field === '' ? s.slice(start, end) : this.field + s.slice(start, end);
  }

  /** Counts physical line breaks inside a quoted field: LF, CRLF and a lone CR each count once. */
  private countBreaks(s: string, from: number, to: number): void {
    let cr = this.quotedCr;
    let line = this.line;
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
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
    const f = this.field;
    this.field = '';
    this.sink.field(f, 0, f.length);
  }

  /**
   * The record ends; its source text is s.slice(start, end), after any part in earlier chunks.
   * A record over several physical lines (a quoted line break) that is malformed or does not
   * have the header's field count is most likely a stray quote that swallowed the lines after
   * it: its lines are read again one by one (confined), so only the broken one is rejected.
   */
  private endRecord(s: string, start: number, end: number): void {
    const reason = this.reason;
    this.reason = undefined;
    const width = this.width;
    if (width < 0) this.width = this.sink.fieldsSoFar(); // the header's
    else if (width > 0 && this.line !== this.recLine && (reason !== undefined || this.sink.fieldsSoFar() !== width)) {
      const text = this.rawPrefix + s.slice(start, end);
      this.rawPrefix = '';
      this.sink.discardRecord();
      const again = new CsvScanner(this.sink, { keepRaw: this.keepRaw, bom: false, delimiter: this.delimiter, width: 0, confined: true });
      again.line = this.recLine;
      again.push(`${text}\n`); // each line ends as a line: the last one's open quote too
      again.end();
      this.line++;
      return;
    }
    this.raw(s, start, end);
    this.sink.endRecord(this.recLine, reason, this.rawText, this.rawStart, this.rawEnd);
    this.line++;
  }
}
