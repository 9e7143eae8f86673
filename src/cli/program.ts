/**
 * The command line: global options (SPEC §4) and one module per command (STYLE 3).
 * Command modules load their heavy code lazily inside their actions (STYLE 4).
 */
import { Command, Option } from 'commander';
import { SPM_VERSION } from '../version.js';
import type { CommandModule } from './command.js';
import { synthCommand } from './commands/synth.js';
import { initCommand } from './commands/init.js';
import { ingestCommand, transformCommand, trainCommand, evaluateCommand } from './commands/stage.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { versionsCommand } from './commands/versions.js';
import { metricsCommand } from './commands/metrics.js';
import { paramsCommand } from './commands/params.js';
import { promoteCommand } from './commands/promote.js';
import { aliasesCommand } from './commands/aliases.js';
import { gcCommand } from './commands/gc.js';
import { predictCommand } from './commands/predict.js';
import { driftCommand } from './commands/drift.js';
import { exportCommand } from './commands/export.js';
import { feedbackCommand } from './commands/feedback.js';
import { monitorCommand } from './commands/monitor.js';
import { analyzeCommand } from './commands/analyze.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { verifyCommand } from './commands/verify.js';
import { workerCommand } from './commands/worker.js';
import { completionCommand } from './commands/completion.js';

const COMMANDS: readonly CommandModule[] = [
  initCommand,
  synthCommand,
  ingestCommand,
  transformCommand,
  trainCommand,
  evaluateCommand,
  runCommand,
  statusCommand,
  predictCommand,
  driftCommand,
  feedbackCommand,
  monitorCommand,
  analyzeCommand,
  reportCommand,
  exportCommand,
  serveCommand,
  workerCommand,
  versionsCommand,
  metricsCommand,
  paramsCommand,
  promoteCommand,
  aliasesCommand,
  verifyCommand,
  gcCommand,
  completionCommand,
];

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('spm');
  program
    .description('Student-performance ML from one reproducible CLI: ingest → transform → train → evaluate, then predict on new cohorts.')
    .version(SPM_VERSION, '-V, --version', 'print the spm version')
    .helpOption('-h, --help', 'show help for a command')
    .option('-p, --params <file>', 'params file (default: $SPM_PARAMS, else the nearest params.yaml in this folder or a parent); spm run also takes a quoted pattern, or several -p')
    .option('-S, --set <key=value>', 'override a param for this invocation; repeatable; value parsed as YAML', collect, [])
    .option('--artifacts <dir>', 'artifact store folder (default: artifacts.dir in params)')
    .option('--json', 'print one JSON document on stdout and nothing else there')
    .option('-q, --quiet', 'print only errors')
    .option('--verbose', 'show values from the data in messages (reject reasons, examples); off by default, so that logs carry no student values')
    .addOption(new Option('--no-color', 'no colours (also NO_COLOR, and when output is not a terminal)'))
    .showHelpAfterError('(run `spm --help` for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  spm init grades.csv                  write a commented params.yaml for your own data file
  npx spm run                          run the pipeline on params.yaml, skipping up-to-date stages
  spm run -S train.cv.folds=10         override a param for one run
  spm status                           which stages are stale and why
  spm metrics diff                     what changed between the last two evaluations
  spm predict -i cohort.csv -o scored.csv --explain
  spm drift -i next_cohort.csv         exit 3 when the new batch drifted from the training data
  spm analyze                          which factors go with the target, tested and ranked
  spm report -o report.html            one offline HTML report with charts and a model card
  spm promote --as production --if-better --on cohort.csv
                                       promote only a model that beats production on new outcomes
  spm export -o model.onnx             the model and its feature pipeline as ONNX, for other engines

Exit codes: 0 ok, 1 fixable problem (params, input, artifacts), 2 usage, 3 drift,
4 quality gate failed (or promote --if-better refused), 70 internal error, 130 interrupted.`,
    );
  for (const command of COMMANDS) command.register(program, setExitCode);
  return program;
}
