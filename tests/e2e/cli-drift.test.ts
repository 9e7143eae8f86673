/** `spm drift` end to end on `spm synth` cohorts: per-column tests, dataset drift, exit codes. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, SMALL_PARAMS, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

interface Feature {
  name: string;
  type: string;
  test: string;
  statistic: number;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  psi: number;
  new_categories?: { value: string; count: number }[];
}
interface Report {
  id: string;
  dataset_drift: boolean;
  drift_share: number;
  features: Feature[];
  prediction: Feature;
  target: Feature | null;
  batch: { rows: number; rejected: number };
  reference: { kind: string; rows: number };
}

describe('spm drift', () => {
  let ws: Workspace;
  const drift = async (args: string[], options: { input?: string } = {}) => {
    const res = await runCli(['drift', '--json', ...args], { cwd: ws.dir, ...(options.input === undefined ? {} : { input: options.input }) });
    return { code: res.code, stderr: res.stderr, report: res.stdout ? (JSON.parse(res.stdout) as Report) : undefined };
  };
  const synth = async (file: string, seed: number, shift?: string, rows = 2000) => {
    const res = await runCli(['synth', '-o', file, '--rows', String(rows), '--seed', String(seed), ...(shift ? ['--shift', shift] : [])], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
  };
  const drifted = (r: Report): string[] => r.features.filter((f) => f.drifted).map((f) => f.name).sort();

  beforeAll(async () => {
    ws = await trainedWorkspace(SMALL_PARAMS, 1000); // train split: 800 rows, so tests (K-S, chi-square)
  }, 60_000);
  afterAll(() => ws.cleanup());

  it('reports every feature with the SPEC §4 fields, the prediction and the target, and stores the report', async () => {
    await synth('same.csv', 101);
    const { code, report } = await drift(['-i', 'same.csv']);
    expect(code).toBe(0);
    expect(report!.features.map((f) => f.name).sort()).toEqual(['gender', 'lunch', 'parental_level_of_education', 'race_ethnicity', 'reading_score', 'test_preparation_course', 'writing_score']);
    for (const f of report!.features) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'type', 'test', 'statistic', 'p_value', 'threshold', 'drifted', 'psi']));
      expect(f.test).toBe(f.type === 'numeric' ? 'ks' : 'chi2');
      expect(f.threshold).toBe(0.05);
    }
    expect(report!.prediction).toMatchObject({ name: 'prediction', test: 'ks' });
    expect(report!.target).toMatchObject({ name: 'math_score', test: 'ks' });
    expect(report!.reference).toMatchObject({ kind: 'train_split', rows: 800 });
    expect(report!.batch).toEqual({ name: 'same.csv', rows: 2000, rejected: 0 });
    const stored = JSON.parse(readFileSync(ws.path(`artifacts/drift/${report!.id}/drift.json`), 'utf8'));
    expect(stored.dataset_drift).toBe(report!.dataset_drift);
  });

  it('batches from the same distribution raise dataset drift in at most 1 of 20 seeds (exit 0)', async () => {
    let alarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      await synth('same.csv', 1000 + seed, undefined, 1000);
      const { code, report } = await drift(['-i', 'same.csv']);
      expect(code).toBe(report!.dataset_drift ? 3 : 0);
      if (report!.dataset_drift) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(1);
  }, 120_000);

  it('a shifted cohort is flagged on the shifted columns and only those (FDR-corrected p-values)', async () => {
    const cases: [string, string[]][] = [
      ['lower_reading', ['reading_score', 'writing_score']],
      ['new_category', ['parental_level_of_education']],
      ['mixed', ['parental_level_of_education', 'reading_score', 'test_preparation_course', 'writing_score']],
    ];
    for (const [shift, columns] of cases) {
      await synth(`${shift}.csv`, 7, shift);
      const { code, report } = await drift(['-i', `${shift}.csv`, '-S', 'drift.correction=fdr']);
      expect(drifted(report!), shift).toEqual(columns);
      expect(code, shift).toBe(columns.length / 7 >= 0.5 ? 3 : 0);
    }
    const { report } = await drift(['-i', 'new_category.csv']);
    expect(report!.features.find((f) => f.name === 'parental_level_of_education')!.new_categories).toEqual([{ value: 'doctorate', count: expect.any(Number) }]);
  }, 60_000);

  it('prints a ranked table and the verdict; exit 3 and a retraining hint on dataset drift', async () => {
    await synth('mixed.csv', 7, 'mixed');
    const res = await runCli(['drift', '-i', 'mixed.csv', '--no-color'], { cwd: ws.dir });
    expect(res.code).toBe(3);
    const lines = res.stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('reading_score'))).toBeLessThan(lines.findIndex((l) => l.includes('race_ethnicity')));
    expect(res.stdout).toContain('dataset drift (exit 3)');
    expect(res.stdout).toContain('append it to data.source and `spm run`');
  });

  it('reads stdin, and compares with another CSV (large: distances instead of tests)', async () => {
    await synth('ref.csv', 55, undefined, 3000);
    await synth('low.csv', 56, 'lower_reading', 3000);
    const { code, report } = await drift(['-i', '-', '--reference', 'ref.csv'], { input: readFileSync(ws.path('low.csv'), 'utf8') });
    expect(code).toBe(0);
    expect(report!.reference).toMatchObject({ kind: 'file', rows: 3000 });
    expect(report!.batch.name).toBe('stdin');
    const reading = report!.features.find((f) => f.name === 'reading_score')!;
    expect(reading).toMatchObject({ test: 'wasserstein', p_value: null, threshold: 0.1, drifted: true });
    expect(report!.features.find((f) => f.name === 'gender')).toMatchObject({ test: 'jensenshannon', drifted: false });
  });

  it('drift.methods and drift.thresholds override per type and per column', async () => {
    const { report } = await drift(['-i', 'same.csv', '-S', 'drift.methods={numeric: wasserstein, lunch: jensenshannon}', '-S', 'drift.thresholds={lunch: 0.2}']);
    expect(report!.features.find((f) => f.name === 'reading_score')!.test).toBe('wasserstein');
    expect(report!.features.find((f) => f.name === 'lunch')).toMatchObject({ test: 'jensenshannon', threshold: 0.2 });
    expect(report!.features.find((f) => f.name === 'gender')!.test).toBe('chi2');
  });

  it('rejects bad input with a message, and counts bad rows instead of losing them', async () => {
    const wrong = await drift(['-i', 'same.csv', '-S', 'drift.methods={gender: ks}']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("drift.methods: ks does not apply to categorical column 'gender'");
    const typo = await drift(['-i', 'same.csv', '-S', 'drift.thresholds={gendr: 0.1}']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("drift.thresholds.gendr: no column 'gendr' in the model's schema — did you mean 'gender'?");
    const bad = await drift(['-i', 'same.csv', '-S', 'drift.correction=holm']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('drift.correction');
    const noFile = await drift(['-i', 'same.csv', '--reference', 'old-cohort.csv']);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('--reference old-cohort.csv: data file not found (and no version or alias has that name)');
    const noRef = await drift(['-i', 'same.csv', '--reference', 'nosuchalias']);
    expect(noRef.code).toBe(1);
    expect(noRef.stderr).toContain("'nosuchalias' is not a version id or an alias");
    const missing = await drift(['-i', '-'], { input: 'student_id,gender\nS1,male\n' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing columns? .*'race_ethnicity'/);
    const header = readFileSync(ws.path('same.csv'), 'utf8').split('\n').slice(0, 30);
    header.splice(5, 0, 'S9,male,group A'); // line 6: too few fields
    const rows = await drift(['-i', '-'], { input: `${header.join('\n')}\n` });
    expect(rows.report!.batch).toMatchObject({ rows: 30, rejected: 1 });
    expect(rows.stderr).toBe('');
  });
});
