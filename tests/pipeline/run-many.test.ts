/**
 * runMany (src/pipeline/run-many.ts) with runOne functions that finish when the test says: the
 * order of the outcomes and of onDone whatever the jobs, how many run at once, --fail-fast, the
 * exit code rule, and how an error becomes an outcome. The real runner is tested end to end in
 * tests/e2e/cli-run-many.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SpmError } from '../../src/errors.js';
import { manyExitCode, runMany, type PipelineSummary, type RunOne } from '../../src/pipeline/run-many.js';

const summary = (passed: boolean): PipelineSummary => ({
  stages: [{ stage: 'ingest', id: 'abc', cached: false, duration_ms: 5 }],
  model: 'ridge',
  metric: { name: 'rmse', value: 5 },
  metrics: { rmse: 5 },
  gates: [{ metric: 'r2', condition: '>= 0.8', value: passed ? 0.9 : 0.5, passed }],
  passed,
});

/** A runOne whose pipeline `name` finishes when release(name) is called; records how many ran at once. */
function controlled(outcome: (name: string) => PipelineSummary | Error) {
  const waiting = new Map<string, () => void>();
  const started: string[] = [];
  let running = 0;
  let most = 0;
  const runOne: RunOne = async (name) => {
    started.push(name);
    most = Math.max(most, ++running);
    await new Promise<void>((resolve) => waiting.set(name, resolve));
    running--;
    const result = outcome(name);
    if (result instanceof Error) throw result;
    return result;
  };
  const release = async (name: string): Promise<void> => {
    while (!waiting.has(name)) await new Promise((r) => setImmediate(r));
    waiting.get(name)!();
  };
  return { runOne, release, started, most: () => most };
}

describe('runMany', () => {
  it('gives outcomes and calls onDone in the order of the paths, whatever order they finish in', async () => {
    const c = controlled((name) => summary(name !== 'b'));
    const done: string[] = [];
    const run = runMany(['a', 'b', 'c'], c.runOne, { jobs: 3, onDone: (o, i, n) => done.push(`${i + 1}/${n} ${o.params} ${o.status}`) });
    await c.release('c');
    await c.release('b');
    await new Promise((r) => setImmediate(r)); // b and c have finished by now
    expect(done).toEqual([]); // a has not: b and c wait for it
    await c.release('a');
    const result = await run;
    expect(done).toEqual(['1/3 a passed', '2/3 b failed', '3/3 c passed']);
    expect(result.pipelines.map((p) => [p.params, p.status])).toEqual([['a', 'passed'], ['b', 'failed'], ['c', 'passed']]);
    expect({ passed: result.passed, failed: result.failed, errored: result.errored, skipped: result.skipped, exit: result.exit_code }).toEqual({ passed: 2, failed: 1, errored: 0, skipped: 0, exit: 4 });
    expect(c.most()).toBe(3);
  });

  it('runs at most `jobs` pipelines at once, starting them in order', async () => {
    const c = controlled(() => summary(true));
    const run = runMany(['a', 'b', 'c', 'd'], c.runOne, { jobs: 2 });
    for (const name of ['b', 'a', 'd', 'c']) await c.release(name);
    await run;
    expect(c.most()).toBe(2);
    expect(c.started).toEqual(['a', 'b', 'c', 'd']);
    const one = controlled(() => summary(true));
    const serial = runMany(['a', 'b'], one.runOne);
    await one.release('a');
    await one.release('b');
    await serial;
    expect(one.most()).toBe(1);
  });

  it("one pipeline's error is its outcome (code, message, hint, exit code) and the others still run", async () => {
    const c = controlled((name) => (name === 'b' ? new SpmError('PARAMS_YAML', 'params.yaml is not valid YAML', { hint: 'fix line 3' }) : summary(true)));
    const run = runMany(['a', 'b', 'c'], c.runOne);
    for (const name of ['a', 'b', 'c']) await c.release(name);
    const result = await run;
    expect(result.pipelines.map((p) => p.status)).toEqual(['passed', 'error', 'passed']);
    expect(result.pipelines[1]).toMatchObject({ params: 'b', passed: false, stages: [], model: null, error: { code: 'PARAMS_YAML', message: 'params.yaml is not valid YAML', hint: 'fix line 3', exit_code: 1 } });
    expect(result.exit_code).toBe(1);
  });

  it('anything but an SpmError is a bug: INTERNAL, exit 70, with its stack', async () => {
    const c = controlled(() => new TypeError('x is undefined'));
    const run = runMany(['a'], c.runOne);
    await c.release('a');
    const { pipelines, exit_code } = await run;
    expect(pipelines[0]!.error).toMatchObject({ code: 'INTERNAL', message: 'x is undefined', exit_code: 70 });
    expect(pipelines[0]!.error!.stack).toContain('TypeError');
    expect(exit_code).toBe(70);
  });

  it('--fail-fast: after an error no other pipeline starts; they are skipped (a gate failure does not stop)', async () => {
    const c = controlled((name) => (name === 'b' ? new SpmError('DATA_NOT_FOUND', 'no data') : summary(name !== 'a')));
    const run = runMany(['a', 'b', 'c', 'd'], c.runOne, { failFast: true });
    await c.release('a');
    await c.release('b');
    const result = await run;
    expect(c.started).toEqual(['a', 'b']);
    expect(result.pipelines.map((p) => p.status)).toEqual(['failed', 'error', 'skipped', 'skipped']);
    expect(result.exit_code).toBe(1);
  });

  it('--fail-fast with jobs: the pipelines already running finish', async () => {
    const c = controlled((name) => (name === 'a' ? new SpmError('DATA_NOT_FOUND', 'no data') : summary(true)));
    const run = runMany(['a', 'b', 'c'], c.runOne, { jobs: 2, failFast: true });
    await c.release('a');
    await c.release('b');
    const result = await run;
    expect(result.pipelines.map((p) => p.status)).toEqual(['error', 'passed', 'skipped']);
  });

  it('durations come from the clock; jobs beyond the number of pipelines are not an error', async () => {
    let t = 0;
    const result = await runMany(['a'], async () => {
      t += 1500;
      return summary(true);
    }, { jobs: 8, clock: () => t });
    expect(result.pipelines[0]!.duration_ms).toBe(1500);
  });
});

describe('manyExitCode', () => {
  const error = (exit_code: number) => ({ status: 'error' as const, error: { code: 'INTERNAL' as const, message: '', hint: null, exit_code } });
  it('0 all passed; 4 a gate failed; an error beats a gate; the highest exit code of the errors', () => {
    expect(manyExitCode([{ status: 'passed' }, { status: 'passed' }])).toBe(0);
    expect(manyExitCode([{ status: 'passed' }, { status: 'failed' }])).toBe(4);
    expect(manyExitCode([{ status: 'failed' }, error(1)])).toBe(1);
    expect(manyExitCode([error(1), error(70), { status: 'skipped' }])).toBe(70);
    expect(manyExitCode([])).toBe(0);
  });
});
