/**
 * ingest: read data.source (one or more CSV files), validate, infer and freeze the schema,
 * profile, and split train/test. Rows that cannot be used are written to rejects.csv with
 * their file, line and reason, and counted in the summary: nothing is dropped silently.
 */
import { readCsvAll, type CsvData } from '../../data/csv-source.js';
import { formatCsvRow } from '../../data/csv-write.js';
import { inferColumns, isMissing } from '../../data/infer.js';
import { profileTable } from '../../data/profile.js';
import type { Schema } from '../../data/schema.js';
import { trainTestSplit } from '../../data/split.js';
import { recordsToTable } from '../../data/to-table.js';
import { takeRows, type Table } from '../../data/table.js';
import { SpmError } from '../../errors.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import type { StageContext, StageRunner } from '../stage-runner.js';
import { decideSchema } from './ingest-plan.js';
import { splitSpecs } from './load.js';

interface Reject {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** Reads every source file and lines their columns up with the first file's header. */
async function readSources(files: readonly string[], displayNames: readonly string[]): Promise<{ data: CsvData; origin: string[] }> {
  const first = await readCsvAll(files[0]!);
  const origin: string[] = first.rows.map(() => displayNames[0]!);
  for (let f = 1; f < files.length; f++) {
    const next = await readCsvAll(files[f]!);
    const order = first.header.map((name) => next.header.indexOf(name));
    const missing = first.header.filter((_, i) => order[i] === -1);
    if (missing.length || next.header.length !== first.header.length) {
      throw new SpmError('HEADER_MISMATCH', `${files[f]} has other columns than ${files[0]}`, {
        hint: `every data.source file needs the columns: ${first.header.join(', ')}${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
      });
    }
    for (let r = 0; r < next.rows.length; r++) {
      const row = next.rows[r]!;
      const aligned = row.length === order.length ? order.map((i) => row[i]!) : row;
      if (next.malformed.has(r)) first.malformed.set(first.rows.length, next.malformed.get(r)!);
      first.rows.push(aligned);
      first.lines.push(next.lines[r]!);
      origin.push(displayNames[f]!);
    }
  }
  return { data: first, origin };
}

export const ingestStage: StageRunner = {
  async run(ctx: StageContext) {
    const { params } = ctx.ws.loaded;
    const names = ctx.plan.inputs.data.map((d) => d.path);
    ctx.progress('ingest: reading data…');
    const { data, origin } = await readSources(ctx.ws.dataFiles, names);
    const { header, rows } = data;
    const summaries = inferColumns(header, rows, data.malformed);
    const targetIndex = header.indexOf(params.data.target);
    const distinct = new Set<string>();
    if (targetIndex >= 0) {
      for (let r = 0; r < rows.length; r++) {
        const v = rows[r]![targetIndex];
        if (v !== undefined && rows[r]!.length === header.length && !data.malformed.has(r) && !isMissing(v)) distinct.add(v);
      }
    }
    const { schema, absentIds } = decideSchema(summaries, [...distinct], params.data, names.join(', '));
    if (absentIds.length && ctx.ws.loaded.explicit.has('data.id_columns')) ctx.warn(`data.id_columns: ${absentIds.join(', ')} not in the data`);

    const converted = recordsToTable(header, rows, data.lines, splitSpecs(schema), { source: names.join(', '), malformed: data.malformed });
    const rejects: Reject[] = converted.rejects.map((r) => ({ file: origin[r.row]!, line: r.line, reason: r.reason }));
    // Keep rows with a target: a row without one can be neither trained on nor scored.
    const target = converted.table.columns.find((c) => c.name === schema.target)!;
    const keptRowIndex: number[] = [];
    const recordOf: number[] = [];
    const rejectedRows = new Set(converted.rejects.map((r) => r.row));
    for (let r = 0, t = 0; r < rows.length; r++) {
      if (rejectedRows.has(r)) continue;
      const missingTarget = target.kind === 'numeric' ? Number.isNaN(target.values[t]!) : target.codes[t]! < 0;
      if (missingTarget) rejects.push({ file: origin[r]!, line: data.lines[r]!, reason: `column ${schema.target}: missing target value` });
      else {
        keptRowIndex.push(t);
        recordOf.push(r);
      }
      t++;
    }
    if (keptRowIndex.length < 10) {
      throw new SpmError('TOO_FEW_ROWS', `only ${keptRowIndex.length} usable rows in ${names.join(', ')} (${rejects.length} rejected): at least 10 are needed`, {
        hint: rejects.length ? `first problem: line ${rejects[0]!.line}: ${rejects[0]!.reason}` : 'add data',
      });
    }
    const table = takeRows(converted.table, keptRowIndex);
    const strata = stratifyBy(schema, params.split.stratify, table);
    const split = trainTestSplit(table.rowCount, { testSize: params.split.test_size, seed: params.split.seed, strata });

    ctx.progress('ingest: writing splits…');
    const headerLine = formatCsvRow(header, { spreadsheetSafe: false });
    const csvOf = (indices: ArrayLike<number>): string => {
      const parts: string[] = [headerLine];
      for (let i = 0; i < indices.length; i++) parts.push(formatCsvRow(rows[recordOf[indices[i]!]!]!, { spreadsheetSafe: false }));
      return `${parts.join('\n')}\n`;
    };
    await ctx.writer.write('train.csv', csvOf(split.train));
    await ctx.writer.write('test.csv', csvOf(split.test));
    await ctx.writer.writeJson('schema.json', schema);
    await ctx.writer.writeJson('profile.json', { rows: rows.length, used_rows: table.rowCount, rejected: rejects.length, columns: profileTable(table, schema) });
    rejects.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
    const rejectLines = ['file,line,reason', ...rejects.map((r) => formatCsvRow([r.file, String(r.line), r.reason], { spreadsheetSafe: true }))];
    await ctx.writer.write('rejects.csv', `${rejectLines.join('\n')}\n`);
    if (rejects.length) {
      ctx.warn(`ingest: ${rejects.length} of ${rows.length} rows rejected (see rejects.csv); first: ${rejects[0]!.file} line ${rejects[0]!.line}: ${rejects[0]!.reason}`);
    }
    return {
      rows: rows.length,
      train_rows: split.train.length,
      test_rows: split.test.length,
      rejected: rejects.length,
      task: schema.task,
      target: schema.target,
    };
  },

  async details(_store: ArtifactStore, manifest: Manifest) {
    const s = manifest.summary;
    return { rows: s.rows, train_rows: s.train_rows, test_rows: s.test_rows, rejected: s.rejected, task: s.task, target: s.target };
  },
};

/** Class codes of the target, when the split is stratified (auto: for classification). */
function stratifyBy(schema: Schema, stratify: 'auto' | boolean, table: Table): Int32Array | undefined {
  const on = stratify === 'auto' ? schema.task === 'classification' : stratify;
  if (!on) return undefined;
  if (schema.task !== 'classification') {
    throw new SpmError('STRATIFY_REGRESSION', 'split.stratify: true needs a classification target', { hint: 'set split.stratify: auto or false' });
  }
  const target = table.columns.find((c) => c.name === schema.target)!;
  return target.kind === 'categorical' ? target.codes : undefined;
}
