/**
 * End-to-end: the same rows as CSV, .xlsx and .parquet (fixtures made here with the libraries)
 * give the same schema at ingest, byte-identical predictions, the same drift; predict writes
 * Parquet for -o *.parquet; rejects name the sheet's rows; refusals reach the user as messages.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv-parse.js';
import { openInputBytes } from '../../src/data/input-bytes.js';
import { csvToParquet, csvToXlsx, typedRows, writeXlsx } from '../helpers/formats.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

async function asCsv(path: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openInputBytes(path)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

describe('spm on .xlsx and .parquet files', () => {
  let ws: Workspace;
  let csv: string;
  beforeAll(async () => {
    ws = await trainedWorkspace();
    csv = readFileSync(ws.path('data/students.csv'), 'utf8');
    await csvToXlsx(ws.path('data/students.xlsx'), csv);
    csvToParquet(ws.path('data/students.parquet'), csv, 128);
  });
  afterAll(() => ws.cleanup());

  const schemaOf = async (source: string): Promise<unknown> => {
    const res = await runCli(['ingest', '-S', `data.source=${source}`, '--json'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as { outputs: string[] };
    const schema = doc.outputs.find((o) => o.endsWith('schema.json'))!;
    return JSON.parse(readFileSync(join(ws.dir, 'artifacts', schema), 'utf8'));
  };

  it('ingest infers the same schema from the three files', async () => {
    const fromCsv = await schemaOf('data/students.csv');
    expect(await schemaOf('data/students.xlsx')).toEqual(fromCsv);
    expect(await schemaOf('data/students.parquet')).toEqual(fromCsv);
  });

  it('predict gives byte-identical output for the three files', async () => {
    for (const ext of ['csv', 'xlsx', 'parquet']) {
      const res = await runCli(['predict', '-i', `data/students.${ext}`, '-o', `scored-${ext}.csv`, '--json'], { cwd: ws.dir });
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ rows: 300, scored: 300, rejected: 0 });
    }
    const expected = readFileSync(ws.path('scored-csv.csv'), 'utf8');
    expect(readFileSync(ws.path('scored-xlsx.csv'), 'utf8')).toBe(expected);
    expect(readFileSync(ws.path('scored-parquet.csv'), 'utf8')).toBe(expected);
  });

  it('predict -o *.parquet writes Parquet: typed columns, the CSV output when read back', async () => {
    const res = await runCli(['predict', '-i', 'data/students.xlsx', '-o', 'scored.parquet', '--json'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ rows: 300, scored: 300, output: 'scored.parquet' });
    const bytes = readFileSync(ws.path('scored.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const types = Object.fromEntries(parquetMetadata(file).schema.slice(1).map((e) => [e.name, e.type]));
    expect(types).toMatchObject({ student_id: 'BYTE_ARRAY', gender: 'BYTE_ARRAY', reading_score: 'DOUBLE', prediction: 'DOUBLE' });
    const rows = await parquetReadObjects({ file });
    const expected = parseCsv(readFileSync(ws.path('scored-csv.csv'), 'utf8'));
    expect(rows).toHaveLength(300);
    // The prediction column, as text, is the CSV output's, byte for byte.
    expect(rows.map((r) => String(r.prediction))).toEqual(expected.rows.map((r) => r.at(-1)));
    expect(await asCsv(ws.path('scored.parquet'))).toBe(readFileSync(ws.path('scored-csv.csv'), 'utf8'));
  });

  it("rejects name the sheet's row numbers", async () => {
    const { header, rows } = typedRows(csv);
    rows[3]![header.indexOf('writing_score')] = 'abc'; // sheet row 5 (header = row 1)
    await writeXlsx(ws.path('bad.xlsx'), [{ name: 'data', rows: [header, ...rows.slice(0, 10)] }]);
    const res = await runCli(['predict', '-i', 'bad.xlsx', '-o', 'bad-out.csv', '--json'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ rows: 10, scored: 9, rejected: 1, rejects: 'bad-out.rejects.csv' });
    const rejects = parseCsv(readFileSync(ws.path('bad-out.rejects.csv'), 'utf8'));
    expect(rejects.rows.map((r) => [r[0], r[1]])).toEqual([['5', "column 'writing_score': not a number"]]);
    // A Parquet output's rejects go beside it as CSV: bad-pq.rejects.csv, not bad-pq.parquet.rejects.csv.
    const pq = await runCli(['predict', '-i', 'bad.xlsx', '-o', 'bad-pq.parquet', '--json'], { cwd: ws.dir });
    expect(JSON.parse(pq.stdout)).toMatchObject({ scored: 9, rejected: 1, rejects: 'bad-pq.rejects.csv' });
    expect(readFileSync(ws.path('bad-pq.rejects.csv'), 'utf8')).toBe(readFileSync(ws.path('bad-out.rejects.csv'), 'utf8'));
  });

  it('drift reads .xlsx and .parquet batches and references as it reads CSV', async () => {
    const run = async (args: string[]): Promise<unknown> => {
      const res = await runCli(['drift', ...args, '--json'], { cwd: ws.dir });
      expect([0, 3], res.stderr).toContain(res.code);
      const doc = JSON.parse(res.stdout) as { features: unknown[]; dataset_drift: boolean };
      return { features: doc.features, dataset_drift: doc.dataset_drift };
    };
    const fromCsv = await run(['-i', 'data/students.csv']);
    expect(await run(['-i', 'data/students.xlsx'])).toEqual(fromCsv);
    expect(await run(['-i', 'data/students.parquet'])).toEqual(fromCsv);
    const fileReference = await run(['-i', 'data/students.csv', '--reference', 'data/students.csv']);
    expect(await run(['-i', 'data/students.xlsx', '--reference', 'data/students.parquet'])).toEqual(fileReference);
  });

  it('data.sheet picks the sheet; a missing one is refused with the sheets it has', async () => {
    const { header, rows } = typedRows(csv);
    await writeXlsx(ws.path('book.xlsx'), [{ name: 'Notes', rows: [['about this file']] }, { name: 'Cohort', rows: [header, ...rows] }]);
    const missing = await runCli(['ingest', '-S', 'data.source=book.xlsx', '-S', 'data.sheet=Students'], { cwd: ws.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${ws.path('book.xlsx')} has no sheet 'Students' (its sheets: Notes, Cohort)`);
    expect(missing.stderr).toContain('set data.sheet to one of: Notes, Cohort');
    const picked = await runCli(['ingest', '-S', 'data.source=book.xlsx', '-S', 'data.sheet=Cohort', '--json'], { cwd: ws.dir });
    expect(picked.code, picked.stderr).toBe(0);
    const second = await runCli(['ingest', '-S', 'data.source=book.xlsx', '-S', 'data.sheet=2', '--json'], { cwd: ws.dir });
    // A name or a position is a different params slice (another version id), with the same data.
    expect(JSON.parse(second.stdout).id).not.toBe(JSON.parse(picked.stdout).id);
  });

  it('a legacy .xls file and a lying extension are refused with what to do', async () => {
    writeFileSync(ws.path('old.xls'), 'whatever');
    const xls = await runCli(['predict', '-i', 'old.xls', '-o', 'x.csv'], { cwd: ws.dir });
    expect(xls.code).toBe(1);
    expect(xls.stderr).toContain('old.xls is a legacy Excel 97-2003 workbook (.xls), which spm does not read');
    expect(xls.stderr).toContain('save it as .xlsx or CSV');
    writeFileSync(ws.path('text.parquet'), csv);
    const lying = await runCli(['drift', '-i', 'text.parquet'], { cwd: ws.dir });
    expect(lying.code).toBe(1);
    expect(lying.stderr).toContain('text.parquet is not a Parquet file');
  });
});
