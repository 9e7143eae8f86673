/**
 * spm analyze: the factor tests on inline data (expected values from scipy 1.10.1, calls named),
 * the ranking and findings, the CLI on the synthetic data, and — where ../shared/data exists —
 * stud.csv and students_data.csv against scipy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFactors } from '../../src/analysis/analyze.js';
import { formatP } from '../../src/analysis/findings.js';
import type { Column } from '../../src/data/table.js';
import { createWorkspace, hasSharedData, runCli, SHARED_DATA, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const numeric = (name: string, values: number[]): Column => ({ kind: 'numeric', name, values: Float64Array.from(values) });
const categorical = (name: string, values: (string | null)[]): Column => {
  const dictionary = [...new Set(values.filter((v): v is string => v !== null))].sort();
  return { kind: 'categorical', name, codes: Int32Array.from(values, (v) => (v === null ? -1 : dictionary.indexOf(v))), dictionary };
};

const y = [50, 55, 61, 48, 70, 72, 66, 80, 58, 62, 75, 45];
const g2 = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'];
const g3 = ['x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'z', 'z', 'z', 'z'];
const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const cls = ['P', 'F', 'P', 'F', 'P', 'P', 'P', 'P', 'F', 'P', 'P', 'F'];

describe('analyzeFactors', () => {
  const result = analyzeFactors({ target: numeric('score', y), task: 'regression', factors: [categorical('two', g2), categorical('three', g3), numeric('hours', x)] });

  it('two groups: Welch t-test, higher mean first (scipy.stats.ttest_ind(a, b, equal_var=False))', () => {
    const f = result.factors.find((r) => r.name === 'two')!;
    expect(f.test).toBe('welch_t');
    expect(f.statistic).toBeCloseTo(0.4487675814030567, 12);
    expect(f.p_value).toBeCloseTo(0.6646988796560122, 12);
    expect(f.groups).toEqual([{ value: 'a', n: 6, mean: 63.333333333333336 }, { value: 'b', n: 6, mean: 60.333333333333336 }]);
    expect(f.finding).toBe('No clear link between two and score (p = 0.66).');
  });

  it('three groups: one-way ANOVA (scipy.stats.f_oneway) with η², ranked above the weaker factor', () => {
    const f = result.factors[0]!;
    expect(f.name).toBe('three');
    expect(f.test).toBe('anova');
    expect(f.statistic).toBeCloseTo(4.782805429864254, 11);
    expect(f.p_value).toBeCloseTo(0.03845029690756774, 12);
    expect(f.effect_measure).toBe('eta_squared');
    expect(f.finding).toBe('score differs by three (p = 0.04, η² = 0.52): highest for y (72.0), lowest for x (53.5).');
    expect(result.factors.map((r) => r.name)).toEqual(['three', 'two']);
  });

  it('a numeric factor goes to correlations: Pearson r (scipy.stats.pearsonr)', () => {
    expect(result.correlations.map((r) => r.name)).toEqual(['hours']);
    const f = result.correlations[0]!;
    expect(f.statistic).toBeCloseTo(0.2329051409293532, 12);
    expect(f.p_value).toBeCloseTo(0.46631785047731866, 12);
  });

  it('a class target: chi-square test of independence (scipy.stats.chi2_contingency) and class shares', () => {
    const r = analyzeFactors({ target: categorical('result', cls), task: 'classification', positiveClass: 'P', factors: [categorical('three', g3)] });
    const f = r.factors[0]!;
    expect(f.test).toBe('chi_square');
    expect(f.statistic).toBeCloseTo(3.0, 12);
    expect(f.p_value).toBeCloseTo(0.22313016014842982, 12);
    expect(f.groups.map((g) => [g.value, g.n, g.mean])).toEqual([['x', 4, 0.5], ['y', 4, 1], ['z', 4, 0.5]]);
  });

  it('rows missing the factor are left out of that factor only; an untestable factor is listed as skipped', () => {
    const r = analyzeFactors({
      target: numeric('score', y),
      task: 'regression',
      factors: [categorical('gappy', g2.map((g, i) => (i < 2 ? null : g))), categorical('constant', y.map(() => 'same'))],
    });
    expect(r.factors[0]!.n).toBe(10);
    expect(r.skipped).toEqual([{ name: 'constant', reason: 'a single level' }]);
  });

  it('formats p as papers do', () => {
    expect([formatP(0.0004), formatP(0.0123), formatP(0.004567), formatP(0.5)]).toEqual(['p < 0.001', 'p = 0.01', 'p = 0.0046', 'p = 0.50']);
  });
});

describe('spm analyze (CLI)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace();
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('ranks the synthetic cohort\'s factors, lunch first, with a finding per factor', async () => {
    const res = await runCli(['analyze', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as { target: string; factors: { name: string; test: string; p_value: number; effect_size: number; effect_measure: string; groups: { value: string; n: number; mean: number }[] }[] };
    expect(doc.target).toBe('math_score');
    expect(doc.factors[0]!.name).toBe('lunch');
    for (const f of doc.factors) expect(f.groups.reduce((n, g) => n + g.n, 0)).toBe(300);
    const human = await runCli(['analyze'], { cwd: ws.dir });
    expect(human.stdout).toMatch(/Students with lunch = standard score [\d.]+ points higher in math_score on average than those with free\/reduced \(p < 0\.001, d = [\d.]+\)\./);
  }, 60_000);

  it('a params file without data is the usual params error, exit 1', async () => {
    const empty = createWorkspace({ 'params.yaml': 'data:\n  source: nothing.csv\n  target: y\n' });
    try {
      const res = await runCli(['analyze'], { cwd: empty.dir });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('nothing.csv');
    } finally {
      empty.cleanup();
    }
  });
});

describe.skipIf(!hasSharedData)('spm analyze on the real datasets (scipy 1.10.1 values)', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace({
      'stud.yaml': `data:\n  source: ${SHARED_DATA}/stud.csv\n  target: math_score\n  id_columns: []\n`,
      'sd.yaml': `data:\n  source: ${SHARED_DATA}/students_data.csv\n  target: Final_Result\n  positive_class: Pass\n  id_columns: [Student_ID]\n`,
    });
  });
  afterAll(() => ws.cleanup());

  it('stud.csv: lunch is the strongest factor; t and F agree with ttest_ind(equal_var=False) and f_oneway', async () => {
    const res = await runCli(['analyze', '-p', 'stud.yaml', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as { factors: { name: string; statistic: number; p_value: number }[]; correlations: { name: string; statistic: number }[] };
    expect(doc.factors[0]!.name).toBe('lunch');
    const byName = Object.fromEntries(doc.factors.map((f) => [f.name, f]));
    // scipy.stats.ttest_ind(math[lunch == standard], math[lunch == free/reduced], equal_var=False)
    expect(byName.lunch!.statistic).toBeCloseTo(11.484100293169273, 10);
    expect(byName.lunch!.p_value / 5.5395849439653935e-28).toBeCloseTo(1, 10);
    // scipy.stats.ttest_ind(..., equal_var=False) by gender and test_preparation_course
    expect(byName.gender!.p_value / 8.420838109090415e-08).toBeCloseTo(1, 10);
    expect(byName.test_preparation_course!.p_value / 1.0425616722069513e-08).toBeCloseTo(1, 10);
    // scipy.stats.f_oneway over the five race_ethnicity groups / six parental education levels
    expect(byName.race_ethnicity!.statistic).toBeCloseTo(14.593885166332635, 10);
    expect(byName.race_ethnicity!.p_value / 1.3732194030370688e-11).toBeCloseTo(1, 10);
    expect(byName.parental_level_of_education!.p_value / 5.592272384107223e-06).toBeCloseTo(1, 10);
    // scipy.stats.pearsonr(reading_score, math_score)
    expect(doc.correlations[0]!.statistic).toBeCloseTo(0.8175796636720539, 12);
  }, 60_000);

  it('students_data.csv: rows with a missing value leave that factor only; Mann-Whitney U beside a skewed one', async () => {
    const res = await runCli(['analyze', '-p', 'sd.yaml', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as { factors: { name: string; n: number; statistic: number; p_value: number; rank_test?: { test: string; p_value: number } }[] };
    const byName = Object.fromEntries(doc.factors.map((f) => [f.name, f]));
    expect(doc.factors[0]!.name).toBe('Attendance');
    // scipy.stats.ttest_ind(attendance[Pass], attendance[Fail], equal_var=False) on the 970 complete rows
    expect(byName.Attendance!.n).toBe(970);
    expect(byName.Attendance!.statistic).toBeCloseTo(18.716494139146914, 9);
    // scipy.stats.mannwhitneyu(time[Pass], time[Fail], alternative='two-sided')
    expect(byName.Time_Spent!.rank_test!.test).toBe('mann_whitney_u');
    expect(byName.Time_Spent!.rank_test!.p_value).toBeCloseTo(0.3132926372278665, 12);
  }, 60_000);
});
