/**
 * parsed-source.ts: each chunk carries how far into the input the reader had read (bytesRead),
 * from this thread and from the parse worker alike, and the source gives the total to measure it
 * against only where the input's size is known (a regular CSV file). The worker (a thread loads
 * JavaScript) is bundled with esbuild first, as scripts/build.mjs bundles spm's.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openParsed, type ParsedSource } from '../../src/scoring/parsed-source.js';
import type { ColumnSpec } from '../../src/data/to-table.js';

let dir: string;
let workerFile: string;
let csv: string;
const ROWS = 150_000;
const specs: ColumnSpec[] = [
  { name: 'hours', type: 'numeric' },
  { name: 'group', type: 'categorical' },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spm-parsed-source-'));
  workerFile = join(dir, 'parse-worker.mjs');
  await build({ entryPoints: [join(import.meta.dirname, '..', '..', 'src', 'scoring', 'parse-worker.ts')], outfile: workerFile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  csv = join(dir, 'in.csv');
  const lines = ['hours,group'];
  for (let i = 0; i < ROWS; i++) lines.push(`${(i % 97) / 4},g${i % 7}`);
  writeFileSync(csv, `${lines.join('\n')}\n`); // about 1.9 MB: several chunks of 1 MiB (here) and 256 KiB (the worker)
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(source: ParsedSource): Promise<{ rows: number; bytesRead: number[] }> {
  const bytesRead: number[] = [];
  let rows = 0;
  for await (const chunk of source.chunks) {
    rows += chunk.records;
    bytesRead.push(chunk.bytesRead);
  }
  await source.close();
  return { rows, bytesRead };
}

const ascending = (xs: readonly number[]): boolean => xs.every((x, i) => i === 0 || x >= xs[i - 1]!);

describe('openParsed: bytes read per chunk, against the file size', () => {
  it('on this thread: the total is the file size, each chunk says how far the reader is, the last one all of it', async () => {
    const source = await openParsed(csv, specs, { worker: false });
    expect(source.totalBytes).toBe(statSync(csv).size);
    const { rows, bytesRead } = await readAll(source);
    expect(rows).toBe(ROWS);
    expect(bytesRead.length).toBeGreaterThan(1);
    expect(ascending(bytesRead)).toBe(true);
    expect(bytesRead[0]).toBeLessThan(statSync(csv).size);
    expect(bytesRead.at(-1)).toBe(statSync(csv).size);
  });

  it('from the parse worker: the same number crosses the thread with each chunk', async () => {
    const worker = new Worker(workerFile);
    const source = await openParsed(csv, specs, { started: { path: csv, take: () => worker, release: async () => {} } });
    expect(source.totalBytes).toBe(statSync(csv).size);
    const { rows, bytesRead } = await readAll(source);
    expect(rows).toBe(ROWS);
    expect(bytesRead.length).toBeGreaterThan(4);
    expect(ascending(bytesRead)).toBe(true);
    expect(bytesRead.at(-1)).toBe(statSync(csv).size);
  });

  it('stdin has no total (its chunks still count their bytes)', async () => {
    const text = 'hours,group\n1,a\n2,b\n';
    const source = await openParsed('-', specs, { stdin: Readable.from([Buffer.from(text)]) });
    expect(source.totalBytes).toBeUndefined();
    expect((await readAll(source)).bytesRead).toEqual([text.length]);
  });
});
