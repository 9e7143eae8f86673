/**
 * Segments (segments.*): k-means on standardised features, ordered and named by the train
 * outcome, assignment of new rows, the recommendation rules, the params messages, and predict's
 * segment / recommendation columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignSegment, fitSegments } from '../../src/analysis/segments.js';
import { defaultRecommendations, recommend } from '../../src/analysis/recommend.js';
import { parseParamsText } from '../../src/pipeline/params.js';
import { createRng } from '../../src/util/rng.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

/** Three well separated groups of 40 students: (attendance, quiz) around the given centres, outcome = their score. */
function cohort(): { attendance: Float64Array; quiz: Float64Array; outcome: Float64Array } {
  const rng = createRng(7);
  const centres = [[90, 85, 80], [85, 30, 45], [40, 35, 30]] as const; // engaged & strong, engaged & weak, neither
  const attendance: number[] = [];
  const quiz: number[] = [];
  const outcome: number[] = [];
  for (const [a, q, o] of centres) {
    for (let i = 0; i < 40; i++) {
      attendance.push(a + (rng.next() - 0.5) * 6);
      quiz.push(q + (rng.next() - 0.5) * 6);
      outcome.push(o + (rng.next() - 0.5) * 4);
    }
  }
  return { attendance: Float64Array.from(attendance), quiz: Float64Array.from(quiz), outcome: Float64Array.from(outcome) };
}

describe('fitSegments', () => {
  const { attendance, quiz, outcome } = cohort();
  const s = fitSegments(['attendance', 'quiz'], [attendance, quiz], outcome, { k: 'auto', seed: 1, names: [] });

  it('finds the three groups by silhouette and orders them by outcome, best first', () => {
    expect(s.k).toBe(3);
    expect(s.k_rule).toBe('silhouette');
    expect(s.segments.map((x) => x.size)).toEqual([40, 40, 40]);
    expect(s.segments.map((x) => Math.round(x.outcome!))).toEqual([80, 45, 30]);
    expect(s.segments[0]!.centroid.attendance).toBeCloseTo(90, 0);
  });

  it('names the best "High performer", the worst "At risk", the one between from its centroid', () => {
    expect(s.segments.map((x) => x.name)).toEqual(['High performer', 'Struggling but engaged (high attendance)', 'At risk']);
    const named = fitSegments(['attendance', 'quiz'], [attendance, quiz], outcome, { k: 3, seed: 1, names: ['Thriving', 'Engaged'] });
    expect(named.segments.map((x) => x.name)).toEqual(['Thriving', 'Engaged', 'At risk']);
  });

  it('assigns a new row to the nearest centroid; a missing value counts as the train mean', () => {
    expect(s.segments[assignSegment(s, [42, 33])]!.name).toBe('At risk');
    expect(s.segments[assignSegment(s, [88, 84])]!.name).toBe('High performer');
    expect(s.segments[assignSegment(s, [Number.NaN, 29])]!.name).toBe('Struggling but engaged (high attendance)');
  });

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(fitSegments(['attendance', 'quiz'], [attendance, quiz], outcome, { k: 'auto', seed: 1, names: [] }))).toBe(JSON.stringify(s));
  });
});

describe('recommend', () => {
  const rules = [
    { segment: 'At risk', prediction: 'Fail', action: 'mentor' },
    { prediction: '< 50', action: 'tutor' },
    { segment: '*', action: 'monitor' },
  ];
  it('first matching rule wins; a class, a condition on the score, or anything', () => {
    expect(recommend(rules, 'At risk', 'Fail')).toBe('mentor');
    expect(recommend(rules, 'At risk', 'Pass')).toBe('monitor');
    expect(recommend(rules, 'Average', 42)).toBe('tutor');
    expect(recommend(rules, 'Average', 50)).toBe('monitor');
    expect(recommend([{ segment: 'X', action: 'only X' }], 'Y', 1)).toBe('');
  });
  it('the built-in table makes a predicted bad outcome urgent, whatever the segment', () => {
    const table = defaultRecommendations('Fail');
    expect(recommend(table, 'High performer', 'Fail')).toMatch(/^Support: a tutoring referral/);
    expect(recommend(table, 'High performer', 'Pass')).toMatch(/^Stretch/);
    expect(recommend(table, 'At risk', 'Fail')).toMatch(/^Priority support/);
  });
});

describe('segments params', () => {
  const load = (yaml: string) => () => parseParamsText(`data:\n  source: a.csv\n  target: y\nsegments:\n${yaml}`, '/tmp/params.yaml', []);
  it.each([
    ['  k: 1\n', 'segments.k'],
    ['  recommendations: [{ segment: At risk }]\n', 'segments.recommendations[0].action: expected the action text'],
    ['  recommendations: [{ action: x, prediction: "<< 5" }]\n', "segments.recommendations[0].prediction: '<< 5' is not a condition"],
    ['  recommendations: [{ action: x, when: y }]\n', 'segments.recommendations[0]: unknown key when'],
  ])('%s is refused with a message naming the key', (yaml, message) => {
    expect(load(yaml)).toThrow(message);
  });
});

describe('spm predict with segments', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace(`data:\n  source: data/students.csv\n  target: math_score\ntrain:\n  models: { ridge: { alpha: [1] } }\nsegments:\n  features: [reading_score, writing_score]\n  k: 3\n  recommendations:\n    - { prediction: "< 50", action: Maths tutoring }\n    - { segment: At risk, action: Reading support }\n`);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('adds segment and recommendation columns from the evaluation that goes with the model', async () => {
    const res = await runCli(['predict', '-i', 'data/students.csv', '-o', '-'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]!.endsWith(',prediction,segment,recommendation')).toBe(true);
    const rows = lines.slice(1).map((l) => l.split(','));
    const segments = new Set(rows.map((r) => r.at(-2)));
    expect(segments).toEqual(new Set(['High performer', 'At risk', ...[...segments].filter((x) => x !== 'High performer' && x !== 'At risk')]));
    expect(segments.size).toBe(3);
    for (const r of rows) {
      const prediction = Number(r.at(-3));
      const expected = prediction < 50 ? 'Maths tutoring' : r.at(-2) === 'At risk' ? 'Reading support' : '';
      expect(r.at(-1)).toBe(expected);
    }
  }, 60_000);

  it('segments configured but the evaluation not built: scored without the columns, and a warning says why', async () => {
    const res = await runCli(['predict', '-i', 'data/students.csv', '-o', '-', '-S', 'segments.k=2'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]!.endsWith(',prediction')).toBe(true);
    expect(res.stderr).toContain('segments.features is set but no evaluation with segments exists for these params');
  }, 60_000);

  it('a categorical segment feature is refused when evaluate runs, naming the column', async () => {
    const res = await runCli(['run', '-S', 'segments.features=[lunch]'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("segments.features: 'lunch' is categorical; k-means needs numeric columns");
    const favourable = await runCli(['run', '-S', 'segments.favourable=Pass'], { cwd: ws.dir });
    expect(favourable.code).toBe(1);
    expect(favourable.stderr).toContain("segments.favourable: 'Pass' names a class, but math_score is a score (regression)");
    const unknown = await runCli(['run', '-S', 'segments.features=[nope]'], { cwd: ws.dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("segments.features: no column 'nope' in the data");
    expect(unknown.stderr).toContain('segments.features takes numeric columns: reading_score, writing_score');
  }, 60_000);
});
