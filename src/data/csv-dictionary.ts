/**
 * Categorical values → codes, looked up by a range of a chunk's text so that converting a CSV
 * column never makes a string per cell: FNV-1a hashing (http://www.isthe.com/chongo/tech/comp/fnv/)
 * into an open-addressing table with linear probing. Codes are positions in `values`.
 */
export class TextIndex {
  /** Code → value. Append-only: `truncate` replaces the array rather than shortening it. */
  values: string[] = [];
  /** Pairs (hash, code + 1) per slot; code + 1 = 0 marks an empty slot. At most half full. */
  private table: Int32Array;
  private mask: number;
  /** Codes below this came with the constructor and may repeat a value; later ones are unique. */
  private readonly initial: number;

  /** Starts with `fixed` as codes 0..n-1 (a repeated value keeps its first code). */
  constructor(fixed: readonly string[] = []) {
    let capacity = 16;
    while (capacity < fixed.length * 2) capacity *= 2;
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (const value of fixed) {
      const code = this.values.length;
      this.values.push(value);
      if (this.find(value, 0, value.length) === -1) this.place(code, hashRange(value, 0, value.length));
    }
    this.initial = this.values.length;
  }

  /** The code of `s.slice(start, end)`, or -1. */
  find(s: string, start: number, end: number): number {
    const hash = hashRange(s, start, end);
    const table = this.table;
    const mask = this.mask;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const code = table[2 * at + 1]! - 1;
      if (code < 0) return -1;
      if (table[2 * at] === hash && equalsRange(this.values[code]!, s, start, end)) return code;
    }
  }

  /** Adds a value that `find` does not know; returns its code. */
  add(value: string): number {
    const code = this.values.length;
    this.values.push(value);
    if (this.values.length * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    else this.place(code, hashRange(value, 0, value.length));
    return code;
  }

  /** Forgets every value from code `size` on. */
  truncate(size: number): void {
    if (size >= this.values.length) return;
    this.values = this.values.slice(0, size); // a new array: the old one may be in a table
    this.rehash(this.mask + 1);
  }

  private place(code: number, hash: number): void {
    const mask = this.mask;
    let at = hash & mask;
    while (this.table[2 * at + 1] !== 0) at = (at + 1) & mask;
    this.table[2 * at] = hash;
    this.table[2 * at + 1] = code + 1;
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let code = 0; code < this.values.length; code++) {
      const value = this.values[code]!;
      if (code >= this.initial || this.find(value, 0, value.length) === -1) this.place(code, hashRange(value, 0, value.length));
    }
  }
}

function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function equalsRange(value: string, s: string, start: number, end: number): boolean {
  if (value.length !== end - start) return false;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) !== s.charCodeAt(start + i)) return false;
  return true;
}
