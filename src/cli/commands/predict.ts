/** `spm predict`: batch-score a CSV with a trained version, streaming, never losing a row. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';
import { readStep } from '../../util/progress.js';
import { DEFAULT_DIALECT } from '../../data/csv-dialect.js';
import { promptStdin } from '../stdin-prompt.js';
import { addQueueOptions, assertQueueFlags, type QueueCliOptions } from '../queue-command.js';

interface PredictOptions extends QueueCliOptions {
  readonly input: string;
  readonly output: string;
  readonly model?: string;
  readonly rejects?: string;
  readonly explain?: boolean;
  readonly shard?: string;
  readonly merge?: string[];
}

export const predictCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const command = program
      .command('predict')
      .description('score a CSV: every input column, then prediction (and probability), with rejected rows reported, never dropped')
      .option('-i, --input <file>', "CSV to score ('-' for stdin)", '-')
      .option('-o, --output <file>', "scored CSV ('-' for stdout)", '-')
      .option('--model <ref>', 'version to score with: latest, an id or prefix, or an alias (e.g. production)', 'latest')
      .option('--rejects <file>', 'where rejected rows go (default: <output>.rejects.csv; a summary on stderr when output is stdout)')
      .option('--explain', 'add top_factors: the three columns that moved each prediction most, with signed contributions')
      .option('--shard <i/n>', 'score only the i-th of n line-aligned byte ranges of -i FILE (1-based); join the parts with --merge')
      .option('--merge <parts...>', 'join the parts written by --shard (in shard order) into -o: the bytes one spm predict writes');
    addQueueOptions(command, 'score -i FILE in --shards parts');
    command
      .addHelpText(
        'after',
        `
Examples:
  spm predict -i cohort.csv -o scored.csv --explain
  cat cohort.csv | spm predict > scored.csv
  spm predict -i cohort.csv -o scored.csv --model production --json
  spm predict -i cohort.csv -o scored.csv -S predict.record=false   # score without recording
  spm predict -i big.csv --shard 3/16 -o part-03.csv   # then: spm predict --merge part-*.csv -o scored.csv
  spm predict -i big.csv -o scored.csv --queue redis://localhost:6379 --shards 16   # parts by spm worker processes

Each scored row's ids (data.id_columns), model version and prediction are recorded in the
store for \`spm feedback\` to join late outcomes with; an input with no id column records
nothing (a line number is not an id) and says so.`,
      )
      .action(
        action<PredictOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts, { stdoutIsData: opts.output === '-' });
          if (opts.json && opts.output === '-') {
            const { SpmError } = await import('../../errors.js');
            throw new SpmError('USAGE', '--json needs -o FILE: with -o - the scored CSV is what goes to stdout', {
              hint: 'spm predict -i cohort.csv -o scored.csv --json',
            });
          }
          assertQueueFlags(opts, 'spm predict -i big.csv -o scored.csv --queue redis://localhost:6379 --shards 16');
          if (opts.queue !== undefined) {
            const { SpmError } = await import('../../errors.js');
            const example = 'spm predict -i big.csv -o scored.csv --queue redis://localhost:6379 --shards 16';
            if (opts.shard !== undefined || opts.merge) throw new SpmError('USAGE', `--queue cannot be combined with ${opts.shard !== undefined ? '--shard' : '--merge'}`, { hint: example });
            if (opts.input === '-') throw new SpmError('USAGE', '--queue needs -i FILE: the workers read the input from the shared filesystem, not from stdin', { hint: example });
            if (opts.output === '-') throw new SpmError('USAGE', '--queue needs -o FILE.csv: the parts are joined into a file', { hint: example });
            const { isConvertedInput, isParquetOutput } = await import('../../data/input-format.js');
            if (isConvertedInput(opts.input)) throw new SpmError('USAGE', `--queue cuts CSV files into byte ranges; ${opts.input} is converted as one stream (save it as CSV, or score it without --queue)`, { hint: example });
            if (isParquetOutput(opts.output)) throw new SpmError('USAGE', '--queue writes -o FILE.csv: the parts are CSV files joined in order', { hint: example });
            const { queueTarget, queueProgress, interruptible } = await import('../queue-command.js');
            const { openWorkspace } = await import('../../pipeline/workspace.js');
            const { loadScoring } = await import('../../pipeline/resolve.js');
            const { predictOnQueue } = await import('../../queue/predict-queue.js');
            const ws = await openWorkspace(opts);
            await loadScoring(ws, opts.model); // a missing model or input column fails here, before any piece is queued
            const target = await queueTarget(opts, ws);
            return interruptible(async (signal) => {
              const request = { input: opts.input, output: opts.output, model: opts.model ?? 'latest', explain: opts.explain === true, ...(opts.rejects ? { rejects: opts.rejects } : {}) };
              const merged = await predictOnQueue(target.project, request, target.address, target.shards, { onProgress: queueProgress(ui), signal });
              for (const warning of merged.warnings) ui.warn(warning);
              ui.result({ ...merged, queue: { name: target.address.name } }, () => `scored ${merged.scored} of ${merged.rows} rows with train/${merged.model} in ${merged.pieces} pieces${merged.rejected > 0 ? `, ${merged.rejected} rejected → ${merged.rejects ?? 'summary'}` : ''} → ${merged.output}`);
              return 0;
            });
          }
          if (opts.merge) {
            const { mergeShards } = await import('../../scoring/merge-shards.js');
            const merged = await mergeShards({ parts: opts.merge, output: opts.output, ...(opts.rejects ? { rejects: opts.rejects } : {}) });
            for (const warning of merged.warnings) ui.warn(warning);
            ui.result(merged, () => `merged ${merged.shards} shards: ${merged.scored} of ${merged.rows} rows scored with train/${merged.model}${merged.rejected > 0 ? `, ${merged.rejected} rejected → ${merged.rejects ?? 'summary'}` : ''} → ${merged.output}`);
            return;
          }
          const shard = opts.shard === undefined ? undefined : (await import('../../scoring/predict-shard.js')).parseShard(opts.shard);
          promptStdin(opts.input, opts.quiet);
          // A large input's parse worker starts now: its start-up overlaps loading the model.
          const { startParseWorker } = await import('../../scoring/parsed-source.js');
          const started = shard ? undefined : startParseWorker(opts.input);
          let summary;
          let scoring;
          try {
            const { openWorkspace } = await import('../../pipeline/workspace.js');
            const { loadScoring } = await import('../../pipeline/resolve.js');
            const { predictFile } = await import('../../scoring/predict-file.js');
            const { storeRecorder } = await import('../../scoring/prediction-batch.js');
            const ws = await openWorkspace(opts);
            scoring = await loadScoring(ws, opts.model);
            const record = ws.loaded.params.predict.record ? storeRecorder(ws.store, scoring, opts.input === '-' ? 'stdin' : opts.input) : undefined;
            if (!scoring.pipeline.segments && ws.loaded.params.segments.features.length && (opts.model === undefined || opts.model === 'latest')) {
              ui.warn('segments.features is set but no evaluation with segments exists for these params: no segment or recommendation columns (run `spm run` first)');
            }
            const request = {
              input: opts.input,
              output: opts.output,
              rejects: opts.rejects,
              explain: opts.explain === true,
              threshold: scoring.threshold,
              ...(started ? { started } : {}),
              ...(record ? { record } : {}),
              onProgress: (read: Parameters<typeof readStep>[1]) => ui.progress(readStep('predict', read)),
            };
            summary = shard
              ? await (await import('../../scoring/predict-shard.js')).predictShard(scoring.pipeline, { ...request, shard, model: scoring.trainId })
              : await predictFile(scoring.pipeline, request);
          } finally {
            await started?.release();
          }
          const { trainId } = scoring;
          for (const warning of summary.warnings) ui.warn(warning);
          // Said when the model has id columns the input lacks; a model with none never records (record_note in --json says so).
          if (summary.record_note && scoring.pipeline.schema.columns.some((c) => c.role === 'id')) ui.warn(summary.record_note);
          const { sample_rejects: sample, ...doc } = summary;
          ui.result({ ...doc, model: trainId }, () => {
            const lines = [`scored ${summary.scored} of ${summary.rows} rows with train/${trainId}${summary.output === '-' ? '' : ` → ${summary.output}`}`];
            if (summary.read_as !== DEFAULT_DIALECT) lines.push(`read as: ${summary.read_as}`);
            if (summary.rejected > 0) {
              lines.push(`rejected ${summary.rejected} row(s)${summary.rejects ? ` → ${summary.rejects}` : ':'}`);
              if (!summary.rejects) for (const r of sample) lines.push(`  line ${r.line}: ${r.reason}`);
              if (!summary.rejects && summary.rejected > sample.length) lines.push(`  … and ${summary.rejected - sample.length} more (use --rejects FILE)`);
            }
            const unseen = Object.entries(summary.unseen_categories);
            if (unseen.length) lines.push(`unseen categories (scored as unknown): ${unseen.map(([c, n]) => `${c}: ${n}`).join(', ')}`);
            const outside = Object.entries(summary.out_of_range);
            if (outside.length) lines.push(`outside the training range (scored): ${outside.map(([c, n]) => `${c}: ${n}`).join(', ')}`);
            return lines.join('\n');
          });
        }),
      );
  },
};
