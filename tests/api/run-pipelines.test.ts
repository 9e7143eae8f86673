/** `runPipelines` (src/api/run-many.ts): `spm run -p PATTERN` from code, the same versions as runPipeline on each params file. */
import { cpSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/api/run.js';
import { runPipelines } from '../../src/api/run-many.js';
import { rejectedSpmError } from '../helpers/errors.js';
import { createWorkspace, runCli, type Workspace } from '../helpers/workspace.js';

const PARAMS = `data:
  source: ../students.csv
  target: math_score
train:
  models: { ridge: { alpha: [1] } }
evaluate:
  gates: { r2: ">= 0.3" }
`;

describe('runPipelines', () => {
  let ws: Workspace;
  let copy: Workspace;
  beforeAll(async () => {
    ws = createWorkspace({ 'north/params.yaml': PARAMS, 'south/params.yaml': `${PARAMS}split: { seed: 7 }\n` });
    expect((await runCli(['synth', '-o', 'students.csv', '--rows', '200'], { cwd: ws.dir })).code).toBe(0);
    copy = createWorkspace();
    cpSync(ws.dir, copy.dir, { recursive: true });
  }, 120_000);
  afterAll(() => [ws, copy].forEach((w) => w?.cleanup()));

  it('runs each pipeline in its folder, in path order, with the versions runPipeline gives each params file', async () => {
    const lines: string[] = [];
    const result = await runPipelines('*/params.yaml', { cwd: ws.dir, jobs: 2, onProgress: (params, text) => lines.push(`${params}: ${text}`) });
    expect(result).toMatchObject({ passed: 2, failed: 0, errored: 0, skipped: 0, exit_code: 0 });
    expect(result.pipelines.map((p) => [p.params, p.status, p.model])).toEqual([['north/params.yaml', 'passed', 'ridge'], ['south/params.yaml', 'passed', 'ridge']]);
    expect(lines).toContain('north/params.yaml: train…');
    for (const [i, name] of ['north', 'south'].entries()) {
      const alone = await runPipeline({ params: copy.path(`${name}/params.yaml`) });
      expect(result.pipelines[i]!.stages.map((s) => s.id)).toEqual(alone.stages.map((s) => s.id));
      expect(result.pipelines[i]!.metrics).toEqual(alone.metrics);
    }
    expect(result.pipelines[0]!.stages.at(-1)!.id).not.toBe(result.pipelines[1]!.stages.at(-1)!.id); // another split seed
  });

  it('until and set apply to every pipeline; a list of paths works as several -p', async () => {
    const result = await runPipelines([copy.path('south/params.yaml'), copy.path('north/params.yaml')], { until: 'transform', set: ['split.test_size=0.3'] });
    expect(result.pipelines.map((p) => [p.params, p.stages.map((s) => s.stage), p.model, p.passed])).toEqual([
      [copy.path('north/params.yaml'), ['ingest', 'transform'], null, true],
      [copy.path('south/params.yaml'), ['ingest', 'transform'], null, true],
    ]);
  });

  it('rejects what it does not take: no pattern, an unknown stage, a pattern that matches nothing', async () => {
    expect((await rejectedSpmError(runPipelines([]))).code).toBe('API_ARGUMENT');
    expect((await rejectedSpmError(runPipelines('*/params.yaml', { cwd: ws.dir, until: 'deploy' as 'train' }))).message).toBe('unknown stage "deploy"');
    const none = await rejectedSpmError(runPipelines('east/*.yaml', { cwd: ws.dir }));
    expect([none.code, none.message]).toEqual(['USAGE', `-p 'east/*.yaml' matches no file (in ${ws.dir})`]);
  });
});
