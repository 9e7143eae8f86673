/** `spm serve`: the scoring API and the educators' dashboard, from the versioned artifacts. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { nextStopSignal } from '../stop-signals.js';
import { createUi } from '../ui.js';

/** --drift-window's default, and its largest value (the window holds 4 bytes per row and feature). */
const DEFAULT_DRIFT_WINDOW = 10_000;
const MAX_DRIFT_WINDOW = 10_000_000;

interface ServeCliOptions {
  readonly model: string;
  readonly host: string;
  readonly port: string;
  readonly tokenFile?: string;
  readonly insecure?: boolean;
  readonly maxBody: string;
  readonly reloadInterval: string;
  readonly driftWindow: string;
  /** false with --no-metrics. */
  readonly metrics: boolean;
}

export const serveCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('serve')
      .description('HTTP scoring API and the educators\' dashboard (127.0.0.1 unless a token is given)')
      .option('--model <ref>', 'version to serve: latest, an id or prefix, or an alias (an alias is followed when `spm promote` moves it)', 'latest')
      .option('--host <host>', 'address to listen on; beyond loopback a --token-file is required', '127.0.0.1')
      .option('--port <port>', 'port to listen on (0: any free port)', '8080')
      .option('--token-file <file>', 'file holding the bearer token that /v1/* requests must send')
      .option('--insecure', 'listen beyond loopback without a token (anyone who can reach the port can score and read the model)')
      .option('--max-body <size>', 'largest request body, e.g. 50mb, 512kb', '50mb')
      .option('--reload-interval <ms>', 'how often to check whether the served alias moved', '1000')
      .option('--drift-window <rows>', "live drift on GET /metrics: PSI per feature over the last N scored rows against the model's training split (0: off)", String(DEFAULT_DRIFT_WINDOW))
      .option('--no-metrics', 'no GET /metrics endpoint, and nothing counted for it')
      .addHelpText(
        'after',
        `
Endpoints:
  GET  /              dashboard: upload a class list, see who is at risk and why
  POST /v1/predict    JSON records or CSV → predictions (Accept: text/csv → the scored CSV)
  GET  /v1/model      model metadata, input schema, metrics, lineage
  POST /v1/drift      a CSV batch → the drift report
  GET  /metrics       Prometheus metrics: requests, latency, rows, predictions, the model, live drift
  GET  /healthz, /readyz

Examples:
  spm serve --model production
  curl -s localhost:8080/v1/predict -H 'Content-Type: application/json' \\
    -d '[{"gender":"female","race_ethnicity":"group C","parental_level_of_education":"some college",
         "lunch":"standard","test_preparation_course":"none","reading_score":72,"writing_score":74}]'
  curl -s localhost:8080/v1/predict -H 'Content-Type: text/csv' --data-binary @cohort.csv
  spm serve --host 0.0.0.0 --token-file token.txt
  curl -s localhost:8080/metrics -H "Authorization: Bearer $(cat token.txt)" | grep ^spm_`,
      )
      .action(
        action<ServeCliOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const { SpmError, EXIT } = await import('../../errors.js');
          const { parseSize, formatBytes } = await import('../../serve/http.js');
          const usage = (message: string, hint: string): InstanceType<typeof SpmError> => new SpmError('USAGE', message, { hint });
          const port = Number(opts.port);
          if (!/^\d+$/.test(opts.port) || port > 65535) throw usage(`--port: '${opts.port}' is not a port number`, 'a whole number from 0 to 65535 (0: any free port)');
          const maxBody = parseSize(opts.maxBody);
          if (maxBody === undefined) throw usage(`--max-body: '${opts.maxBody}' is not a size`, 'e.g. 50mb, 512kb or a number of bytes');
          const interval = Number(opts.reloadInterval);
          if (!Number.isInteger(interval) || interval < 50) throw usage(`--reload-interval: '${opts.reloadInterval}' is not a number of milliseconds ≥ 50`, 'e.g. --reload-interval 1000');
          const driftWindow = Number(opts.driftWindow);
          if (!/^\d+$/.test(opts.driftWindow) || driftWindow > MAX_DRIFT_WINDOW) throw usage(`--drift-window: '${opts.driftWindow}' is not a number of rows from 0 to ${MAX_DRIFT_WINDOW.toLocaleString('en-US')}`, `e.g. --drift-window ${DEFAULT_DRIFT_WINDOW} (0 turns live drift off)`);
          const { readToken, isLoopback, TOKEN_HINT } = await import('../../serve/token.js');
          const token = opts.tokenFile ? await readToken(opts.tokenFile, (w) => ui.warn(w)) : null;
          if (!isLoopback(opts.host) && token === null && !opts.insecure) {
            throw new SpmError('INSECURE_HOST', `--host ${opts.host} reaches beyond this machine: a bearer token is required`, {
              hint: `${TOKEN_HINT} and pass --token-file token.txt (or --insecure to go without)`,
            });
          }
          const [{ openWorkspace }, { ModelHolder }, { startServer }, metricsModule] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../serve/served-model.js'),
            import('../../serve/server.js'),
            opts.metrics ? import('../../serve/serve-metrics.js') : null,
          ]);
          // A model named by alias or id needs only the store: a container mounts the store alone.
          const ws = await openWorkspace(opts, { paramsOptional: opts.model !== 'latest' });
          const holder = await ModelHolder.open(ws, opts.model);
          const metrics = metricsModule ? new metricsModule.ServeMetrics(driftWindow) : null;
          await metrics?.follow(ws, holder.current, holder.followed);
          const log = (line: string): void => {
            if (!ui.quiet) process.stderr.write(`${line}\n`);
          };
          // Recorded predictions (predict.record; none without a params file): see serve/prediction-recorder.ts.
          const { ServeRecorder } = await import('../../serve/prediction-recorder.js');
          const recorder = !ws.bare && ws.loaded.params.predict.record
            ? new ServeRecorder(ws.store, { flushMs: 2000, maxRows: 10_000, onError: (error) => ui.warn(`could not record predictions: ${error instanceof Error ? error.message : String(error)}`) })
            : null;
          const running = await startServer(ws, holder, { host: opts.host, port, token, maxBody, log, recorder, metrics });
          // Signals are caught before the ready line: a supervisor may stop the server right after it.
          const stopped = untilStopped(running, holder, log, EXIT, recorder);
          holder.watch(interval, {
            onReload: (next, previous) => {
              log(`${new Date().toISOString()} model ${opts.model} moved: now serving train/${next.trainId} (was train/${previous.trainId})`);
              metrics?.reloaded();
              metrics?.follow(ws, next, holder.followed).catch((error: unknown) => ui.warn(`live drift of train/${next.trainId} is off: ${error instanceof Error ? error.message : String(error)}`));
            },
            onReloadError: (error) => {
              metrics?.reloadFailed();
              ui.warn(`could not reload ${opts.model}: ${error instanceof Error ? error.message : String(error)}; still serving train/${holder.current.trainId}`);
            },
          });
          const model = holder.current;
          const ready = {
            url: running.url,
            model: model.trainId,
            ref: opts.model,
            task: model.pipeline.schema.task,
            target: model.pipeline.schema.target,
            auth: token !== null,
            max_body: maxBody,
            metrics: metrics !== null,
            drift_window: metrics ? driftWindow : 0,
          };
          if (ui.json) process.stdout.write(`${JSON.stringify(ready)}\n`);
          else {
            ui.info(
              [
                `serving train/${model.trainId} (${String(model.info.model)}, ${model.pipeline.schema.task} of ${model.pipeline.schema.target}) at ${running.url}`,
                `  dashboard  ${running.url}/`,
                `  API        POST ${running.url}/v1/predict · GET /v1/model · POST /v1/drift${metrics ? ' · GET /metrics' : ''}${token ? ' (bearer token required)' : ''}`,
                `  limits     request body ≤ ${formatBytes(maxBody)}`,
                '  Ctrl-C to stop',
              ].join('\n'),
            );
          }
          if (opts.insecure && !isLoopback(opts.host) && token === null) ui.warn(`listening on ${opts.host} without a token (--insecure): anyone who can reach the port can score and read the model`);
          return await stopped;
        }),
      );
  },
};

/**
 * Waits for Ctrl-C or SIGTERM, then stops gracefully: no new connections, requests in flight
 * finish. Returns the exit code for the entry point (a second Ctrl-C makes it exit at once).
 */
async function untilStopped(
  running: { close(): Promise<void>; server: import('node:http').Server },
  holder: { stop(): void },
  log: (line: string) => void,
  EXIT: typeof import('../../errors.js').EXIT,
  recorder: { close(): Promise<void> } | null,
): Promise<number> {
  const signal = await nextStopSignal();
  log(`${new Date().toISOString()} ${signal}: finishing requests in flight, then stopping`);
  holder.stop();
  const force = setTimeout(() => running.server.closeAllConnections(), 10_000);
  force.unref();
  await running.close();
  clearTimeout(force);
  await recorder?.close(); // after the last request: its rows are in the last batch
  return signal === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
}
