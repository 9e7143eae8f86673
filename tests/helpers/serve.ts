/** Starts `spm serve` (the built CLI) on a free port for a test, and stops it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './workspace.js';

export interface RunningServe {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server wrote to stderr so far (its request log). */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `spm serve --port 0 --json …args` in `cwd` and waits for its ready line (or its failure). */
export function startServe(cwd: string, args: readonly string[] = []): Promise<RunningServe> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const line = stdout.split('\n')[0]!;
      if (!stdout.includes('\n')) return;
      try {
        const ready = JSON.parse(line) as { url?: string };
        if (!ready.url) throw new Error(line);
        resolve({
          url: ready.url,
          child,
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      } catch {
        reject(new Error(`spm serve did not start: ${stdout}\n${stderr}`));
      }
    });
    void exited.then((code) => reject(new Error(`spm serve exited ${code}: ${stdout}\n${stderr}`)));
  });
}

/** fetch() with a JSON or text body; returns status, headers and the parsed JSON (or text). */
export async function call(url: string, init: { method?: string; type?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.type ? { 'content-type': init.type } : {}), ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (a page or a CSV)
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A small binary classifier to serve (logistic on test_preparation_course, positive class `completed`). */
export const BINARY_SERVE_PARAMS = `data:\n  source: data/students.csv\n  target: test_preparation_course\n  positive_class: completed\ntrain:\n  models: { logistic: { C: [1] } }\nevaluate:\n  gates: {}\n`;
