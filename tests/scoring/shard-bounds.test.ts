/** Shard boundaries (src/scoring/shard-bounds.ts): line-aligned, quote-safe, the same in every process. */
import { describe, expect, it } from 'vitest';
import { BoundaryScan } from '../../src/scoring/shard-bounds.js';

/** Every shard's range of `text`, fed in chunks of `chunk` bytes (as the file reader does). */
function ranges(text: string, count: number, chunk = 3, bom = 0) {
  const bytes = Buffer.from(text);
  return Array.from({ length: count }, (_, i) => {
    const scan = new BoundaryScan(bytes.length, count, 44, bom);
    const need = Math.min(i + 1, count - 1);
    let at = 0;
    for (; at < bytes.length && !scan.done(need); at += chunk) scan.feed(bytes.subarray(at, at + chunk), at, need);
    if (!scan.done(need)) scan.finish();
    return scan.range({ index: i + 1, count });
  });
}

const slices = (text: string, count: number, chunk?: number) => ranges(text, count, chunk).map((r) => Buffer.from(text).subarray(r.start, r.end).toString());

describe('shard boundaries', () => {
  it('cuts at line feeds past each share, never inside quotes, and the shards tile the body', () => {
    const text = 'a,b\n1,"x\ny"\n2,z\n3,"q""\n"\n4,w\n';
    // 29 bytes, line feeds after bytes 4, 9 (quoted), 12, 16, 23 (quoted), 25, 29; targets 9 and 19
    // → boundaries 12 and 25; shard 2 starts 2 lines past the header, shard 3 5 lines.
    expect(ranges(text, 3).map((r) => [r.start, r.end, r.lineOffset])).toEqual([
      [4, 12, 0],
      [12, 25, 2],
      [25, 29, 5],
    ]);
    for (let n = 1; n <= 8; n++)
      for (const chunk of [1, 2, 5, 64]) expect(slices(text, n, chunk).join(''), `n=${n} chunk=${chunk}`).toBe(text.slice(4));
  });

  it('skips blank lines before the header and a byte order mark, and copes with a header holding a quoted line break', () => {
    expect(ranges('\n\r\n"a\nb",c\n1,2\n3,4\n', 2)[0]!.headerEnd).toBe(11);
    const withBom = '\uFEFF"a",b\n1,2\n3,4\n';
    const r = ranges(withBom, 2, 4, 3);
    expect(r[0]!.headerEnd).toBe(9); // 3 bytes of BOM, then "a",b and its line feed
    expect(r[1]!.end).toBe(Buffer.byteLength(withBom));
  });

  it('from quoting that is not RFC 4180 on, the rest of the file is one shard (read from a true record start)', () => {
    const text = 'a,b\n1,2\n3,x"y\n5,6\n7,8\n9,10\n';
    const r = ranges(text, 4);
    expect(r.map((x) => [x.start, x.end])).toEqual([
      [4, 8],
      [8, 27],
      [27, 27],
      [27, 27],
    ]);
    // A closing quote followed by text is the same.
    expect(ranges('a,b\n"1"x,2\n3,4\n5,6\n', 2)[0]!.end).toBe(19);
  });

  it('an unclosed quote leaves no later boundary; malformed quoting in the header puts the whole file in shard 1', () => {
    expect(ranges('a,b\n1,2\n"3,4\n5,6\n7,8\n', 3).map((x) => [x.start, x.end])).toEqual([
      [4, 8],
      [8, 21],
      [21, 21],
    ]);
    expect(ranges('a,b"c\n1,2\n3,4\n', 2).map((x) => [x.headerEnd, x.start, x.end])).toEqual([
      [0, 0, 14],
      [0, 14, 14],
    ]);
  });

  it('a file without a line feed after its header has empty shards past the first', () => {
    expect(ranges('a,b', 3).map((x) => [x.start, x.end])).toEqual([
      [0, 3],
      [3, 3],
      [3, 3],
    ]);
  });
});
