/**
 * `spm worker --queue redis://HOST:PORT`: runs the pieces that `--queue` commands enqueue for
 * this store (src/queue/worker.ts), until SIGTERM or Ctrl-C: then it finishes the running pieces
 * and exits 0. Redis unreachable at start, or gone for 10 s, ends it with exit 1.
 */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { QUEUE_NAME_HELP } from '../queue-command.js';
import { createUi } from '../ui.js';

interface WorkerOptions {
  readonly queue: string;
  readonly queueName?: string;
  readonly concurrency: string;
  readonly lockDuration: string;
}

const EXAMPLE = 'spm worker --queue redis://localhost:6379 --concurrency 2';

export const workerCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('worker')
      .description('run the pieces of spm train/predict --queue (CV fits, predict shards, pipelines) from a Redis queue, on this machine')
      .requiredOption('--queue <url>', 'the Redis the coordinating commands use (redis://HOST:PORT)')
      .option('--concurrency <n>', 'pieces run at once, each on its own thread (about one per core)', '1')
      .option('--lock-duration <ms>', 'how long a running piece stays locked without news from its worker: a killed worker\'s piece runs elsewhere after about this long, plus as long again for the check', '30000')
      .option('--queue-name <name>', QUEUE_NAME_HELP)
      .addHelpText(
        'after',
        `
Examples:
  ${EXAMPLE}
  spm worker --queue redis://queue.internal:6379 -p /shared/project/params.yaml -q

Every worker must see the project, its artifact store and the input files at the same paths as
the command that enqueued the pieces (one shared filesystem), and run the same spm version.
Start it in the project folder (or with -p): the queue is the store's. Then, anywhere:
  spm train --queue redis://localhost:6379 --shards 8
  spm predict -i big.csv -o scored.csv --queue redis://localhost:6379 --shards 16
A piece whose worker dies is run again by another worker; SIGTERM lets the running pieces
finish, then the worker exits 0.`,
      )
      .action(
        action<WorkerOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const { SpmError, isSpmError, EXIT } = await import('../../errors.js');
          const concurrency = Number(opts.concurrency);
          if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new SpmError('USAGE', `--concurrency ${opts.concurrency}: expected a whole number from 1 to 256`, { hint: EXAMPLE });
          const lockDurationMs = Number(opts.lockDuration);
          if (!Number.isInteger(lockDurationMs) || lockDurationMs < 1000) throw new SpmError('USAGE', `--lock-duration ${opts.lockDuration}: expected milliseconds, at least 1000`, { hint: `${EXAMPLE} --lock-duration 30000` });
          const { checkQueueUrl, checkQueueName, storeQueueName } = await import('../../queue/connection.js');
          const url = checkQueueUrl(opts.queue);
          let name: string;
          if (opts.queueName !== undefined) name = checkQueueName(opts.queueName);
          else {
            const { openWorkspace } = await import('../../pipeline/workspace.js');
            try {
              name = storeQueueName((await openWorkspace(opts)).store.root);
            } catch (error) {
              if (isSpmError(error) && error.code === 'PARAMS_NOT_FOUND') throw new SpmError('PARAMS_NOT_FOUND', `${error.message}: spm worker takes the queue of a project's store`, { hint: 'start it in the project folder, or with -p PARAMS, or give the same --queue-name as the commands' });
              throw error;
            }
          }
          const { startWorker, workerName } = await import('../../queue/worker.js');
          const prefix = `spm worker ${workerName()}`;
          const log = (line: string): void => {
            if (!ui.quiet) process.stderr.write(`${prefix}: ${line}\n`);
          };
          const worker = await startWorker({ queue: { url, name }, concurrency, lockDurationMs, log });
          log(`waiting for pieces on ${url}, queue ${name} (${concurrency} at a time; SIGTERM or Ctrl-C: finish them and stop)`);
          const { nextStopSignal } = await import('../stop-signals.js');
          try {
            const signal = await Promise.race([nextStopSignal(), worker.lost]);
            log(`${signal}: finishing the running pieces, taking no new one`);
          } catch (error) {
            await worker.close();
            throw error;
          }
          await worker.close();
          log('stopped');
          return EXIT.ok;
        }),
      );
  },
};
