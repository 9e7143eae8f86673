/**
 * `spm serve`'s HTTP server (node:http: at these request sizes a framework adds start-up time
 * and dependencies without adding speed). Routes:
 *   GET  /                the dashboard (static HTML/CSS/JS, strict CSP, works offline)
 *   GET  /healthz         the process is up
 *   GET  /readyz          a model is loaded and the server is not shutting down
 *   GET  /v1/model        model metadata, input schema, metrics, lineage
 *   POST /v1/predict      JSON records or CSV → predictions (Accept: text/csv → the scored CSV)
 *   POST /v1/drift        a CSV batch → the drift report (stored like `spm drift`'s)
 *   GET  /metrics         Prometheus metrics (serve-metrics.ts), unless turned off
 * With a token, /v1/* and /metrics need `Authorization: Bearer <token>`; the page and the probes do not (the
 * page holds no student data and asks for the token itself). Logs name the method, path,
 * status, time and row counts, never a value from a request.
 */
import { csvMediaType, uploadAsCsv, UPLOAD_FILES } from './upload-body.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { isSpmError, SpmError } from '../errors.js';
import { runDrift } from '../actions/drift.js';
import type { Workspace } from '../pipeline/workspace.js';
import { BASE_HEADERS, bodyStream, HttpError, readBody, requireType, sendError, sendJson, sendJsonText, writePiece } from './http.js';
import { responseHead, responseJson, responseTail, scoreCsvBody, scoreCsvText, scoreCsvToCsv, scoreJson } from './score-request.js';
import type { ModelHolder } from './served-model.js';
import type { ServeRecorder } from './prediction-recorder.js';
import type { ScoredChunk } from '../scoring/predict-file.js';
import type { ParsedChunk } from '../scoring/parse-protocol.js';
import type { ScoredCounts, ServeMetrics } from './serve-metrics.js';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** Bearer token required on /v1/*; null: none. */
  readonly token: string | null;
  /** Largest accepted request body, in bytes. */
  readonly maxBody: number;
  /** One line per request (no request values). */
  readonly log: (line: string) => void;
  /** Records scored rows for `spm feedback` (predict.record); null: nothing recorded. */
  readonly recorder?: ServeRecorder | null;
  /** GET /metrics and what it counts; null: no metrics (--no-metrics). */
  readonly metrics: ServeMetrics | null;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

/** The page's policy: only its own script and styles, requests only to this server, no framing, no forms posted elsewhere. */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page's files: every .html, .js and .css file of the dashboard folder, read once at start. */
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

async function loadDashboard(): Promise<Map<string, { body: Buffer; type: string }>> {
  // Beside this module: src/serve/dashboard in the sources, dist/dashboard in the build.
  const dir = new URL('./dashboard/', import.meta.url);
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of (await readdir(dir)).sort()) {
    const type = TYPES[name.split('.').pop()!];
    if (!type || !/^[a-z0-9-]+\.[a-z]+$/.test(name)) continue;
    files.set(name === 'index.html' ? '/' : `/${name}`, { body: await readFile(new URL(name, dir)), type });
  }
  if (!files.has('/')) throw new Error(`the dashboard is missing from ${dir.pathname}: rebuild spm (npm run build)`);
  return files;
}

const ROUTES: Record<string, readonly string[]> = {
  '/healthz': ['GET', 'HEAD'],
  '/readyz': ['GET', 'HEAD'],
  '/v1/model': ['GET'],
  '/v1/predict': ['POST'],
  '/v1/drift': ['POST'],
};

export async function startServer(ws: Workspace, holder: ModelHolder, options: ServeOptions): Promise<RunningServer> {
  const dashboard = await loadDashboard();
  const { metrics } = options;
  const methods: Record<string, readonly string[]> = { ...Object.fromEntries([...dashboard.keys()].map((path) => [path, ['GET', 'HEAD']])), ...ROUTES, ...(metrics ? { '/metrics': ['GET'] } : {}) };
  metrics?.route([...Object.keys(methods), '/favicon.ico']);
  const token = options.token === null ? null : Buffer.from(options.token);
  let closing = false;
  let driftQueue: Promise<unknown> = Promise.resolve();

  const authorized = (req: IncomingMessage): boolean => {
    if (!token) return true;
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const given = Buffer.from(m[1]!.trim()); // (.+) is not optional: a match has it
    return given.length === token.length && timingSafeEqual(given, token);
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, note: { text: string }): Promise<void> {
    // Browsers ask for an icon on their own: no content, rather than a 404 in the console.
    if (path === '/favicon.ico' && req.method === 'GET') {
      res.writeHead(204, BASE_HEADERS);
      res.end();
      return;
    }
    const allowed = methods[path];
    if (!allowed) throw new HttpError(404, 'NOT_FOUND', `no route ${path}`, 'the API is under /v1: GET /v1/model, POST /v1/predict, POST /v1/drift; the dashboard is at /');
    if (!allowed.includes(req.method ?? '')) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}: use ${allowed.join(' or ')}`, undefined, { allow: allowed.join(', ') });
    const page = dashboard.get(path);
    if (page) {
      res.writeHead(200, { ...BASE_HEADERS, 'content-type': page.type, 'content-length': String(page.body.length), ...(path === '/' ? { 'content-security-policy': DASHBOARD_CSP } : {}) });
      res.end(req.method === 'HEAD' ? undefined : page.body);
      return;
    }
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      return closing ? sendJson(res, 503, { status: 'shutting_down' }) : sendJson(res, 200, { status: 'ready', model: holder.current.trainId });
    }
    if (!authorized(req)) {
      throw new HttpError(401, 'UNAUTHORIZED', req.headers.authorization ? 'the bearer token is not valid' : 'this server needs a bearer token', 'send Authorization: Bearer <the token in the server\'s --token-file>', { 'www-authenticate': 'Bearer realm="spm"' });
    }
    if (path === '/metrics' && metrics) {
      const text = await metrics.exposition();
      res.writeHead(200, { ...BASE_HEADERS, 'content-type': metrics.contentType, 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
      return;
    }
    const model = holder.current; // this request's model, even if the alias moves meanwhile
    // The one place that learns what a request scored: per chunk (rows and predictions), then
    // the request's counts (its log line and the metrics).
    const onChunk = metrics ? (batch: ParsedChunk, chunk: ScoredChunk): void => metrics.scoredChunk(model, batch, chunk) : undefined;
    const scored = (counts: ScoredCounts & { readonly rows: number }): void => {
      note.text = ` rows=${counts.rows} scored=${counts.scored} rejected=${counts.rejected}`;
      metrics?.scoredRequest(counts);
    };
    if (path === '/v1/model') {
      return sendJson(res, 200, { ...model.info, train_id: model.trainId, evaluate_id: model.evaluateId, reload_error: holder.reloadError });
    }
    if (path === '/v1/predict') {
      const sent = requireType(req, ['application/json', 'text/csv'], UPLOAD_FILES);
      const type = csvMediaType(sent);
      const body = await uploadAsCsv(sent, await readBody(req, options.maxBody));
      const record = options.recorder?.forRequest(model);
      const wantsCsv = type === 'text/csv' && /\btext\/csv\b/.test(req.headers.accept ?? '') && !/\bapplication\/json\b/.test(req.headers.accept ?? '');
      if (wantsCsv) {
        const result = await scoreCsvToCsv(model, body, { onChunk, ...(record ? { record } : {}) });
        scored(result);
        res.writeHead(200, {
          ...BASE_HEADERS,
          'content-type': 'text/csv; charset=utf-8',
          'content-length': String(Buffer.byteLength(result.text)),
          'x-spm-model': model.trainId,
          'x-spm-rows': String(result.rows),
          'x-spm-scored': String(result.scored),
          'x-spm-rejected': String(result.rejected),
        });
        res.end(result.text);
        return;
      }
      if (type === 'text/csv' && streamable(body)) {
        // Sent while scored: the status and head go once the header is accepted (a missing
        // column is still a 400), then the predictions every 1,024 rows, then rejects and counts.
        const summary = await scoreCsvBody(model, body, {
          open: (id) => {
            res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8' });
            res.write(responseHead(id));
          },
          write: (piece) => writePiece(res, piece),
          ...(record ? { record } : {}),
        }, { onChunk });
        scored(summary);
        res.end(responseTail(summary));
        return;
      }
      const result = type === 'application/json' ? await scoreJson(model, parseJson(body), { onChunk, ...(record ? { record } : {}) }) : await scoreCsvText(model, body, { onChunk, ...(record ? { record } : {}) });
      scored(result);
      return sendJsonText(res, 200, responseJson(result));
    }
    // /v1/drift: one at a time (each stores a drift version).
    const sent = requireType(req, ['text/csv'], UPLOAD_FILES);
    const body = await uploadAsCsv(sent, await readBody(req, options.maxBody));
    const run = driftQueue.then(() => runDrift(ws, { input: '-', reference: model.evaluateId ?? model.trainId, stdin: bodyStream(body), stdinName: 'request body' }));
    driftQueue = run.catch(() => undefined);
    const report = await run;
    note.text = ` rows=${report.batch.rows} dataset_drift=${report.dataset_drift}`;
    return sendJson(res, 200, report);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const [path = '/'] = (req.url ?? '/').split('?');
    const note = { text: '' };
    handle(req, res, path, note)
      .catch((error: unknown) => {
        const http = toHttpError(error);
        if (http.status === 500) options.log(`internal error on ${req.method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (res.headersSent) {
          // Mid-answer (a streamed response): all that can be done is to cut it off.
          note.text += ` aborted: ${http.code}`;
          return void res.destroy();
        }
        // A body refused before it was read: close the connection rather than read it all.
        if (http.status === 413) res.setHeader('connection', 'close');
        sendError(res, http);
      })
      .finally(() => {
        const elapsed = performance.now() - started;
        metrics?.request(path, req.method, res.statusCode, elapsed / 1000);
        options.log(`${new Date().toISOString()} ${req.method} ${path} ${res.statusCode} ${elapsed.toFixed(1)}ms${note.text}`);
      });
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => reject(listenError(error, options.host, options.port));
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * A CSV body that can be answered while it is scored: text that the reader cannot refuse half
 * way (valid UTF-8, no NUL byte). Any other body is scored whole first, so that its problem is
 * still a clean 400 rather than a cut-off answer.
 */
const streamable = (body: Buffer): boolean => body.length > 0 && isUtf8(body) && body.indexOf(0) === -1;

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, 'BAD_JSON', `the request body is not valid JSON: ${detail}`, 'send an array of records, e.g. [{"gender": "female", "reading_score": 72}]');
  }
}

/** Why the server could not listen, as a message with a way out (a busy port, a privileged one, an unknown host). */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): unknown {
  const at = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new SpmError('PORT_IN_USE', `cannot listen on ${at}: the port is in use (another spm serve?)`, { hint: 'choose another with --port, or --port 0 for any free port' });
    case 'EACCES':
      return new SpmError('PORT_DENIED', `cannot listen on ${at}: permission denied (ports below 1024 need privileges)`, { hint: 'use a port from 1024 up, e.g. --port 8080' });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SpmError('BAD_HOST', `cannot listen on ${at}: '${host}' is not an address of this machine`, { hint: 'use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, with --token-file)' });
    default:
      return error;
  }
}

/** A user's problem (an SpmError: missing column, empty or binary body) is a 400 with its message; anything else is a 500. */
function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isSpmError(error)) return new HttpError(400, error.code, error.message, error.hint);
  return new HttpError(500, 'INTERNAL', 'internal error: the server log has the details', 'this is a bug in spm: please report it with the log');
}
