/** `spm init [FILE]`: inspect a data file and write a commented params.yaml that `spm run` runs as it is. */
import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { SpmError } from '../../errors.js';
import { newParamsFile, schemaLocation } from '../../pipeline/find-params.js';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface InitOptions {
  readonly target?: string;
  readonly force?: boolean;
}

/** Data files `spm init` finds by itself when none is named: here, then in data/. */
const DATA_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.parquet'] as const;

export const initCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('init')
      .description('inspect a data file and write a commented params.yaml (target, task, ids, types, positive class, gate, sensitive columns) that `spm run` runs as it is')
      .argument('[file]', 'the data file (default: the only data file here or in data/)')
      .option('--target <column>', 'the column to predict (default: a guess, with its reason)')
      .option('--force', 'overwrite an existing params file')
      .addHelpText(
        'after',
        `
Prints each decision and why, one line each (on stderr; --json prints them as data).
The params file is -p FILE (default params.yaml); data.source is written relative to it.

Examples:
  spm init grades.csv && spm run                  guess the target, then run the pipeline
  spm init grades.csv --target Final_Result       choose the target
  spm init data/cohort.csv -p cohort.yaml --force  write (over) another params file`,
      )
      .action(
        action<InitOptions>(setExitCode, async (opts, [file]) => {
          const ui = createUi(opts, { stdoutIsData: true });
          const [{ readTextTable }, { planInit }, { renderInitYaml }, { SPM_VERSION }] = await Promise.all([
            import('../../data/text-table.js'),
            import('../../pipeline/init-plan.js'),
            import('../../pipeline/init-yaml.js'),
            import('../../version.js'),
          ]);
          const paramsFile = newParamsFile(opts.params);
          const shown = opts.params ?? relative(process.cwd(), paramsFile);
          const exists = await access(paramsFile).then(() => true, () => false);
          if (exists && !opts.force) {
            throw new SpmError('PARAMS_EXISTS', `${shown} already exists: spm init does not overwrite it`, {
              hint: `add --force to replace it, or write another file with -p (spm init ${file ?? 'FILE'} -p other.yaml)`,
            });
          }
          const dataFile = file ?? (await findDataFile(process.cwd()));
          if (!(await access(dataFile).then(() => true, () => false))) {
            throw new SpmError('DATA_NOT_FOUND', `data file not found: ${dataFile}`, { hint: 'name a data file that exists: spm init path/to/students.csv' });
          }
          const text = await readTextTable(dataFile);
          const source = relative(dirname(paramsFile), resolve(dataFile)).split(sep).join('/');
          const plan = planInit({ source, file: dataFile, table: text.table, ...(opts.target !== undefined ? { target: opts.target } : {}), dialect: text.dialect });
          await mkdir(dirname(paramsFile), { recursive: true });
          await writeFile(paramsFile, renderInitYaml(plan, { file: dataFile, version: SPM_VERSION, schema: schemaLocation(dirname(paramsFile), SPM_VERSION) }), { flag: opts.force ? 'w' : 'wx' });
          const doc = { params: shown, file: dataFile, rejected_rows: text.rejects.length, decisions: plan.decisions };
          ui.result(doc, () =>
            [
              ...plan.decisions.map((d) => `${d.key}: ${typeof d.value === 'string' ? d.value : JSON.stringify(d.value)} — ${d.reason}`),
              ...(text.rejects.length ? [`note: ${text.rejects.length} rows of ${dataFile} could not be read (spm ingest lists them)`] : []),
              `wrote ${shown}; next: spm run`,
            ].join('\n'),
          );
        }),
      );
  },
};

/** The one data file in `dir` or `dir`/data; an SpmError when there is none or more than one. */
async function findDataFile(dir: string): Promise<string> {
  const found: string[] = [];
  for (const folder of ['.', 'data']) {
    const names = await readdir(join(dir, folder)).catch(() => [] as string[]);
    for (const name of names.sort()) if (DATA_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) found.push(folder === '.' ? name : `${folder}/${name}`);
  }
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new SpmError('DATA_NOT_FOUND', `no data file given, and none (${DATA_EXTENSIONS.join(', ')}) found here or in data/`, {
      hint: 'name it: spm init path/to/students.csv (or write one: spm synth -o data/students.csv)',
    });
  }
  throw new SpmError('USAGE', `no data file given, and several found: ${found.join(', ')}`, { hint: `name one: spm init ${found[0]}` });
}
