/**
 * The curl lines of `spm serve --help` work as written (issue 21, item 6): the help text is read
 * from the built CLI, each curl line (with its continuation) is run by bash against a server on
 * a free port — the one change, since port 8080 may be taken by another test — and answers.
 */
import { writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../helpers/serve.js';
import { BIN, runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const hasCurl = spawnSync('curl', ['--version']).status === 0;

/**
 * The curl commands of the help's examples: an example starts on a line indented by two spaces,
 * and more deeply indented lines continue it (kept as written: bash reads the \\ and the quotes).
 */
function curlLines(help: string): string[] {
  const examples = (help.split('\nExamples:\n')[1] ?? '').split('\n');
  const commands: string[] = [];
  for (const line of examples) {
    if (/^ {2}\S/.test(line)) commands.push(line.trim());
    else if (/^ {3,}\S/.test(line) && commands.length) commands[commands.length - 1] += `\n${line}`;
  }
  return commands.filter((c) => c.startsWith('curl '));
}

describe.runIf(hasCurl)('spm serve --help: the curl examples', () => {
  let ws: Workspace;
  let serve: RunningServe;
  let lines: string[];
  beforeAll(async () => {
    ws = await trainedWorkspace();
    // The CSV example posts @cohort.csv: a cohort written the documented way.
    const synth = await runCli(['synth', '-o', 'cohort.csv', '--rows', '5', '--seed', '9'], { cwd: ws.dir });
    expect(synth.code).toBe(0);
    serve = await startServe(ws.dir);
    const help = execFileSync(process.execPath, [BIN, 'serve', '--help'], { encoding: 'utf8' });
    lines = curlLines(help);
  }, 120_000);
  afterAll(async () => {
    await serve?.stop();
    ws?.cleanup();
  });

  const run = (line: string): string => {
    const port = new URL(serve.url).port;
    expect(line).toContain('localhost:8080');
    return execFileSync('bash', ['-c', line.replace('localhost:8080', `localhost:${port}`)], { cwd: ws.dir, encoding: 'utf8' });
  };

  it('the help shows a JSON, a CSV and a /metrics example', () => {
    expect(lines).toHaveLength(3);
  });

  it('JSON records → a prediction for each', () => {
    const answer = JSON.parse(run(lines.find((l) => l.includes('application/json'))!)) as { predictions: { prediction: number }[] };
    expect(answer.predictions).toHaveLength(1);
    expect(Number.isFinite(answer.predictions[0]!.prediction)).toBe(true);
  });

  it('a CSV file → a prediction for each of its rows', () => {
    const answer = JSON.parse(run(lines.find((l) => l.includes('text/csv'))!)) as { predictions: unknown[] };
    expect(answer.predictions).toHaveLength(5);
  });

  it('/metrics → the spm_ series (this server has no token: the header sent is not needed)', () => {
    writeFileSync(ws.path('token.txt'), 'not-needed\n');
    const text = run(lines.find((l) => l.includes('/metrics'))!);
    expect(text).toMatch(/^spm_model_info\{/m);
    expect(text).toMatch(/^spm_rows_scored_total \d+$/m);
    expect(text.split('\n').filter(Boolean).every((l) => l.startsWith('spm_'))).toBe(true);
  });
});
