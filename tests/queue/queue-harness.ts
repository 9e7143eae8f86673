/**
 * A real Redis and real `spm worker` processes for the queue tests: each test file starts its
 * own redis-server on a free port in a temporary folder (no persistence) and stops it in
 * afterAll. Without /usr/bin/redis-server (or redis-server on PATH) the files skip, saying so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/workspace.js';

export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('tests/queue: redis-server is not installed: the queue tests are skipped (apt-get install redis-server)');

// A test that times out skips afterAll: its servers and workers still go with the test process.
const leftovers = new Set<() => void>();
process.once('exit', () => leftovers.forEach((end) => end()));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spm-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  leftovers.add(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `redis-cli -p PORT ...args` → its output, trimmed. */
export const redisCli = (port: number, ...args: string[]): string => spawnSync('redis-cli', ['-p', String(port), ...args]).stdout.toString().trim();

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote on stderr so far. */
  log(): string;
  /** Resolves once its log contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with its exit code (SIGKILL: null). */
  readonly exited: Promise<number | null>;
}

/** A child's stderr as it comes, and a wait until it contains a text (`who` names the child in the timeout's message). */
function watchStderr(child: ChildProcess, who: string): { text: () => string; waitFor: (text: string, timeoutMs?: number) => Promise<void> } {
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    waiters.forEach((w) => w());
  });
  const waitFor = (text: string, timeoutMs = 30_000): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${who} never said ${JSON.stringify(text)}; it said:\n${stderr}`)), timeoutMs);
      const check = (): void => {
        if (stderr.includes(text)) {
          clearTimeout(timer);
          resolve();
        }
      };
      waiters.push(check);
      check();
    });
  return { text: () => stderr, waitFor };
}

/** `spm worker --queue URL ...args` in `cwd`, as a separate process. */
export function startWorker(cwd: string, url: string, ...args: string[]): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = watchStderr(child, 'worker');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  leftovers.add(() => child.kill('SIGKILL'));
  return { child, log: stderr.text, exited, waitFor: stderr.waitFor };
}

/** Stops workers gracefully (SIGTERM) and returns their exit codes. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<Array<number | null>> {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves once its stderr contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  readonly result: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `spm ...args` in `cwd`, as a process the test can signal (runCli only waits for the end). */
export function startCli(cwd: string, args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const stderr = watchStderr(child, `spm ${args.join(' ')}`);
  return {
    child,
    result: new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr: stderr.text() }))),
    waitFor: stderr.waitFor,
  };
}
