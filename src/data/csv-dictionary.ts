/**
 * Categorical values → codes, looked up by a range of the scanner's UTF-8 bytes (or of a string)
 * so that converting a CSV column never makes a string per cell: an open-addressing table with
 * linear probing. Codes are positions in `values`.
 *
 * The hashes are of a value's UTF-8 bytes, so a value has one slot whether it is looked up as
 * bytes or as text (an ASCII string's characters are its bytes; other strings are encoded first).
 * A small index hashes a sample of each value: its length and three bytes, which tells a typical
 * category list apart. The match is still checked in full. Past SAMPLED_MAX values (an id
 * column, say), samples would collide too often, and the index rehashes every value with FNV-1a
 * (http://www.isthe.com/chongo/tech/comp/fnv/) over all its bytes.
 */
export class TextIndex {
  /** Code → value. Append-only: `truncate` replaces the array rather than shortening it. */
  values: string[] = [];
  /** Code → the value's UTF-8 bytes, made when first compared with bytes (undefined: not yet). */
  private bytes: (Uint8Array | undefined)[] = [];
  /** Pairs (hash, code + 1) per slot; code + 1 = 0 marks an empty slot. At most half full. */
  private table: Int32Array;
  private mask: number;
  /** Codes below this came with the constructor and may repeat a value; later ones are unique. */
  private readonly initial: number;
  /** Hashing every character (FNV-1a) rather than a sample (see above). */
  private full = false;

  /** Starts with `fixed` as codes 0..n-1 (a repeated value keeps its first code). */
  constructor(fixed: readonly string[] = []) {
    let capacity = 16;
    while (capacity < fixed.length * 2) capacity *= 2;
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.full = fixed.length > SAMPLED_MAX;
    for (const value of fixed) {
      const code = this.values.length;
      this.values.push(value);
      if (this.find(value, 0, value.length) === -1) this.place(code, this.hash(value, 0, value.length));
    }
    this.initial = this.values.length;
  }

  /** The hash of `s.slice(start, end)`'s UTF-8 bytes. */
  private hash(s: string, start: number, end: number): number {
    if (!isAsciiRange(s, start, end)) {
      const b = Buffer.from(s.slice(start, end), 'utf8');
      return this.hashOfBytes(b, 0, b.length);
    }
    return this.full ? hashRange(s, start, end) : sampleHash(s, start, end);
  }

  private hashOfBytes(b: Uint8Array, start: number, end: number): number {
    return this.full ? hashBytes(b, start, end) : sampleHashBytes(b, start, end);
  }

  /** The code of `s.slice(start, end)`, or -1. */
  find(s: string, start: number, end: number): number {
    const hash = this.hash(s, start, end);
    const table = this.table;
    const mask = this.mask;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const code = table[2 * at + 1]! - 1;
      if (code < 0) return -1;
      if (table[2 * at] === hash) {
        // A slice compared with === beats a loop of charCodeAt (V8 compares strings natively).
        const value = this.values[code]!;
        if (value.length === end - start && s.slice(start, end) === value) return code;
      }
    }
  }

  /** The code of UTF-8 bytes [start, end) (the scanner's), or -1: `find` on their text. */
  findBytes(b: Uint8Array, start: number, end: number): number {
    const hash = this.hashOfBytes(b, start, end);
    const table = this.table;
    const mask = this.mask;
    const n = end - start;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const code = table[2 * at + 1]! - 1;
      if (code < 0) return -1;
      if (table[2 * at] === hash) {
        const value = (this.bytes[code] ??= Buffer.from(this.values[code]!, 'utf8'));
        if (value.length === n) {
          let k = 0;
          while (k < n && value[k] === b[start + k]) k++;
          if (k === n) return code;
        }
      }
    }
  }

  /** Adds a value that `find` does not know; returns its code. */
  add(value: string): number {
    const code = this.values.length;
    this.values.push(value);
    if (!this.full && this.values.length > SAMPLED_MAX) {
      this.full = true;
      this.rehash(ceilPow2(this.values.length * 2)); // places the new value too
      return code;
    }
    if (this.values.length * 2 > this.mask + 1) this.grow((this.mask + 1) * 2);
    this.place(code, this.hash(value, 0, value.length));
    return code;
  }

  /** Forgets every value from code `size` on. */
  truncate(size: number): void {
    if (size >= this.values.length) return;
    this.values = this.values.slice(0, size); // a new array: the old one may be in a table
    this.bytes = this.bytes.slice(0, size);
    this.full = size > SAMPLED_MAX;
    this.rehash(this.mask + 1);
  }

  private place(code: number, hash: number): void {
    const mask = this.mask;
    let at = hash & mask;
    while (this.table[2 * at + 1] !== 0) at = (at + 1) & mask;
    this.table[2 * at] = hash;
    this.table[2 * at + 1] = code + 1;
  }

  /** A larger table with the same entries: their hashes are kept in the table, not recomputed. */
  private grow(capacity: number): void {
    const old = this.table;
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) this.place(old[at + 1]! - 1, old[at]!);
  }

  /** A table of `capacity` slots with every value hashed afresh (after a change of hash or a truncate). */
  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let code = 0; code < this.values.length; code++) {
      const value = this.values[code]!;
      if (code >= this.initial || this.find(value, 0, value.length) === -1) this.place(code, this.hash(value, 0, value.length));
    }
  }
}

/** Every character of s[start, end) is ASCII (so it is its own UTF-8 byte). */
function isAsciiRange(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Above this many values, an index hashes every byte. */
const SAMPLED_MAX = 64;

function ceilPow2(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

/** The length and the first, middle and last characters: 4 reads whatever the length. */
function sampleHash(s: string, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1) ^ s.charCodeAt(start);
  h = Math.imul(h, 0x01000193) ^ s.charCodeAt(start + (n >> 1));
  h = Math.imul(h, 0x01000193) ^ s.charCodeAt(end - 1);
  return Math.imul(h ^ (h >>> 15), 0x85ebca6b);
}

/** sampleHash of bytes (the same as sampleHash of ASCII text). */
function sampleHashBytes(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1) ^ b[start]!;
  h = Math.imul(h, 0x01000193) ^ b[start + (n >> 1)]!;
  h = Math.imul(h, 0x01000193) ^ b[end - 1]!;
  return Math.imul(h ^ (h >>> 15), 0x85ebca6b);
}

/** hashRange of bytes (the same as hashRange of ASCII text). */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * A byte automaton that reads one field of UTF-8 bytes and names its code among `values` in the
 * same pass that finds the field's end (the scanner runs it: csv-scan.ts): from state s, byte c
 * leads to `table[(s << 8) | c]`. States are positive; the delimiter (a comma unless given), LF
 * or CR ends the field with -(code + 1) when the bytes read are values[code], else 0 (not among
 * them: look it up elsewhere); a quote always gives 0 (the scanner reads such a field itself).
 * One load per byte instead of a search for the delimiter, a hash and a byte-by-byte check
 * (profiled on predict's parse worker, 1,000,000 rows: those two loops took about 0.56 s, the
 * automaton and the search for the other fields' commas about 0.43 s). Values that can never be
 * one unquoted field (with the delimiter, a quote or a line break) are left out; a repeated value
 * keeps its first code, as in TextIndex. Undefined when the automaton would need more than
 * `maxStates` states (a long list of values).
 */
export function fieldAutomaton(values: readonly string[], maxStates = 2048, delimiter = FIELD_COMMA): Int32Array | undefined {
  let states = 2; // 1: the start, 2: past any value (reads on to the field's end)
  let table = new Int32Array(256 * 64);
  /** State s's row before any value passes through it: every byte leads past, an end ends with no value. */
  const initRow = (s: number): void => {
    table.fill(AUTOMATON_PAST, s << 8, (s + 1) << 8);
    for (const end of [delimiter, FIELD_LF, FIELD_CR, FIELD_QUOTE]) table[(s << 8) | end] = 0;
  };
  const addState = (): number => {
    states++;
    if ((states + 1) * 256 > table.length) {
      const larger = new Int32Array(table.length * 2);
      larger.set(table);
      table = larger;
    }
    initRow(states);
    return states;
  };
  initRow(AUTOMATON_START);
  initRow(AUTOMATON_PAST);
  for (let code = 0; code < values.length; code++) {
    const value = Buffer.from(values[code]!, 'utf8');
    if (!isUnquotedField(value, delimiter)) continue; // never one unquoted field
    let s = AUTOMATON_START;
    for (let k = 0; k < value.length; k++) {
      const at = (s << 8) | value[k]!;
      if (table[at] === AUTOMATON_PAST) {
        if (states >= maxStates) return undefined;
        const next = addState(); // may replace `table` with a larger one: assign after
        table[at] = next;
      }
      s = table[at]!;
    }
    if (table[(s << 8) | delimiter] === 0) {
      table[(s << 8) | delimiter] = -(code + 1);
      table[(s << 8) | FIELD_LF] = -(code + 1);
      table[(s << 8) | FIELD_CR] = -(code + 1);
    }
  }
  return table.subarray(0, (states + 1) << 8);
}

/** No byte is the delimiter, a quote or a line break. */
function isUnquotedField(value: Uint8Array, delimiter: number): boolean {
  for (let k = 0; k < value.length; k++) {
    const c = value[k]!;
    if (c === delimiter || c === FIELD_LF || c === FIELD_CR || c === FIELD_QUOTE) return false;
  }
  return true;
}

export const AUTOMATON_START = 1;
const AUTOMATON_PAST = 2;
const FIELD_COMMA = 44;
const FIELD_LF = 10;
const FIELD_CR = 13;
const FIELD_QUOTE = 34;
