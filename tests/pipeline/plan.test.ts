/** The run planner: ids from content, states, and the reasons `spm status` prints. */
import { describe, expect, it } from 'vitest';
import { emptyLock, type LockFile } from '../../src/pipeline/lockfile.js';
import { planPipeline, type PlanInput } from '../../src/pipeline/plan.js';

const slices = {
  ingest: { data: { target: 'math_score' }, split: { seed: 42, test_size: 0.2 } },
  transform: { transform: { numeric: { impute: 'median' } } },
  train: { train: { cv: { folds: 5, seed: 42 } } },
  evaluate: { evaluate: { gates: { r2: '>= 0.8' } } },
};
const data = [{ path: 'data/students.csv', sha256: 'aaa' }];

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return { slices, data, existing: new Set(), lock: emptyLock(), spmVersion: '0.1.0', ...overrides };
}

function lockFrom(plan: ReturnType<typeof planPipeline>): LockFile {
  return { format: 'spm.lock', version: 1, stages: Object.fromEntries(plan.map((p) => [p.stage, { id: p.id, params: p.params, inputs: p.inputs }])) };
}

describe('planPipeline', () => {
  it('everything is missing, never run, on a new store', () => {
    const plan = planPipeline(input());
    expect(plan.map((p) => [p.stage, p.state, p.reasons])).toEqual([
      ['ingest', 'missing', ['never run']],
      ['transform', 'missing', ['never run']],
      ['train', 'missing', ['never run']],
      ['evaluate', 'missing', ['never run']],
    ]);
    expect(plan[2]!.inputs.artifacts).toEqual([
      { stage: 'ingest', id: plan[0]!.id },
      { stage: 'transform', id: plan[1]!.id },
    ]);
  });

  it('is up to date when every planned version exists', () => {
    const first = planPipeline(input());
    const existing = new Set(first.map((p) => `${p.stage}/${p.id}`));
    expect(planPipeline(input({ existing, lock: lockFrom(first) })).every((p) => p.state === 'up_to_date')).toBe(true);
  });

  it('a changed train param makes train stale for that key and evaluate stale through train', () => {
    const first = planPipeline(input());
    const existing = new Set(first.map((p) => `${p.stage}/${p.id}`));
    const changed = { ...slices, train: { train: { cv: { folds: 3, seed: 42 } } } };
    const plan = planPipeline(input({ slices: changed, existing, lock: lockFrom(first) }));
    expect(plan.map((p) => p.state)).toEqual(['up_to_date', 'up_to_date', 'stale', 'stale']);
    expect(plan[2]!.reasons).toEqual(['param train.cv.folds changed: 5 → 3']);
    expect(plan[3]!.reasons).toEqual(['upstream train changed']);
    expect(plan[0]!.id).toBe(first[0]!.id);
    expect(plan[2]!.id).not.toBe(first[2]!.id);
  });

  it('changed data content makes ingest stale and names the file; so does a rename (outputs name the file)', () => {
    const first = planPipeline(input());
    const existing = new Set(first.map((p) => `${p.stage}/${p.id}`));
    const plan = planPipeline(input({ data: [{ path: 'data/students.csv', sha256: 'bbb' }], existing, lock: lockFrom(first) }));
    expect(plan[0]!.reasons).toEqual(['data data/students.csv changed']);
    expect(plan.map((p) => p.state)).toEqual(['stale', 'stale', 'stale', 'stale']);
    const renamed = planPipeline(input({ data: [{ path: 'elsewhere.csv', sha256: 'aaa' }], existing, lock: lockFrom(first) }));
    expect(renamed[0]!.reasons).toEqual(['data elsewhere.csv added', 'data data/students.csv removed']);
  });

  it('a version deleted from the store is missing, and says so', () => {
    const first = planPipeline(input());
    const existing = new Set(first.filter((p) => p.stage !== 'train').map((p) => `${p.stage}/${p.id}`));
    const plan = planPipeline(input({ existing, lock: lockFrom(first) }));
    expect(plan[2]!.state).toBe('missing');
    expect(plan[2]!.reasons).toEqual([`version ${first[2]!.id} is not in the store (deleted?)`]);
  });

  it('a new spm version gives new ids', () => {
    expect(planPipeline(input({ spmVersion: '0.2.0' }))[0]!.id).not.toBe(planPipeline(input())[0]!.id);
  });
});
