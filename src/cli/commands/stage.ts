/**
 * `spm ingest|transform|train|evaluate`: run one stage for the current params. The four
 * commands differ only in their stage name and help text, so one module builds all four.
 */
import type { Command } from 'commander';
import { EXIT } from '../../errors.js';
import type { StageName } from '../../pipeline/stages.js';
import { action, type CommandModule } from '../command.js';
import { addQueueOptions, assertQueueFlags, type QueueCliOptions } from '../queue-command.js';
import { createUi } from '../ui.js';

interface StageOptions extends QueueCliOptions {
  readonly force?: boolean;
  /** train only: `i/n` (train-shard.ts). */
  readonly shard?: string;
}

const EXAMPLES: Readonly<Record<StageName, readonly string[]>> = {
  ingest: ['spm ingest --json            # validate data.source, freeze the schema, split', 'spm ingest -S split.test_size=0.3'],
  transform: ['spm transform                # fit imputation, scaling and encoding on the train split', 'spm transform -S transform.numeric.scale=none'],
  train: ["spm train -S 'train.models=[linear, ridge]'   # tune two models only", 'spm train --force            # refit even when up to date', 'spm train --shard 2/4        # a quarter of the CV fits (one of four processes or hosts); then spm train', 'spm train --queue redis://localhost:6379 --shards 8   # the CV fits by spm worker processes, then the refit here'],
  evaluate: ['spm evaluate --json | jq .passed   # exit 4 when a quality gate fails', "spm evaluate -S 'evaluate.gates.r2=\">= 0.9\"'"],
};

const DESCRIPTIONS: Readonly<Record<StageName, string>> = {
  ingest: 'read data.source, validate it, infer and freeze the schema, profile it, split train/test',
  transform: 'fit the feature pipeline (imputation, clipping, encoding, scaling) on the train split only',
  train: 'cross-validate train.models × grids on the train split, select by train.metric, refit the winner',
  evaluate: 'score the test split: metrics, baseline, confusion matrix, permutation importance, gates',
};

function stageCommand(stage: StageName): CommandModule {
  return {
    register(program: Command, setExitCode) {
      const command = program
        .command(stage)
        .description(DESCRIPTIONS[stage])
        .option('--force', 'rebuild even when an up-to-date version exists');
      if (stage === 'train') {
        command.option('--shard <i/n>', 'compute only the i-th of n slices of the CV fits into the store (1-based); a plain spm train then assembles them and refits');
        addQueueOptions(command, 'cross-validate');
      }
      command
        .addHelpText('after', `\nExamples:\n${EXAMPLES[stage].map((e) => `  ${e}`).join('\n')}`)
        .action(
          action<StageOptions>(setExitCode, async (opts) => {
            const ui = createUi(opts);
            const [{ openWorkspace }, { runStages }, { stageDocument }, { renderStageRuns }] = await Promise.all([
              import('../../pipeline/workspace.js'),
              import('../../pipeline/run.js'),
              import('../stage-document.js'),
              import('../render-stage.js'),
            ]);
            if (stage === 'train') assertQueueFlags(opts, 'spm train --queue redis://localhost:6379 --shards 8');
            const ws = await openWorkspace(opts);
            if (opts.queue !== undefined) {
              const { SpmError } = await import('../../errors.js');
              if (opts.shard !== undefined || opts.force) throw new SpmError('USAGE', `--queue cannot be combined with ${opts.shard !== undefined ? '--shard' : '--force'}`, { hint: 'spm train --queue redis://localhost:6379 --shards 8' });
              const { queueTarget, queueProgress, interruptible } = await import('../queue-command.js');
              const { trainOnQueue } = await import('../../queue/train-queue.js');
              const target = await queueTarget(opts, ws);
              return interruptible(async (signal) => {
                const queued = await trainOnQueue(ws, target.project, target.address, target.shards, { progress: ui.progress, warn: ui.warn, onProgress: queueProgress(ui), signal });
                const doc = { ...(await stageDocument(ws, queued.run)), queue: { name: target.address.name, pieces: queued.pieces, workers: queued.workers } };
                ui.result(doc, () => renderStageRuns([doc], ui.c));
                return EXIT.ok;
              });
            }
            if (opts.shard !== undefined) {
              const { parseShard } = await import('../../scoring/predict-shard.js');
              const { trainShard } = await import('../../pipeline/train-shard.js');
              const r = await trainShard(ws, parseShard(opts.shard, 'spm train --shard 2/4'), { progress: ui.progress, warn: ui.warn });
              ui.result(r, () =>
                r.up_to_date
                  ? `train/${r.train_id} is up to date: no fits to compute`
                  : `train shard ${r.shard.index}/${r.shard.count}: computed ${r.fits.computed} of ${r.fits.total} CV fits for train/${r.train_id} (${r.fits.found} found in the store); run spm train once every shard is done`,
              );
              return EXIT.ok;
            }
            const [run] = await runStages(ws, { stages: [stage], force: opts.force, progress: ui.progress, warn: ui.warn });
            const doc = await stageDocument(ws, run!);
            ui.result(doc, () => renderStageRuns([doc], ui.c));
            return stage === 'evaluate' && doc.passed === false ? EXIT.gate : EXIT.ok;
          }),
        );
    },
  };
}

export const ingestCommand = stageCommand('ingest');
export const transformCommand = stageCommand('transform');
export const trainCommand = stageCommand('train');
export const evaluateCommand = stageCommand('evaluate');
