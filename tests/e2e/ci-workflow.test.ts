/**
 * The CI workflow users copy (.github/workflows/model.yml): it parses as YAML, has the stages as
 * steps in pipeline order, gates on exit codes, drift with its retrain, the metrics comment, and
 * caches the artifact store keyed on params and data; every spm command line in it names a
 * command and options the built CLI has (checked against its --help).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STAGES } from '../../src/pipeline/stages.js';
import { ROOT, runCli } from '../helpers/workspace.js';

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}

const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'model.yml'), 'utf8'));
const steps: Step[] = workflow.jobs.pipeline.steps;
const step = (name: string): Step => {
  const found = steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step named '${name}' in model.yml`);
  return found;
};

describe('.github/workflows/model.yml', () => {
  it('runs on pull requests with one job whose steps are the stages in order', () => {
    expect(workflow.name).toBe('model');
    expect(Object.keys(workflow.on)).toContain('pull_request');
    const names = steps.map((s) => s.name);
    const stageSteps = names.filter((n): n is string => (STAGES as readonly (string | undefined)[]).includes(n));
    expect(stageSteps).toEqual([...STAGES]);
    for (const stage of STAGES) expect(step(stage).run).toMatch(new RegExp(`^npx spm ${stage}\\b`));
    // Gates are exit codes: nothing swallows evaluate's exit 4.
    expect(step('evaluate').run).not.toMatch(/\|\||; *true/);
  });

  it('caches the artifact store keyed on the params and the data, restoring the newest otherwise', () => {
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'))!;
    expect(steps.indexOf(cache)).toBeLessThan(steps.indexOf(step('ingest')));
    expect(cache.with?.path).toBe(parse(readFileSync(join(ROOT, 'params.yaml'), 'utf8')).artifacts.dir);
    expect(cache.with?.key).toContain("hashFiles('params.yaml', 'data/**')");
    expect(cache.with?.['restore-keys']).toBe('spm-artifacts-');
  });

  it('checks drift, retrains on exit 3, and posts metrics diff --md on the pull request', () => {
    expect(step('drift').run).toContain('npx spm drift -i incoming/cohort.csv');
    expect(step('retrain on drift').if).toBe("steps.drift.outputs.status == '3'");
    expect(step('metrics diff').run).toContain('npx spm metrics diff --md');
    expect(step('comment on the pull request').run).toMatch(/^gh pr comment .* --body-file metrics\.md/);
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  it('uses only commands and options the CLI has', async () => {
    const lines = steps.flatMap((s) => (s.run ?? '').split('\n')).flatMap((l) => [...l.matchAll(/npx spm ([a-z]+(?: [a-z]+)*)((?: -[-a-zA-Z]+(?: [^\s>|;&-][^\s>|;&]*)?)*)/g)]);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const [, command, options] of lines) {
      const words = command!.trim().split(' ');
      const help = await runCli([...words, '--help'], { cwd: ROOT });
      expect(help.code, `spm ${words.join(' ')} --help`).toBe(0);
      for (const opt of options!.match(/--?[a-zA-Z][-a-zA-Z]*/g) ?? []) expect(help.stdout, `spm ${words.join(' ')} ${opt}`).toContain(opt);
    }
  });
});
