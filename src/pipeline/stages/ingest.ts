/**
 * ingest: read data.source (one or more CSV files), validate, infer and freeze the schema,
 * profile, and split train/test. Rows that cannot be used are written to rejects.csv with
 * their file, line and reason, and every problem is reported at once, grouped per column and
 * kind (validation.json, and a compact table on stderr): nothing is dropped silently.
 *
 * The columnar route: every column is read as text codes (source-files.ts), inference parses
 * each distinct text once, and the split files echo each row's own CSV line.
 */
import { findCategoryCodes, renderCategoryCodes } from '../../data/category-codes.js';
import { formatCsvRow } from '../../data/csv-write.js';
import { AUTO_CSV, describeDialect, type Dialect } from '../../data/csv-dialect.js';
import { inferTable, type ColumnSummary, type InferOptions } from '../../data/infer.js';
import { profileTable } from '../../data/profile.js';
import { columnSpecsOf, type ColumnType, type Schema } from '../../data/schema.js';
import { readHeaders, readSources, type SourceData } from '../../data/source-files.js';
import { trainTestSplit } from '../../data/split.js';
import { summarizeColumn, summaryProblems } from '../../data/summary-column.js';
import { findColumn, type CategoricalColumn, type Table } from '../../data/table.js';
import { typeTextColumns } from '../../data/to-table.js';
import { byFileAndLine, groupProblems, renderValidation, type Problem } from '../../data/validation-report.js';
import { SpmError } from '../../errors.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import type { Params } from '../params.js';
import { sliceOf, type StageContext, type StageRunner } from '../stage-runner.js';
import { checkParamColumns, decideSchema, findValueProblems, INGEST_INFERENCE, type IngestData, type ValueProblem } from './ingest-plan.js';

interface Reject {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** What ingest keeps and rejects, with every problem found on the way. */
interface Screened {
  readonly schema: Schema;
  readonly absentIds: readonly string[];
  /** Rows of the text table that are used, ascending. */
  readonly kept: Int32Array;
  readonly rejects: Reject[];
  readonly problems: Problem[];
}

/**
 * Infers the types, rejects the rows with an impossible value, freezes the schema from the
 * rows left, and rejects the rows without a target. Pure: data in, data out.
 */
function screen(source: SourceData, names: readonly string[], data: IngestData): Screened {
  const { header, table } = source;
  const where = (row: number): { file: string; line: number } => ({ file: names[source.fileOf[row]!]!, line: source.lines[row]! });
  const problems: Problem[] = source.rejects.map((r) => ({
    // The scanner words every quoting problem "malformed quoting: …"; the rest are field counts.
    kind: r.reason.startsWith('malformed quoting') ? 'malformed_quoting' : 'field_count',
    column: null,
    file: names[r.file]!,
    line: r.line,
  }));
  const rejects: Reject[] = source.rejects.map((r) => ({ file: names[r.file]!, line: r.line, reason: r.reason }));

  // Text columns are summarised by inferTable, the id and dropped ones (summary columns) apart,
  // by the same rules; both in header order, as the schema and the problems are.
  const summaryOf = new Map(source.summaries.map((c) => [c.name, c]));
  const textAt = (name: string) => (row: number): string => source.fieldText(row, name);
  const inferAll = (options: InferOptions, types?: readonly (ColumnType | undefined)[]): ColumnSummary[] => {
    const fromTable = inferTable(table, types ? { ...options, types: table.columns.map((c) => types[header.indexOf(c.name)]) } : options);
    const byName = new Map(fromTable.map((summary) => [summary.name, summary]));
    return header.map((name, i) => {
      const column = summaryOf.get(name);
      return column ? summarizeColumn(column, options, textAt(name), types?.[i]) : byName.get(name)!;
    });
  };
  // Declared types (data.types) are taken as given; the other columns are inferred.
  const declared = header.some((name) => Object.hasOwn(data.types, name)) ? header.map((name) => (Object.hasOwn(data.types, name) ? data.types[name] : undefined)) : undefined;
  const first = inferAll(INGEST_INFERENCE, declared);
  const valueProblems = header.flatMap((name, i): ValueProblem[] => {
    const column = summaryOf.get(name);
    if (column) return summaryProblems(column, first[i]!, data.bounds[name], textAt(name));
    return findValueProblems({ rowCount: table.rowCount, columns: [findColumn(table, name)!] }, [first[i]!], data.bounds);
  });
  const rejected = new Uint8Array(table.rowCount);
  for (const p of valueProblems) {
    problems.push({ kind: p.kind, column: p.column, ...where(p.row), value: p.value });
    if (rejected[p.row] === 1) continue; // rejects.csv gives a row's first problem; the report counts them all
    rejected[p.row] = 1;
    rejects.push({ ...where(p.row), reason: p.reason });
  }
  // The schema describes the rows with possible values (rows without a target included, as before).
  const summaries = valueProblems.length ? inferAll({ skip: rejected }, first.map((s) => s.type)) : first;
  const target = findColumn(table, data.target) as CategoricalColumn;
  const { schema, absentIds } = decideSchema(summaries, distinctTexts(target, rejected), data, names.join(', '));

  const kept: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    // A row without a target can be neither trained on nor scored.
    const missingTarget = target.codes[row]! < 0;
    if (missingTarget) problems.push({ kind: 'missing_target', column: schema.target, ...where(row) });
    if (rejected[row] === 1) continue;
    if (missingTarget) rejects.push({ ...where(row), reason: `column ${schema.target}: missing target value` });
    else kept.push(row);
  }
  return { schema, absentIds, kept: Int32Array.from(kept), rejects, problems };
}

/** The schema keeps no values of id and dropped columns (decideSchema): they are read as summary columns. */
const summaryOnlyOf = (data: IngestData): Set<string> => new Set([...data.id_columns, ...data.drop].filter((name) => name !== data.target));

/** The distinct non-missing texts of a text column, rows marked in `skip` aside. */
function distinctTexts(column: CategoricalColumn, skip: Uint8Array): string[] {
  const seen = new Uint8Array(column.dictionary.length);
  column.codes.forEach((code, row) => {
    if (code >= 0 && skip[row] === 0) seen[code] = 1;
  });
  return column.dictionary.filter((_, code) => seen[code] === 1);
}

export const ingestStage: StageRunner = {
  async run(ctx: StageContext) {
    const slice = sliceOf<{ data: IngestData; split: Params['split'] }>(ctx);
    // data.types is in the slice only when set (stages.ts STAGE_PARAMS_WHEN_SET).
    const params = { ...slice, data: { ...slice.data, types: slice.data.types ?? {} } };
    const names = ctx.plan.inputs.data.map((d) => d.path);
    const label = names.join(', ');
    ctx.progress('ingest: reading data…');
    // data.csv and data.sheet are in the slice only when set (STAGE_PARAMS_WHEN_SET).
    const csv = params.data.csv ?? AUTO_CSV;
    const sheet = params.data.sheet ?? null;
    const headers = await readHeaders(ctx.ws.dataFiles, csv, { sheet });
    checkParamColumns(params.data, headers.headers[0]!, label); // before reading every row
    const source = await readSources(ctx.ws.dataFiles, headers, { summaryOnly: summaryOnlyOf(params.data), csv, sheet });
    for (const warning of source.warnings) ctx.warn(warning);
    const { schema, absentIds, kept, rejects, problems } = screen(source, names, params.data);
    // A warning only (outputs do not depend on it), so reading the loaded params is fine here.
    if (absentIds.length && ctx.ws.loaded.explicit.has('data.id_columns')) ctx.warn(`data.id_columns: ${absentIds.join(', ')} not in the data`);
    rejects.sort(byFileAndLine);
    if (kept.length < 10) {
      throw new SpmError('TOO_FEW_ROWS', `only ${kept.length} usable rows in ${label} (${rejects.length} rejected): at least 10 are needed`, {
        hint: rejects.length ? `first problem: ${rejects[0]!.file} line ${rejects[0]!.line}: ${rejects[0]!.reason}` : 'add data',
      });
    }
    const table = typeTextColumns(source.table, columnSpecsOf(schema, { withTarget: true }), kept);
    const strata = stratifyBy(schema, params.split.stratify, table);
    const split = trainTestSplit(table.rowCount, { testSize: params.split.test_size, seed: params.split.seed, strata });

    const codes = findCategoryCodes(table, schema);
    ctx.progress('ingest: writing splits…');
    const headerLine = formatCsvRow(source.header, { spreadsheetSafe: false });
    // Bytes once: the store writes and hashes them.
    const csvOf = (indices: ArrayLike<number>): Buffer => {
      const rows = new Int32Array(indices.length);
      for (let i = 0; i < rows.length; i++) rows[i] = kept[indices[i]!]!;
      return source.text.csv(headerLine, rows);
    };
    // Each split is hashed on the thread pool while this thread makes the next output. Every
    // write is waited for, whatever happens, before the stage ends (or its folder is removed).
    const writes: Promise<void>[] = [];
    const start = (write: Promise<void>): void => void writes.push(write);
    let report: ReturnType<typeof groupProblems>;
    try {
      start(ctx.writer.write('train.csv', csvOf(split.train)));
      start(ctx.writer.write('test.csv', csvOf(split.test)));
      start(ctx.writer.writeJson('schema.json', schema));
      // How each file was read (predict sniffs each input on its own: this is a record, not a contract).
      start(ctx.writer.writeJson('sources.json', { format: 'spm.sources', version: 1, files: source.dialects.map((d, f) => ({ file: names[f]!, ...d })) }));
      start(ctx.writer.writeJson('profile.json', { rows: source.records, used_rows: table.rowCount, rejected: rejects.length, columns: profileTable(table, schema), ...(codes.length ? { possible_category_codes: codes } : {}) }));
      const rejectLines = ['file,line,reason', ...rejects.map((r) => formatCsvRow([r.file, String(r.line), r.reason], { spreadsheetSafe: true }))];
      start(ctx.writer.write('rejects.csv', `${rejectLines.join('\n')}\n`));
      report = groupProblems(problems, source.records, rejects.length, source.header);
      start(ctx.writer.writeJson('validation.json', report));
    } finally {
      const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    if (rejects.length) ctx.warn(renderValidation(report, { severalFiles: names.length > 1 }));
    if (codes.length) ctx.warn(renderCategoryCodes(codes));
    return {
      rows: source.records,
      train_rows: split.train.length,
      test_rows: split.test.length,
      rejected: rejects.length,
      task: schema.task,
      target: schema.target,
      read_as: readAs(names, source.dialects),
    };
  },

  async details(_store: ArtifactStore, manifest: Manifest) {
    const s = manifest.summary;
    return { rows: s.rows, train_rows: s.train_rows, test_rows: s.test_rows, rejected: s.rejected, task: s.task, target: s.target, ...(s.read_as === undefined ? {} : { read_as: s.read_as }) };
  },
};

/** What the files were read as, in one line ("students.csv: delimiter semicolon, decimal comma, encoding utf-8"). */
function readAs(names: readonly string[], dialects: readonly Dialect[]): string {
  const lines = dialects.map((d, f) => ({ name: names[f]!, text: describeDialect(d) }));
  return lines.every((l) => l.text === lines[0]!.text) ? lines[0]!.text : lines.map((l) => `${l.name}: ${l.text}`).join('; ');
}

/** Class codes of the target, when the split is stratified (auto: for classification). */
function stratifyBy(schema: Schema, stratify: 'auto' | boolean, table: Table): Int32Array | undefined {
  const on = stratify === 'auto' ? schema.task === 'classification' : stratify;
  if (!on) return undefined;
  if (schema.task !== 'classification') {
    throw new SpmError('PARAMS_INVALID', 'split.stratify: true needs a classification target', { hint: 'set split.stratify: auto or false' });
  }
  const target = table.columns.find((c) => c.name === schema.target)!;
  return target.kind === 'categorical' ? target.codes : undefined;
}
