/**
 * spm report: the HTML file for the synthetic data with segments and a drift report, checked as
 * text (sections, offline, deterministic) and opened in headless Chromium (Debian's chromium
 * driven by playwright-core): no console errors, every chart drawn with a non-empty box. The
 * screenshot is kept in test-artifacts/ (git-ignored). Skipped, saying so, where no chromium is
 * installed (.ci/run installs it).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, hasSharedData, ROOT, runCli, SHARED_DATA, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const PARAMS = `data:
  source: data/students.csv
  target: math_score
train:
  models: { ridge: { alpha: [1] }, decision_tree: { max_depth: [4] } }
segments:
  features: [reading_score, writing_score]
`;

describe('spm report', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await trainedWorkspace(PARAMS, 400);
    const shifted = await runCli(['synth', '--rows', '300', '--seed', '3', '--shift', 'lower_reading', '-o', 'batch.csv'], { cwd: ws.dir });
    expect(shifted.code).toBe(0);
    await runCli(['drift', '-i', 'batch.csv', '-q'], { cwd: ws.dir }); // exit 3 (drift) is expected; the report shows it
  }, 180_000);
  afterAll(() => ws.cleanup());

  it('writes one offline HTML file with every section, the same bytes twice, and the Vega-Lite specs on request', async () => {
    const res = await runCli(['report', '-o', 'report.html', '--vega', 'charts', '--json'], { cwd: ws.dir });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as { sections: string[]; charts: number; vega: string[] };
    expect(doc.sections).toEqual(['data', 'factors', 'models', 'performance', 'fairness', 'segments', 'drift', 'model-card']);
    const html = readFileSync(join(ws.dir, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(doc.charts);
    expect(html).not.toMatch(/<script|src="http|href="http|url\(http/);
    expect(html).toContain('Students with lunch = standard score');
    expect(readdirSync(join(ws.dir, 'charts')).length).toBe(doc.charts);
    const again = await runCli(['report', '-o', 'again.html'], { cwd: ws.dir });
    expect(again.code).toBe(0);
    expect(readFileSync(join(ws.dir, 'again.html'), 'utf8')).toBe(html);
  }, 120_000);

  it('a REF that is not an evaluation is refused with the command to list them', async () => {
    const res = await runCli(['report', '--model', 'nosuchversion'], { cwd: ws.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/nosuchversion/);
  });

  it.skipIf(!hasChromium)('renders in headless Chromium: no console errors, every chart has a non-empty box', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${join(ws.dir, 'report.html')}`);
      const boxes = await page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
      expect(boxes.length).toBeGreaterThanOrEqual(8);
      for (const b of boxes) expect(b.w * b.h).toBeGreaterThan(1000);
      expect(errors).toEqual([]);
      const dir = join(ROOT, 'test-artifacts');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(existsSync(join(dir, 'report.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe.skipIf(!hasSharedData)('students_data.csv: segments and recommendations in predictions and the report', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace({
      'params.yaml': `data:\n  source: ${SHARED_DATA}/students_data.csv\n  target: Final_Result\n  positive_class: Pass\n  id_columns: [Student_ID]\ntrain:\n  models: { logistic: {} }\nevaluate:\n  gates: {}\nsegments:\n  features: [Quiz1, Quiz2, Quiz3, Attendance, Time_Spent]\n`,
    });
  });
  afterAll(() => ws.cleanup());

  it('predict adds segment and recommendation; the report has the segments section', async () => {
    expect((await runCli(['run', '-q'], { cwd: ws.dir })).code).toBe(0);
    const res = await runCli(['predict', '-i', `${SHARED_DATA}/students_data.csv`, '-o', 'scored.csv'], { cwd: ws.dir });
    expect(res.code, res.stderr).toBe(0);
    const lines = readFileSync(join(ws.dir, 'scored.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Student_ID,Quiz1,Quiz2,Quiz3,Time_Spent,Assignments,Attendance,Final_Result,prediction,probability,segment,recommendation');
    const segments = new Set(lines.slice(1).map((l) => l.split(',').at(-2)));
    expect(segments.has('High performer') && segments.has('At risk')).toBe(true);
    // The built-in table: every row predicted Fail gets a support action.
    for (const l of lines.slice(1)) if (l.split(',').at(-4) === 'Fail') expect(l).toMatch(/,(Priority support|Support): /);
    const report = await runCli(['report', '--json'], { cwd: ws.dir });
    expect(report.code, report.stderr).toBe(0);
    expect((JSON.parse(report.stdout) as { sections: string[] }).sections).toContain('segments');
    expect(readFileSync(join(ws.dir, 'report.html'), 'utf8')).toContain('Segments and recommendations');
  }, 180_000);
});
