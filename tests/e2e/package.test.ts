/**
 * The published package as a user gets it: `npm pack`, the tarball installed into an empty
 * folder outside the source tree (scripts/pack-install.mjs, shared with bench/install.mjs),
 * then the installed `spm` command and the library API used from there. One install serves
 * every test. The install needs npm (and tries the registry): when it fails, beforeAll fails
 * with npm's message — never a silent skip.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, TWO_LINE_PARAMS } from '../../scripts/pack-install.mjs';
import { ROOT } from '../helpers/workspace.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
let tarball: string;

/** Runs `file args` in the install folder; NO_COLOR for plain text. */
function run(file: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The installed command, through the bin link npm made. */
const spm = (...args: string[]) => run(join(dir, 'node_modules', '.bin', 'spm'), args);

beforeAll(() => {
  ({ dir, tarball } = packAndInstall());
  writeFileSync(join(dir, 'params.yaml'), TWO_LINE_PARAMS);
}, 240_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tarball, '..'), { recursive: true, force: true });
});

describe('the packed spm-ml package', () => {
  it('ships the built CLI and API with no source, tests or runtime dependencies', () => {
    const installed = join(dir, 'node_modules', 'spm-ml');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('spm-ml');
    expect(manifest.dependencies ?? {}).toEqual({});
    for (const shipped of ['bin/spm.js', 'dist/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/dashboard/index.html', 'LICENSE']) expect(existsSync(join(installed, shipped)), shipped).toBe(true);
    for (const absent of ['src', 'tests', 'bench', 'scripts', 'data', 'params.yaml', 'tsconfig.json']) expect(existsSync(join(installed, absent)), absent).toBe(false);
    // Nothing but spm-ml itself was installed.
    expect(JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')).packages).toHaveProperty(['node_modules/spm-ml']);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')).packages)).toEqual(['', 'node_modules/spm-ml']);
  });

  it('runs spm --version, a two-line pipeline and predict from the install', async () => {
    const version = await spm('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

    expect((await spm('synth', '-o', 'data/students.csv', '--rows', '300')).code).toBe(0);
    const pipeline = await spm('run', '--json');
    expect(pipeline.stderr).not.toMatch(/not built|Error:/);
    expect(pipeline.code).toBe(0);
    expect(JSON.parse(pipeline.stdout).stages.map((s: { stage: string }) => s.stage)).toEqual(['ingest', 'transform', 'train', 'evaluate']);

    expect((await spm('synth', '-o', 'cohort.csv', '--rows', '5', '--seed', '9')).code).toBe(0);
    const predict = await spm('predict', '-i', 'cohort.csv', '-o', 'scored.csv', '--explain', '--json');
    expect(predict.code).toBe(0);
    expect(JSON.parse(predict.stdout)).toMatchObject({ rows: 5, scored: 5, rejected: 0 });
    expect(readFileSync(join(dir, 'scored.csv'), 'utf8').split('\n')[0]).toMatch(/,prediction,top_factors$/);
  });

  it('imports the library API and uses each function', async () => {
    writeFileSync(join(dir, 'api.mjs'), API_CONSUMER);
    const res = await run(process.execPath, ['api.mjs']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.stages).toEqual(['ingest', 'transform', 'train', 'evaluate']);
    expect(out.passed).toBe(true);
    expect(out.stage).toMatchObject({ stage: 'evaluate', cached: true });
    expect(out.read).toMatchObject({ header0: 'student_id', rows: 5, rejects: [{ line: 3, reason: expect.stringMatching(/field/) }] });
    expect(out.model).toMatchObject({ task: 'regression', target: 'math_score' });
    // The same rows as a table and as records give the same predictions, explained.
    expect(out.byTable.scored).toBe(4);
    expect(out.byTable.predictions[0]).toMatchObject({ row: 1, ids: { student_id: expect.any(String) }, prediction: expect.any(Number), top_factors: expect.any(String) });
    expect(out.byTable.predictions[0].factors.length).toBeGreaterThan(0);
    expect(out.byRecords.predictions.map((p: { prediction: number }) => p.prediction)).toEqual(out.byTable.predictions.map((p: { prediction: number }) => p.prediction));
    // A record without a feature is a whole-input problem (as in a CSV), one with a nested value a reject.
    expect(out.missingColumn).toMatchObject({ spmError: true, code: 'MISSING_COLUMN' });
    expect(out.nested).toMatchObject({ rows: 2, scored: 1, rejected: 1, rejects: [{ row: 2, reason: "field 'reading_score' holds an object, not a value" }] });
    // Refused arguments are SpmError with a table code and a message that says what was expected.
    expect(out.badRows).toEqual({ spmError: true, code: 'API_ARGUMENT', inTable: true, message: 'score() takes an array of records (objects keyed by column name) or a table { header, rows }' });
    expect(out.badStage).toEqual({ spmError: true, code: 'API_ARGUMENT', inTable: true, message: 'unknown stage "deploy"' });
    expect(out.badRef).toMatchObject({ spmError: true, code: 'UNKNOWN_REF', inTable: true });
  });

  it('gives TypeScript consumers declarations that check their calls', async () => {
    writeFileSync(join(dir, 'consumer.ts'), TS_CONSUMER);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
        files: ['consumer.ts'],
      }),
    );
    const res = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    expect(res.stdout).toBe('');
    expect(res.code).toBe(0);
  });
});

/** Uses every function of the API from the installed package, printing what the test checks. */
const API_CONSUMER = `
import { writeFileSync, readFileSync } from 'node:fs';
import { loadModel, runPipeline, runStage, readData, SpmError, ERROR_CODES } from 'spm-ml';

const failure = async (f) => {
  try { await f(); return null; }
  catch (e) { return { spmError: e instanceof SpmError, code: e.code, inTable: Object.hasOwn(ERROR_CODES, e.code), message: e.message }; }
};

const pipeline = await runPipeline();
const stage = await runStage('evaluate');
const lines = readFileSync('cohort.csv', 'utf8').trim().split('\\n');
lines[2] = 'S9,female,group B';                       // line 3: too few fields
writeFileSync('ragged.csv', lines.join('\\n') + '\\n');
const table = await readData('ragged.csv');
const model = await loadModel('latest');
const byTable = await model.score(table);
const records = table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i]])));
const byRecords = await model.score(records);
const { reading_score, ...withoutReading } = records[0];
const missingColumn = await failure(() => model.score([withoutReading]));
const nested = await model.score([records[0], { ...records[1], reading_score: { value: 3 } }]);
console.log(JSON.stringify({
  stages: pipeline.stages.map((s) => s.stage), passed: pipeline.passed, stage: { stage: stage.stage, cached: stage.cached },
  read: { header0: table.header[0], rows: table.rows.length + table.rejects.length, rejects: table.rejects },
  model: { task: model.task, target: model.target },
  byTable, byRecords, missingColumn, nested: { rows: nested.rows, scored: nested.scored, rejected: nested.rejected, rejects: nested.rejects },
  badRows: await failure(() => model.score('cohort.csv')),
  badStage: await failure(() => runStage('deploy')),
  badRef: await failure(() => loadModel('no-such-model')),
}));
`;

/** Type-checked against the installed declarations; each @ts-expect-error must be an error. */
const TS_CONSUMER = `
import { loadModel, runPipeline, runStage, readData, SpmError, type ScoreResult, type DataTable, type PipelineResult, type ErrorCode } from 'spm-ml';

export async function use(): Promise<number> {
  const result: PipelineResult = await runPipeline({ params: 'params.yaml', set: ['split.seed=1'], until: 'train' });
  const evaluated = await runStage('evaluate', { force: false });
  const table: DataTable = await readData('cohort.csv');
  const model = await loadModel('production', { artifacts: 'artifacts' });
  const scored: ScoreResult = await model.score(table);
  const one = await model.score([{ gender: 'female', reading_score: 72, lunch: null }]);
  const first = scored.predictions[0];
  const code: ErrorCode | undefined = new SpmError('UNKNOWN_REF', 'x').code;
  // @ts-expect-error a stage spm does not have
  await runStage('deploy');
  // @ts-expect-error rows are records or a table, not a file name
  await model.score('cohort.csv');
  // @ts-expect-error not an error code of the table
  new SpmError('NOT_A_CODE', 'x');
  return result.stages.length + evaluated.duration_ms + one.scored + (first?.factors[0]?.contribution ?? 0) + (code ? 1 : 0);
}
`;
