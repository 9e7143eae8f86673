/**
 * Where the shards of a CSV file begin and end, so that any process can score "the i-th of n"
 * without the others: shard j ends at the first record boundary (a line feed outside quotes)
 * at or after j/n of the file's bytes, and the header is in none of them. Finding a boundary
 * needs the quoting from the file's start, so the scan reads bytes from 0 — a byte loop, far
 * cheaper than parsing — and it is the same scan in every process, so neighbours agree.
 *
 * Quote-safe by refusing to guess: RFC 4180 quoting is followed exactly (a quote opens a field
 * only at its start, after a delimiter or a line break; a closing quote is followed by a
 * delimiter, a line break or the end). At the first byte that is not like that, every later cut
 * moves to the end of the file, so the rest is read by one scanner from a true record start,
 * just as a one-process read sees it. An unclosed quote does the same by itself (no boundary).
 */

export interface ShardSpec {
  /** 1-based, as `--shard 3/16`. */
  readonly index: number;
  readonly count: number;
}

export interface ShardRange {
  /** Bytes of the header (and any blank lines before it): copied in front of every shard. */
  readonly headerEnd: number;
  readonly start: number;
  readonly end: number;
  /** Lines between the header and the shard's start: added to the shard's line numbers. */
  readonly lineOffset: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** The scan's state across chunks: pure, fed the file's bytes in order (`feed`), then `finish`. */
export class BoundaryScan {
  private pos = 0;
  private quoted = false;
  /** Inside quotes, the previous byte was a quote: an escaped quote or the closing one. */
  private quoteSeen = false;
  /** A closing quote was the previous byte: a delimiter, CR, LF or the end must follow. */
  private closed = false;
  private fieldStart = true;
  private recordHasText = false;
  private malformed = false;
  /** Line feeds so far (inside quotes too: lines are the file's lines). */
  private lines = 0;
  private headerLines = 0;
  headerEnd: number | undefined;
  /** Cut j (1-based) once found: the byte after its boundary, and the line feeds before it. */
  readonly cuts: number[] = [];
  private readonly cutLines: number[] = [];

  constructor(
    private readonly size: number,
    private readonly count: number,
    private readonly delimiter: number,
    /** Bytes of a byte order mark to skip at the start. */
    bomBytes: number,
  ) {
    this.pos = bomBytes;
  }

  /** The next cut's target byte, or undefined when every cut is placed. */
  private target(): number | undefined {
    const j = this.cuts.length + 1;
    return j < this.count ? Math.floor((this.size * j) / this.count) : undefined;
  }

  /** Whether scanning can stop: the header's end is known and the cuts up to `need` are placed. */
  done(need: number): boolean {
    return this.headerEnd !== undefined && this.cuts.length >= need;
  }

  /** Feeds the bytes from the current position on (`bytes` starts at byte `offset` of the file). */
  feed(bytes: Uint8Array, offset: number, need: number): void {
    for (let k = this.pos - offset; k < bytes.length && !this.done(need) && !this.malformed; k++) {
      const b = bytes[k]!;
      this.pos = offset + k + 1;
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (b === QUOTE) continue; // "" inside quotes
          this.quoted = false;
          this.closed = true;
          // fall through: b follows a closing quote
        } else {
          if (b === QUOTE) this.quoteSeen = true;
          else if (b === LF) this.lines++;
          continue;
        }
      }
      if (this.closed && b !== this.delimiter && b !== CR && b !== LF) {
        this.malformed = true;
        break;
      }
      this.closed = false;
      if (b === QUOTE) {
        if (!this.fieldStart) {
          this.malformed = true;
          break;
        }
        this.quoted = true;
        this.recordHasText = true;
        this.fieldStart = false;
        continue;
      }
      if (b === LF) {
        this.lines++;
        this.fieldStart = true;
        this.boundary(offset + k + 1);
        continue;
      }
      this.fieldStart = b === this.delimiter;
      if (b !== CR) this.recordHasText = true;
    }
    if (this.malformed) this.placeRest();
  }

  private boundary(at: number): void {
    if (this.headerEnd === undefined) {
      if (this.recordHasText) {
        this.headerEnd = at;
        this.headerLines = this.lines;
      }
      this.recordHasText = false;
      return;
    }
    this.recordHasText = false;
    for (let t = this.target(); t !== undefined && at >= Math.max(t, this.headerEnd); t = this.target()) {
      this.cuts.push(at);
      this.cutLines.push(this.lines);
    }
  }

  /**
   * Every cut not placed goes to the end of the file. Malformed quoting in the header itself
   * leaves no header to copy: then shard 1 is the whole file, as read by one process.
   */
  private placeRest(): void {
    this.headerEnd ??= 0;
    while (this.target() !== undefined) {
      this.cuts.push(this.size);
      this.cutLines.push(this.lines);
    }
  }

  /** The end of the file: cuts not found go to its end (a closing quote at the very end is fine). */
  finish(): void {
    this.placeRest();
  }

  /** Shard `spec`'s bytes (call once cuts up to spec.index are placed, or after finish). */
  range(spec: ShardSpec): ShardRange {
    const headerEnd = this.headerEnd ?? 0;
    const at = (j: number): number => (j === 0 ? headerEnd : j === spec.count ? this.size : this.cuts[j - 1]!);
    const start = at(spec.index - 1);
    const lineOffset = spec.index === 1 ? 0 : this.cutLines[spec.index - 2]! - this.headerLines;
    return { headerEnd, start, end: Math.max(start, at(spec.index)), lineOffset };
  }
}
