/**
 * The educators' dashboard of `spm serve`, end to end: the real built CLI serves a trained
 * workspace with segments, and headless Chromium (Debian's chromium driven by playwright-core)
 * uploads a class list, reads the summary, charts, rejects and table, filters, sorts, downloads
 * the scored CSV (the same bytes as `spm predict --explain`), scores one student from the form,
 * and — on a server with a token — asks for the token and works after it. Under the page's
 * enforced CSP there must be no console error, no CSP violation and no request off the server.
 * Skipped, saying so, where no chromium is installed (.ci/run installs it).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe as serve, type RunningServe as Server } from '../helpers/serve.js';
import { csvToParquet, csvToXlsx } from '../helpers/formats.js';
import { ROOT, runCli, SMALL_PARAMS, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const PARAMS = `${SMALL_PARAMS}segments:
  features: [reading_score, writing_score]
`;
const TOKEN = 'dashboard-test-token-0123456789abcdef';

interface Prediction {
  row: number;
  ids?: Record<string, string>;
  prediction: number;
  risk_band?: string;
  segment?: string;
}
interface PredictResponse {
  rows: number;
  scored: number;
  rejected: number;
  predictions: Prediction[];
  rejects: { row: number; line?: number; reason: string }[];
}

/** A page that records console errors (CSP violations are reported there), page errors and every request's URL. */
async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${url}/`);
  return { page, errors, requests };
}

const tableRows = (page: Page): Promise<{ row: number; band: string; segment: string }[]> =>
  page.$$eval('#scores-body tr', (trs) =>
    trs.map((tr) => ({
      row: Number(tr.getAttribute('data-row')),
      band: tr.querySelector('[data-col="risk_band"]')?.textContent ?? '',
      segment: tr.querySelector('[data-col="segment"]')?.textContent ?? '',
    })),
  );

const matching = async (page: Page): Promise<number> => Number(await page.getAttribute('#count', 'data-matching'));

describe('spm serve dashboard', () => {
  let ws: Workspace;
  let server: Server;
  let browser: Browser | undefined;
  let cohort: string;
  let api: PredictResponse;

  beforeAll(async () => {
    ws = await trainedWorkspace(PARAMS, 300);
    // 120 students and one row cut short, which must be listed as not scored (row 121, line 122).
    const lines = readFileSync(ws.path('data/students.csv'), 'utf8').trim().split('\n');
    cohort = ws.path('cohort.csv');
    writeFileSync(cohort, `${[...lines.slice(0, 121), 'S9,female,group B'].join('\n')}\n`);
    server = await serve(ws.dir);
    const res = await fetch(`${server.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: readFileSync(cohort) });
    expect(res.status).toBe(200);
    api = (await res.json()) as PredictResponse;
    if (hasChromium) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    ws?.cleanup();
  });

  it('serves the page under a strict CSP, with nothing loaded from the web', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    // Every file of the page (the modules app.js imports included) as the server sends it.
    const files = readdirSync(join(ROOT, 'src', 'serve', 'dashboard')).map((f) => (f === 'index.html' ? '/' : `/${f}`));
    expect(files.length).toBeGreaterThan(3);
    for (const path of files) {
      const text = await (await fetch(`${server.url}${path}`)).text();
      expect(text, path).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)|@import|<style|style="|\beval\(|new Function/);
    }
    expect(api.rows).toBe(121);
    expect(api.rejected).toBe(1);
  });

  it.skipIf(!hasChromium)('upload, summary, charts, rejects, filters, sort, download and the single-student form', async () => {
    const { page, errors, requests } = await openPage(browser!, server.url);
    await expect.poll(() => page.textContent('#model-line')).toMatch(/ridge · regression of math_score · version \w+ · on the test set: R² /);

    // 2. Upload: the table fills; the figures are the API's counts; every chart has bars; the reject is listed.
    await page.setInputFiles('#file', cohort);
    await page.waitForSelector('#scores-body tr');
    expect(await page.textContent('#status')).toMatch(/Scored 120 students from cohort\.csv; 1 row could not be scored/);
    expect((await tableRows(page)).length).toBe(api.scored);
    const high = api.predictions.filter((p) => p.risk_band === 'high').length;
    expect(high).toBeGreaterThan(0);
    expect(await page.textContent('[data-figure="scored"]')).toBe(String(api.scored));
    expect(await page.textContent('[data-figure="rejected"]')).toBe('1');
    expect(await page.textContent('[data-figure="high"]')).toBe(String(high));
    const mean = api.predictions.reduce((a, p) => a + p.prediction, 0) / api.scored;
    expect(Number(await page.textContent('[data-figure="mean"]'))).toBeCloseTo(mean, 1);
    const charts = await page.$$eval('#results figure.chart:not([hidden])', (figures) =>
      figures.map((f) => {
        const box = f.querySelector('svg')?.getBoundingClientRect();
        return { id: f.id, area: box ? box.width * box.height : 0, bars: f.querySelectorAll('svg .bar').length };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-risk', 'chart-segments', 'chart-factors']);
    for (const c of charts) {
      expect(c.area, c.id).toBeGreaterThan(10_000);
      expect(c.bars, c.id).toBeGreaterThan(0);
    }
    expect(await page.$$eval('#rejects-body tr', (trs) => trs.map((tr) => tr.textContent))).toEqual(['121122expected 9 fields, found 3']);
    expect(await page.isVisible('#rejects')).toBe(true);

    // 3. Filters: by risk band, then by segment; the rows shown and the count are the API's.
    for (const band of ['high', 'low']) {
      await page.selectOption('#filter-band', band);
      const shown = await tableRows(page);
      const expected = api.predictions.filter((p) => p.risk_band === band).map((p) => p.row);
      expect(shown.map((r) => r.row)).toEqual(expected);
      expect(new Set(shown.map((r) => r.band))).toEqual(new Set([band === 'high' ? 'High' : 'Low']));
      expect(await matching(page)).toBe(expected.length);
      expect(await page.textContent('#count')).toContain(`Showing ${expected.length} of ${api.scored} students`);
    }
    await page.selectOption('#filter-band', '');
    const segments = [...new Set(api.predictions.map((p) => p.segment))];
    expect(segments.length).toBeGreaterThanOrEqual(2);
    for (const segment of segments) {
      await page.selectOption('#filter-segment', segment!);
      const shown = await tableRows(page);
      const expected = api.predictions.filter((p) => p.segment === segment).map((p) => p.row);
      expect(shown.map((r) => r.row)).toEqual(expected);
      expect(new Set(shown.map((r) => r.segment))).toEqual(new Set([segment]));
      expect(await matching(page)).toBe(expected.length);
    }
    await page.click('#filter-reset');
    await expect.poll(() => matching(page)).toBe(api.scored);
    await page.fill('#filter-id', api.predictions[4]!.ids!.student_id!);
    await expect.poll(async () => (await tableRows(page)).map((r) => r.row)).toEqual([api.predictions[4]!.row]);
    await page.fill('#filter-id', '');
    await expect.poll(() => matching(page)).toBe(api.scored);

    // 4. Sort by prediction: ascending, then descending; aria-sort says which.
    const predictionOf = new Map(api.predictions.map((p) => [p.row, p.prediction]));
    const sortedPredictions = async (): Promise<number[]> => (await tableRows(page)).map((r) => predictionOf.get(r.row)!);
    await page.click('button[data-sort="prediction"]');
    const ascending = await sortedPredictions();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await page.getAttribute('th[data-key="prediction"]', 'aria-sort')).toBe('ascending');
    await page.click('button[data-sort="prediction"]');
    const descending = await sortedPredictions();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(await page.getAttribute('th[data-key="prediction"]', 'aria-sort')).toBe('descending');
    expect(await page.getAttribute('th[data-key="row"]', 'aria-sort')).toBe('none');

    // 5. Download: byte for byte what `spm predict --explain` writes for the same file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('scored.csv');
    const downloaded = readFileSync((await download.path())!);
    const cli = await runCli(['predict', '--explain', '-i', cohort, '-o', 'out.csv'], { cwd: ws.dir });
    expect(cli.code, cli.stderr).toBe(0);
    expect(downloaded.equals(readFileSync(ws.path('out.csv')))).toBe(true);

    // 6. One student from the form: a result card with a prediction, band, segment and factors.
    await page.selectOption('[name="gender"]', 'female');
    await page.selectOption('[name="lunch"]', 'standard');
    await page.fill('[name="reading_score"]', '72');
    await page.fill('[name="writing_score"]', '74');
    await page.fill('[name="student_id"]', 'S-NEW');
    await page.click('#score-student');
    await page.waitForSelector('#student-card [data-field="prediction"]');
    expect(Number(await page.textContent('#student-card [data-field="prediction"]'))).toBeGreaterThan(0);
    const card = (await page.textContent('#student-card'))!;
    expect(card).toMatch(/Result for S-NEW/);
    expect(card).toMatch(/(High|Medium|Low) risk/);
    expect(card).toMatch(/Segment/);
    expect(await page.$$eval('#student-card .factor', (li) => li.length)).toBeGreaterThan(0);

    // 7. The screenshot, then the page's record: no errors, no CSP violations, nothing off the server.
    const dir = join(ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('blob:'))).toEqual([]);

    // A file the model cannot read: the alert names the missing columns and what the header has.
    await page.setInputFiles('#file', { name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('student_id,gender\nS1,female\n') });
    await page.waitForSelector('#alert:not([hidden])');
    expect(await page.textContent('#alert')).toMatch(/Missing columns .*'reading_score'.* in request body\. The header has: student_id, gender/);
    expect(await page.textContent('#status')).toBe('wrong.csv was not scored.');
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.close();
  }, 60_000);

  it.skipIf(!hasChromium)('scores a picked .xlsx or .parquet file as it scores the CSV', async () => {
    const { page, errors } = await openPage(browser!, server.url);
    await expect.poll(() => page.textContent('#model-line')).toMatch(/ridge · regression/);
    const students = readFileSync(ws.path('data/students.csv'), 'utf8').trim().split('\n').slice(0, 121).join('\n');
    await csvToXlsx(ws.path('cohort.xlsx'), students);
    csvToParquet(ws.path('cohort.parquet'), students);
    for (const name of ['cohort.xlsx', 'cohort.parquet']) {
      await page.setInputFiles('#file', ws.path(name));
      await expect.poll(() => page.textContent('#status'), { timeout: 30_000 }).toBe(`Scored 120 students from ${name}.`);
      expect((await tableRows(page)).length).toBe(120);
    }
    expect(errors).toEqual([]);
  });

  describe('with a token', () => {
    let secured: Server;
    beforeAll(async () => {
      ws.write('tok.txt', `${TOKEN}\n`);
      chmodSync(ws.path('tok.txt'), 0o600);
      secured = await serve(ws.dir, ['--token-file', 'tok.txt']);
    });
    afterAll(() => secured?.stop());

    it.skipIf(!hasChromium)('asks for the token on 401, refuses a wrong one, then works', async () => {
      const { page, errors } = await openPage(browser!, secured.url);
      await page.waitForSelector('#auth:not([hidden])');
      expect(await page.textContent('#auth-reason')).toMatch(/This server needs a bearer token/);
      await page.fill('#token', 'not-the-token-at-all-0000000000');
      await page.click('#auth-form button[type="submit"]');
      await expect.poll(() => page.textContent('#auth-reason')).toMatch(/That token was not accepted/);
      expect(await page.isVisible('#auth')).toBe(true);
      await page.fill('#token', TOKEN);
      await page.press('#token', 'Enter');
      await expect.poll(() => page.textContent('#model-line')).toMatch(/ridge · regression of math_score/);
      expect(await page.isHidden('#auth')).toBe(true);
      expect(await page.evaluate("sessionStorage.getItem('spm-token')")).toBe(TOKEN);
      await page.setInputFiles('#file', cohort);
      await page.waitForSelector('#scores-body tr');
      expect(await page.textContent('[data-figure="scored"]')).toBe(String(api.scored));
      // Only the two refused requests are errors (the browser logs every 401).
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
