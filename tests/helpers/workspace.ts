/**
 * Test helpers (tsup's test/utils.ts style): a temporary workspace built from an inline file
 * map, and a runner for the real built CLI (bin/spm.js) that captures exit code and output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'spm.js');
/** The real public datasets: ../shared/data beside the clone, or SPM_SHARED_DATA (a worktree elsewhere). */
export const SHARED_DATA = process.env.SPM_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data');
export const hasSharedData = existsSync(join(SHARED_DATA, 'stud.csv'));

export interface Workspace {
  readonly dir: string;
  path(rel: string): string;
  write(rel: string, content: string): void;
  cleanup(): void;
}

export function createWorkspace(files: Record<string, string> = {}): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'spm-test-'));
  const ws: Workspace = {
    dir,
    path: (rel) => join(dir, rel),
    write: (rel, content) => {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [rel, content] of Object.entries(files)) ws.write(rel, content);
  return ws;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/spm.js ...args` in `cwd`; stdin is closed unless `input` is given. */
export function runCli(args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Params of a small, fast pipeline (one ridge model) for tests that need a trained version. */
export const SMALL_PARAMS = `data:
  source: data/students.csv
  target: math_score
train:
  models: { ridge: { alpha: [1] } }
`;

/** A workspace with `spm synth` data (`rows` students) and a pipeline run to the end. */
export async function trainedWorkspace(params: string = SMALL_PARAMS, rows = 300): Promise<Workspace> {
  const ws = createWorkspace({ 'params.yaml': params });
  const synth = await runCli(['synth', '-o', 'data/students.csv', '--rows', String(rows)], { cwd: ws.dir });
  if (synth.code !== 0) throw new Error(`spm synth failed: ${synth.stderr}`);
  const run = await runCli(['run', '-q'], { cwd: ws.dir });
  if (run.code !== 0) throw new Error(`spm run failed: ${run.stderr}`);
  return ws;
}
