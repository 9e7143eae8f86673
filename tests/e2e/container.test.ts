/**
 * The container recipe (Dockerfile, compose.yaml). No container engine or registry is reachable
 * where the tests run, so the image is not built here: this checks the recipe's shape, then runs
 * the image's own CMD and HEALTHCHECK (read from the Dockerfile) with the built CLI — a store
 * alone in a folder with no params file, the token from a file — and sees the check pass.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { call } from '../helpers/serve.js';
import { BIN, createWorkspace, ROOT, runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
/** The JSON-array form of an instruction (`CMD [...]`, `HEALTHCHECK … CMD [...]`). */
const execForm = (instruction: RegExp): string[] => JSON.parse(dockerfile.match(instruction)![1]!) as string[];
const CMD = execForm(/^CMD (\[.*\])$/m);
const HEALTHCHECK = execForm(/^HEALTHCHECK .*? CMD (\[.*\])$/m);
const VOLUME = execForm(/^VOLUME (\[.*\])$/m);
const option = (args: readonly string[], name: string): string => args[args.indexOf(name) + 1]!;

const TOKEN = 'c0ffee5e7a1b2c3d4e5f60718293a4b5';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the container recipe', () => {
  it('builds in two stages and runs as a non-root user with the store as a volume', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
    expect(dockerfile.match(/^USER (\S+)$/m)?.[1]).toBe('node');
    expect(VOLUME).toEqual([option(CMD, '--artifacts')]);
    expect(CMD.slice(0, 2)).toEqual(['spm', 'serve']);
    expect(option(CMD, '--token-file')).toBe('/run/secrets/spm_token');
    expect(HEALTHCHECK.join(' ')).toContain(`http://127.0.0.1:${option(CMD, '--port')}/healthz`);
  });

  it('compose.yaml builds that image, mounts the store at its volume and the token as a secret', () => {
    const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'));
    const spm = compose.services.spm;
    expect(spm.build).toBe('.');
    expect(spm.ports).toEqual([`${option(CMD, '--port')}:${option(CMD, '--port')}`]);
    expect(spm.volumes).toEqual([`./artifacts:${VOLUME[0]}`]);
    expect(spm.secrets).toEqual(['spm_token']);
    expect(`/run/secrets/${spm.secrets[0]}`).toBe(option(CMD, '--token-file'));
    expect(compose.secrets.spm_token.file).toBe('./spm_token');
  });

  describe("the image's CMD and HEALTHCHECK, run here with the built CLI", () => {
    let trained: Workspace;
    let container: Workspace;
    let port: number;
    let stop: () => void;
    beforeAll(async () => {
      trained = await trainedWorkspace();
      expect((await runCli(['promote', '--as', option(CMD, '--model')], { cwd: trained.dir })).code).toBe(0);
      // The container's file system: a working folder with no params file, the store mounted, the token file.
      container = createWorkspace({ 'secrets/spm_token': `${TOKEN}\n` });
      chmodSync(container.path('secrets/spm_token'), 0o600);
      cpSync(trained.path('artifacts'), container.path('store'), { recursive: true });
      port = await freePort();
      const paths: Record<string, string> = { [option(CMD, '--artifacts')]: container.path('store'), [option(CMD, '--token-file')]: container.path('secrets/spm_token'), [option(CMD, '--port')]: String(port) };
      const args = CMD.slice(1).map((a) => paths[a] ?? a);
      const child = spawn(process.execPath, [BIN, ...args], { cwd: container.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      stop = () => child.kill('SIGTERM');
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('serving') && resolve());
        child.once('exit', (code) => reject(new Error(`spm serve exited ${code}: ${stderr}`)));
      });
    });
    afterAll(() => {
      stop?.();
      trained?.cleanup();
      container?.cleanup();
    });

    it('serves the aliased model from the store alone, token required', async () => {
      expect((await call(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await call(`http://127.0.0.1:${port}/v1/model`)).status).toBe(401);
      const model = await call(`http://127.0.0.1:${port}/v1/model`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(model.status).toBe(200);
      expect(model.json).toMatchObject({ ref: option(CMD, '--model'), target: 'math_score' });
    });

    it('passes its HEALTHCHECK, which fails when nothing listens', async () => {
      const check = (p: number) =>
        new Promise<number | null>((resolve) => {
          const [file, ...args] = HEALTHCHECK;
          expect(file).toBe('node');
          const child = spawn(process.execPath, args.map((a) => a.replace(`:${option(CMD, '--port')}/`, `:${p}/`)), { stdio: 'ignore' });
          child.once('exit', resolve);
        });
      expect(await check(port)).toBe(0);
      expect(await check(await freePort())).toBe(1);
    });
  });
});
