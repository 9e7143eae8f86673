import { describe, expect, it } from 'vitest';
import { parseParamsText, type LoadedParams } from '../../src/pipeline/params.js';
import { stageSlices, type Workspace } from '../../src/pipeline/workspace.js';

const TWO_LINES = 'data:\n  source: data/students.csv\n  target: math_score\n';
const slices = (extra = '') => stageSlices({ loaded: parseParamsText(`${TWO_LINES}${extra}`, '/tmp/params.yaml', []) as LoadedParams } as unknown as Workspace);

describe('features.* in the stages\' params slices', () => {
  it('are absent when not set, so version ids made before them stay the same', () => {
    const s = slices();
    expect(Object.keys(s.transform)).toEqual(['transform']);
    expect(s.train).not.toHaveProperty('features');
  });

  it('derive is in transform\'s slice when set, select in train\'s', () => {
    const s = slices('features:\n  derive: { total: "a + b" }\n  select: { method: importance, top_k: 3 }\n');
    expect(s.transform.features).toEqual({ derive: { total: 'a + b' } });
    expect(s.train.features).toEqual({ select: { method: 'importance', top_k: 3 } });
    expect(s.evaluate).not.toHaveProperty('features');
  });
});
