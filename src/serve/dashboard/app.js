/**
 * The educators' dashboard of `spm serve`: upload a class list (or fill in one student), see who
 * is at risk and why, download the scored CSV. Plain ES module, no dependencies and no build
 * step, so the page works offline under the server's strict CSP (no inline code or styles: the
 * look lives in style.css classes, charts are SVG built with the DOM).
 *
 * One file because the server serves exactly three static files; the sections below are the
 * modules it would otherwise be split into: API, page state, model header, upload, summary,
 * charts, table, single-student form.
 */

const PAGE = 500; // table rows rendered at a time: 100,000 rows in the DOM would freeze the page
const MAX_REJECTS_SHOWN = 500;
const TOKEN_KEY = 'spm-token';
const BANDS = /** @type {const} */ (['high', 'medium', 'low']);
const BAND_LABEL = { high: 'High', medium: 'Medium', low: 'Low' };
const SVG_NS = 'http://www.w3.org/2000/svg';
// Chart coordinates (viewBox units): about the width a chart gets on a laptop, so 12px text stays 12px.
const CHART_WIDTH = 420;
const LABEL_WIDTH = 140;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

// ── DOM helpers ─────────────────────────────────────────────────────────────────────────────

/** An element with attributes (`class` → className; false/null/undefined skipped) and children. */
function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, as `h`. */
function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const fmt = (x, digits = 1) => (digits === 1 ? numberFormat.format(x) : x.toLocaleString(undefined, { maximumFractionDigits: digits }));
const count = (n) => n.toLocaleString();
const percent = (k, n) => (n > 0 ? `${Math.round((100 * k) / n)}%` : '–');
const plural = (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
const formatBytes = (n) => (n >= 1 << 20 ? `${fmt(n / (1 << 20))} MB` : n >= 1024 ? `${fmt(n / 1024)} kB` : `${n} bytes`);
/** A signed number with a true minus sign, e.g. −5.8 or +3.9. */
const signed = (x) => `${x < 0 ? '−' : '+'}${fmt(Math.abs(x), 3)}`;

// ── API: every /v1 call goes through here (token, errors) ───────────────────────────────────

class ApiError extends Error {
  constructor(status, message, hint) {
    super(message);
    this.status = status;
    this.hint = hint;
  }
}

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled: the token lives in memory only
  }
}

let memoryToken = null;
function storeToken(token) {
  memoryToken = token;
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    /* memoryToken still holds it */
  }
}

async function errorOf(res) {
  try {
    const body = await res.json();
    if (body && body.error) return new ApiError(res.status, body.error.message, body.error.hint);
  } catch {
    /* not JSON: fall through */
  }
  return new ApiError(res.status, `the server answered ${res.status} ${res.statusText}`);
}

/** fetch() on the API; on 401 asks for the token, then tries again. Throws ApiError otherwise. */
async function api(path, init = {}) {
  for (;;) {
    const token = storedToken() ?? memoryToken;
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let res;
    try {
      res = await fetch(path, { ...init, headers });
    } catch {
      throw new ApiError(0, 'The server did not answer.', 'Check that `spm serve` is still running, then reload this page.');
    }
    if (res.status === 401) {
      const error = await errorOf(res);
      if (token) storeToken(null);
      await askForToken(token ? 'That token was not accepted. Check it and try again.' : error.message);
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }
}

let tokenWaiters = [];
/** Shows the token prompt; resolves once a token has been entered (shared by concurrent calls). */
function askForToken(reason) {
  $('auth').hidden = false;
  $('auth-reason').textContent = `${capitalise(reason)}. Ask the person who started spm serve for the token in its --token-file; it is kept in this browser tab only.`;
  $('token').focus();
  return new Promise((resolve) => tokenWaiters.push(resolve));
}

function onTokenSubmit(event) {
  event.preventDefault();
  const value = /** @type {HTMLInputElement} */ ($('token')).value.trim();
  if (!value) return void $('token').focus();
  storeToken(value);
  /** @type {HTMLInputElement} */ ($('token')).value = '';
  $('auth').hidden = true;
  const waiters = tokenWaiters;
  tokenWaiters = [];
  for (const resolve of waiters) resolve();
}

const lowerFirst = (text) => text[0].toLowerCase() + text.slice(1);
const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1).replace(/\.$/, '') : '');

function showError(error) {
  const alert = $('alert');
  const message = error instanceof ApiError ? error.message : `Something went wrong in this page: ${error instanceof Error ? error.message : String(error)}`;
  const hint = error instanceof ApiError ? error.hint : 'Reload the page; if it happens again, report it with the steps that led here.';
  alert.replaceChildren(h('strong', {}, capitalise(message) + '.'), hint ? h('span', { className: 'hint' }, ` ${capitalise(hint)}.`) : '');
  alert.hidden = false;
}

function clearError() {
  $('alert').hidden = true;
  $('alert').replaceChildren();
}

// ── Page state ──────────────────────────────────────────────────────────────────────────────

const state = {
  /** GET /v1/model */
  model: null,
  /** What the model's output means for the charts and wording (see outcomeOf). */
  outcome: null,
  /** The uploaded file, kept to re-post for the download. */
  file: null,
  /** The last POST /v1/predict answer for the file. */
  result: null,
  /** The table's columns for that answer. */
  columns: [],
  /** Row indices of result.predictions in the current sort order. */
  order: [],
  /** Row indices that pass the filters, in sort order. */
  view: [],
  sort: { key: 'row', direction: 'ascending' },
  shown: 0,
};

/**
 * What a prediction means for a student: which way is bad, what a positive contribution does.
 * Regression: a higher score is better (as the server's risk bands assume). Binary
 * classification: the bad outcome is the class the risk bands are about; contributions explain
 * the positive class. Multi-class: contributions explain the predicted class.
 */
function outcomeOf(model) {
  if (model.task === 'regression') {
    return { kind: 'score', bad: null, positiveHelps: true, valueLabel: `Predicted ${model.target}`, helpsText: 'raises the predicted score', hurtsText: 'lowers the predicted score' };
  }
  const classes = model.classes ?? [];
  const bad = model.risk_bands?.bad_outcome ?? null;
  if (classes.length === 2 && bad !== null) {
    const positiveHelps = model.positive_class !== bad;
    return { kind: 'binary', bad, positiveHelps, valueLabel: `Probability of ${bad}`, helpsText: `lowers the chance of ${bad}`, hurtsText: `raises the chance of ${bad}` };
  }
  return { kind: 'classes', bad: null, positiveHelps: null, valueLabel: 'Probability of the predicted class', helpsText: 'speaks for the predicted class', hurtsText: 'speaks against the predicted class' };
}

/** The number a histogram of risk shows for one prediction: the score, or the probability of the bad outcome. */
function riskValue(p) {
  const { outcome, model } = state;
  if (outcome.kind === 'score') return typeof p.prediction === 'number' ? p.prediction : Number.NaN;
  if (typeof p.probability !== 'number') return Number.NaN;
  if (outcome.kind === 'binary') return model.positive_class === outcome.bad ? p.probability : 1 - p.probability;
  return p.probability;
}

// ── Model header and help text ──────────────────────────────────────────────────────────────

function renderModel(model) {
  const parts = [`Model ${model.model ?? 'unknown'}`, `${model.task} of ${model.target}`, `version ${model.train_id}${model.ref && model.ref !== 'latest' ? ` (${model.ref})` : ''}`];
  const m = model.metrics?.metrics;
  if (m) {
    const shown = model.task === 'regression'
      ? [['R²', m.r2, 3], ['RMSE', m.rmse, 2]]
      : [['ROC-AUC', m.roc_auc, 3], ['accuracy', m.accuracy, 3]];
    const text = shown.filter(([, v]) => typeof v === 'number').map(([name, v, d]) => `${name} ${fmt(v, d)}`).join(', ');
    if (text) parts.push(`on the test set: ${text}`);
  } else {
    parts.push('not evaluated yet (run spm evaluate)');
  }
  const line = $('model-line');
  line.replaceChildren(parts.join(' · '));
  if (model.reload_error) line.append(h('span', { className: 'warn' }, ` — could not switch to the newest version: ${model.reload_error}`));

  const rules = model.risk_bands;
  $('band-rules').replaceChildren(
    ...(rules
      ? [h('dt', {}, 'Based on'), h('dd', {}, rules.basis), ...BANDS.flatMap((b) => [h('dt', {}, h('span', { className: `badge band-${b}` }, BAND_LABEL[b])), h('dd', {}, rules[b])])]
      : [h('dt', {}, 'Risk bands'), h('dd', {}, 'This model has no risk bands (there is no single bad outcome to rank by).')]),
  );
  const o = state.outcome;
  const marks = o.positiveHelps === null ? `A factor that ${o.helpsText} is marked +; one that ${o.hurtsText} −.` : `A factor that ${o.helpsText} is shown as helping (blue, ▲); one that ${o.hurtsText} as hurting (red, ▼).`;
  $('factor-rule').textContent = `Top factors are the three columns that moved a student's prediction most. ${marks} The number in brackets is the contribution as the model computes it${o.kind === 'binary' ? `, towards ${model.positive_class}` : ''}.`;
  $('model-details').hidden = false;

  const needed = model.input.filter((c) => c.role === 'feature').map((c) => c.name);
  const optional = model.input.filter((c) => c.role !== 'feature').map((c) => c.name);
  $('upload-help').textContent = `Choose a CSV file with one row per student and a header row. It needs the columns ${needed.join(', ')}${optional.length ? `; ${optional.join(', ')} ${optional.length === 1 ? 'is' : 'are'} used when present` : ''}. Other columns are kept as they are.`;
}

// ── Upload and download ─────────────────────────────────────────────────────────────────────

async function scoreFile(file) {
  if (!state.model) return; // a drop before the model is loaded: the input is still disabled
  clearError();
  const status = $('status');
  status.textContent = `Scoring ${file.name} (${formatBytes(file.size)})…`;
  $('results').setAttribute('aria-busy', 'true');
  try {
    const bytes = await file.arrayBuffer();
    const res = await api('/v1/predict', { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'application/json' }, body: bytes });
    const result = await res.json();
    state.file = { name: file.name, bytes };
    showResults(result);
    status.textContent = `Scored ${plural(result.scored, 'student')} from ${file.name}${result.rejected ? `; ${plural(result.rejected, 'row')} could not be scored (listed below)` : ''}.`;
  } catch (error) {
    status.textContent = `${file.name} was not scored.`;
    showError(error);
  } finally {
    $('results').removeAttribute('aria-busy');
  }
}

/** Re-posts the uploaded bytes asking for CSV: the same bytes `spm predict --explain` writes. */
async function downloadScored() {
  if (!state.file) return;
  clearError();
  const button = /** @type {HTMLButtonElement} */ ($('download'));
  button.disabled = true;
  try {
    const res = await api('/v1/predict', { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' }, body: state.file.bytes });
    const blob = new Blob([await res.arrayBuffer()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: 'scored.csv', className: 'visually-hidden' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

function setUpUpload() {
  const input = /** @type {HTMLInputElement} */ ($('file'));
  input.addEventListener('change', () => {
    if (input.files && input.files[0]) void scoreFile(input.files[0]);
  });
  const zone = $('dropzone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void scoreFile(file);
  });
  // A file dropped beside the zone would otherwise replace the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  $('download').addEventListener('click', () => void downloadScored());
}

// ── Results: summary, notes, rejects ────────────────────────────────────────────────────────

function showResults(result) {
  state.result = result;
  state.columns = columnsFor(result);
  if (!state.columns.some((c) => c.key === state.sort.key)) state.sort = { key: 'row', direction: 'ascending' };
  $('results').hidden = false;
  $('results-title').textContent = `Results for ${state.file.name}`;
  renderSummary(result);
  renderNotes(result);
  renderRejects(result);
  renderCharts(result.predictions);
  setUpFilters(result.predictions);
  renderHead();
  sortRows();
}

function bandCounts(predictions) {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const p of predictions) if (p.risk_band in counts) counts[p.risk_band] += 1;
  return counts;
}

function renderSummary(result) {
  const { predictions, scored, rejected, rows } = result;
  const { outcome, model } = state;
  const figure = (key, label, value, note) => h('div', { className: `figure figure-${key}` }, h('dt', {}, label), h('dd', { 'data-figure': key }, value), note ? h('dd', { className: 'figure-note' }, note) : null);
  const items = [
    figure('scored', 'Students scored', count(scored), `of ${plural(rows, 'row')} in the file`),
    figure('rejected', 'Rows not scored', count(rejected), rejected ? 'see the list below' : 'every row was scored'),
  ];
  if (predictions.some((p) => p.risk_band)) {
    const high = bandCounts(predictions).high;
    items.push(figure('high', 'High risk', count(high), `${percent(high, scored)} of students scored`));
  }
  if (outcome.kind === 'score') {
    const values = predictions.map((p) => p.prediction).filter((v) => typeof v === 'number');
    const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
    items.push(figure('mean', `Mean predicted ${model.target}`, values.length ? fmt(mean) : '–'));
  } else if (outcome.kind === 'binary') {
    const bad = predictions.filter((p) => p.prediction === outcome.bad).length;
    items.push(figure('bad', `Predicted ${outcome.bad}`, percent(bad, scored), plural(bad, 'student')));
  } else {
    const counts = tally(predictions.map((p) => String(p.prediction)));
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['–', 0];
    items.push(figure('top-class', 'Most common prediction', top, plural(n, 'student')));
  }
  $('summary').replaceChildren(...items);
}

function tally(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function renderNotes(result) {
  const notes = [];
  const listing = (counts) => Object.entries(counts).map(([column, n]) => `${column} (${count(n)})`).join(', ');
  if (Object.keys(result.unseen_categories).length) {
    notes.push(`Some rows have a category the model never saw in training: ${listing(result.unseen_categories)}. They were scored as an unknown category; check the spelling in the file.`);
  }
  if (Object.keys(result.out_of_range).length) {
    notes.push(`Some rows have values outside the range seen in training: ${listing(result.out_of_range)}. They were scored; read those predictions with care.`);
  }
  $('notes').replaceChildren(...notes.map((text) => h('li', {}, text)));
  $('notes').hidden = notes.length === 0;
}

function renderRejects(result) {
  const shown = result.rejects.slice(0, MAX_REJECTS_SHOWN);
  const rows = shown.map((r) => h('tr', {}, h('td', { className: 'num' }, r.row), h('td', { className: 'num' }, r.line ?? '–'), h('td', {}, r.reason)));
  if (result.rejects.length > shown.length) {
    rows.push(h('tr', {}, h('td', { colspan: 3 }, `…and ${plural(result.rejects.length - shown.length, 'more row')}. \`spm predict\` writes them all to a .rejects.csv file.`)));
  }
  $('rejects-body').replaceChildren(...rows);
  $('rejects').hidden = result.rejects.length === 0;
}

// ── Charts (SVG) ────────────────────────────────────────────────────────────────────────────

function renderCharts(predictions) {
  drawRisk(predictions);
  drawSegments(predictions);
  drawFactors(predictions);
}

/** Replaces a figure's chart, keeping its caption. */
function putChart(id, svg, legend) {
  const figure = $(id);
  const caption = figure.querySelector('figcaption');
  figure.replaceChildren(caption, svg, legend ?? '');
}

const empty = (text) => h('p', { className: 'muted' }, text);

/** A step of 1, 2 or 5 × 10^k near `raw`. */
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

function drawRisk(predictions) {
  const { outcome, model } = state;
  const caption = $('chart-risk').querySelector('figcaption');
  const values = predictions.map(riskValue);
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) {
    caption.textContent = 'Predictions';
    return void drawClassCounts(predictions);
  }
  caption.textContent = outcome.kind === 'score' ? `Risk distribution: predicted ${model.target}` : `Risk distribution: ${lowerFirst(outcome.valueLabel)}`;
  let lo;
  let step;
  let bins;
  if (outcome.kind === 'score') {
    // A loop, not Math.min(...values): 100,000 arguments overflow the call stack.
    let min = Infinity;
    let max = -Infinity;
    for (const v of finite) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    step = max > min ? niceStep((max - min) / 20) : 1;
    lo = Math.floor(min / step) * step;
    bins = Math.max(1, Math.floor((max - lo) / step) + 1);
  } else {
    lo = 0;
    step = 0.05;
    bins = 20;
  }
  const counts = Array.from({ length: bins }, () => ({ high: 0, medium: 0, low: 0, none: 0 }));
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / step + 1e-9)));
    counts[bin][predictions[i].risk_band ?? 'none'] += 1;
  });
  const W = CHART_WIDTH;
  const H = 240;
  const m = { left: 40, right: 12, top: 12, bottom: 40 };
  const top = Math.max(1, ...counts.map((c) => c.high + c.medium + c.low + c.none));
  const x = (b) => m.left + (b * (W - m.left - m.right)) / bins;
  const y = (n) => H - m.bottom - (n * (H - m.top - m.bottom)) / top;
  const digits = step < 1 ? 2 : 0;
  const edge = (b) => fmt(lo + b * step, digits);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, className: 'chart-svg', role: 'img', 'aria-label': `Histogram of ${lowerFirst(outcome.valueLabel)} for ${plural(finite.length, 'student')}, coloured by risk band` });
  svg.append(...yAxis(top, y, m.left, W - m.right));
  counts.forEach((c, b) => {
    let base = 0;
    for (const band of [...BANDS, 'none']) {
      if (!c[band]) continue;
      const bar = s('rect', { className: `bar fill-${band}`, x: x(b) + 1, width: Math.max(1, x(b + 1) - x(b) - 2), y: y(base + c[band]), height: y(base) - y(base + c[band]) });
      bar.append(s('title', {}, `${edge(b)} to ${edge(b + 1)}: ${plural(c[band], 'student')}${band === 'none' ? '' : ` at ${band} risk`}`));
      svg.append(bar);
      base += c[band];
    }
  });
  const every = Math.ceil(bins / 8);
  for (let b = 0; b <= bins; b += every) svg.append(s('text', { x: x(b), y: H - m.bottom + 16, className: 'tick', 'text-anchor': 'middle' }, edge(b)));
  svg.append(s('line', { x1: m.left, x2: W - m.right, y1: y(0), y2: y(0), className: 'axis' }));
  svg.append(s('text', { x: (m.left + W - m.right) / 2, y: H - 6, className: 'axis-label', 'text-anchor': 'middle' }, outcome.valueLabel));
  const bandsUsed = predictions.some((p) => p.risk_band);
  const legend = bandsUsed ? bandLegend(bandCounts(predictions)) : null;
  putChart('chart-risk', svg, legend);
}

/** Horizontal grid lines with counts, from 0 to `top`. */
function yAxis(top, y, left, right) {
  const step = niceStep(top / 4);
  const nodes = [];
  for (let v = 0; v <= top; v += Math.max(1, step)) {
    nodes.push(s('line', { x1: left, x2: right, y1: y(v), y2: y(v), className: 'grid' }));
    nodes.push(s('text', { x: left - 6, y: y(v) + 4, className: 'tick', 'text-anchor': 'end' }, count(v)));
  }
  return nodes;
}

function bandLegend(counts) {
  const total = counts.high + counts.medium + counts.low;
  return h('ul', { className: 'legend' }, ...BANDS.map((b) => h('li', {}, h('span', { className: `swatch fill-${b}`, 'aria-hidden': 'true' }), `${BAND_LABEL[b]} risk: ${count(counts[b])} (${percent(counts[b], total)})`)));
}

/** Horizontal bars: one labelled row per item, the count at its end. */
function barRows(items, { label, unit, className }) {
  const W = CHART_WIDTH;
  const rowH = 30;
  const m = { left: LABEL_WIDTH, right: 48, top: 6, bottom: 6 };
  const H = m.top + m.bottom + rowH * items.length;
  const top = Math.max(1, ...items.map((i) => i.value));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, className: 'chart-svg', role: 'img', 'aria-label': label });
  const total = items.reduce((a, i) => a + i.value, 0);
  items.forEach((item, k) => {
    const y = m.top + k * rowH;
    const w = (item.value / top) * (W - m.left - m.right);
    svg.append(rowLabel(m.left - 8, y + rowH / 2 + 4, item.name));
    const bar = s('rect', { className: `bar ${className}`, x: m.left, y: y + 4, width: Math.max(item.value ? 2 : 0, w), height: rowH - 8 });
    bar.append(s('title', {}, `${item.name}: ${plural(item.value, unit)} (${percent(item.value, total)})`));
    svg.append(bar, s('text', { x: m.left + w + 6, y: y + rowH / 2 + 4, className: 'value' }, count(item.value)));
  });
  return svg;
}

/** A bar's label, cut to fit the label column; the full text shows on hover. */
function rowLabel(x, y, text) {
  const max = 19;
  const label = s('text', { x, y, className: 'label', 'text-anchor': 'end' }, text.length > max ? `${text.slice(0, max - 1)}…` : text);
  if (text.length > max) label.append(s('title', {}, text));
  return label;
}

function drawClassCounts(predictions) {
  const counts = tally(predictions.map((p) => String(p.prediction)));
  const items = [...counts].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value);
  putChart('chart-risk', items.length ? barRows(items, { label: 'Students per predicted class', unit: 'student', className: 'fill-none' }) : empty('No student was scored.'));
}

function drawSegments(predictions) {
  const figure = $('chart-segments');
  const named = state.model.segments ?? [];
  const seen = tally(predictions.map((p) => p.segment).filter((v) => v !== undefined));
  figure.hidden = named.length === 0 && seen.size === 0;
  if (figure.hidden) return;
  const names = [...named, ...[...seen.keys()].filter((n) => !named.includes(n))];
  const items = names.map((name) => ({ name, value: seen.get(name) ?? 0 }));
  putChart('chart-segments', barRows(items, { label: `Students per segment: ${items.map((i) => `${i.name} ${i.value}`).join(', ')}`, unit: 'student', className: 'fill-segment' }));
}

/** How often each column is among a student's top factors, split by whether it helped or hurt. */
function factorCounts(predictions) {
  const helpsWhenPositive = state.outcome.positiveHelps !== false;
  const byColumn = new Map();
  for (const p of predictions) {
    for (const f of p.factors ?? []) {
      const entry = byColumn.get(f.column) ?? { name: f.column, helps: 0, hurts: 0 };
      if (f.contribution > 0 === helpsWhenPositive) entry.helps += 1;
      else entry.hurts += 1;
      byColumn.set(f.column, entry);
    }
  }
  return [...byColumn.values()].sort((a, b) => b.helps + b.hurts - (a.helps + a.hurts) || a.name.localeCompare(b.name)).slice(0, 10);
}

function drawFactors(predictions) {
  const items = factorCounts(predictions);
  if (items.length === 0) return void putChart('chart-factors', empty('No factors to show.'));
  const { outcome } = state;
  const neutral = outcome.positiveHelps === null;
  const [helpWord, hurtWord] = neutral ? ['for', 'against'] : ['helps', 'hurts'];
  const W = CHART_WIDTH;
  const rowH = 26;
  const m = { left: LABEL_WIDTH, right: 8, top: 26, bottom: 6 };
  const H = m.top + m.bottom + rowH * items.length;
  const mid = m.left + (W - m.left - m.right) / 2;
  const half = (W - m.left - m.right) / 2 - 28;
  const top = Math.max(1, ...items.map((i) => Math.max(i.helps, i.hurts)));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, className: 'chart-svg', role: 'img', 'aria-label': `How often each column is among a student's top factors: ${items.map((i) => `${i.name} ${hurtWord} ${i.hurts}, ${helpWord} ${i.helps}`).join('; ')}` });
  svg.append(
    s('text', { x: mid - 8, y: 14, className: 'axis-label', 'text-anchor': 'end' }, `← ${hurtWord}`),
    s('text', { x: mid + 8, y: 14, className: 'axis-label' }, `${helpWord} →`),
  );
  items.forEach((item, k) => {
    const y = m.top + k * rowH;
    const wHurt = (item.hurts / top) * half;
    const wHelp = (item.helps / top) * half;
    svg.append(rowLabel(m.left - 8, y + rowH / 2 + 4, item.name));
    const hurt = s('rect', { className: `bar ${neutral ? 'fill-against' : 'fill-hurts'}`, x: mid - wHurt, y: y + 4, width: wHurt, height: rowH - 8 });
    hurt.append(s('title', {}, `${item.name} ${outcome.hurtsText} for ${plural(item.hurts, 'student')} (among their top factors)`));
    const help = s('rect', { className: `bar ${neutral ? 'fill-for' : 'fill-helps'}`, x: mid, y: y + 4, width: wHelp, height: rowH - 8 });
    help.append(s('title', {}, `${item.name} ${outcome.helpsText} for ${plural(item.helps, 'student')} (among their top factors)`));
    svg.append(hurt, help);
    if (item.hurts) svg.append(s('text', { x: mid - wHurt - 4, y: y + rowH / 2 + 4, className: 'value', 'text-anchor': 'end' }, count(item.hurts)));
    if (item.helps) svg.append(s('text', { x: mid + wHelp + 4, y: y + rowH / 2 + 4, className: 'value' }, count(item.helps)));
  });
  svg.append(s('line', { x1: mid, x2: mid, y1: m.top, y2: H - m.bottom, className: 'axis' }));
  $('chart-factors-title').textContent = 'Top factors: how often each column is among a student\'s three strongest';
  const legend = h(
    'ul',
    { className: 'legend' },
    h('li', {}, h('span', { className: `swatch ${neutral ? 'fill-against' : 'fill-hurts'}`, 'aria-hidden': 'true' }), `${capitalise(hurtWord)}: ${outcome.hurtsText}`),
    h('li', {}, h('span', { className: `swatch ${neutral ? 'fill-for' : 'fill-helps'}`, 'aria-hidden': 'true' }), `${capitalise(helpWord)}: ${outcome.helpsText}`),
  );
  putChart('chart-factors', svg, legend);
}

// ── Table: columns, sorting, filtering, paging ──────────────────────────────────────────────

const BAND_RANK = { high: 0, medium: 1, low: 2 };

/** The table's columns for a result: what it has (ids, probability, bands, segments). */
function columnsFor(result) {
  const { predictions } = result;
  const { model, outcome } = state;
  const ids = [...new Set(predictions.slice(0, 100).flatMap((p) => Object.keys(p.ids ?? {})))];
  const has = (key) => predictions.some((p) => p[key] !== undefined);
  const numericPrediction = model.task === 'regression';
  const columns = [
    { key: 'row', label: 'Row', numeric: true, align: 'num', value: (p) => p.row, cell: (p) => p.row },
    ...ids.map((name) => ({ key: `id:${name}`, label: name, numeric: false, value: (p) => p.ids?.[name] ?? '', cell: (p) => p.ids?.[name] ?? '' })),
    {
      key: 'prediction',
      label: `Predicted ${model.target}`,
      numeric: numericPrediction,
      align: numericPrediction ? 'num' : null,
      value: (p) => p.prediction,
      cell: (p) => (typeof p.prediction === 'number' ? fmt(p.prediction) : p.prediction),
    },
  ];
  if (has('probability')) {
    const label = outcome.kind === 'binary' ? `P(${model.positive_class})` : 'Probability';
    columns.push({ key: 'probability', label, numeric: true, align: 'num', value: (p) => p.probability ?? Number.NaN, cell: (p) => (p.probability === undefined ? '' : fmt(p.probability, 2)) });
  }
  if (has('risk_band')) {
    columns.push({ key: 'risk_band', label: 'Risk band', numeric: true, value: (p) => BAND_RANK[p.risk_band] ?? 3, cell: (p) => h('span', { className: `badge band-${p.risk_band}` }, BAND_LABEL[p.risk_band] ?? p.risk_band) });
  }
  if (has('segment')) {
    columns.push({ key: 'segment', label: 'Segment', numeric: false, value: (p) => p.segment ?? '', cell: (p) => p.segment ?? '' });
    columns.push({ key: 'recommendation', label: 'Recommendation', numeric: false, value: (p) => p.recommendation ?? '', cell: (p) => p.recommendation ?? '' });
  }
  columns.push({ key: 'top_factors', label: 'Top factors', sortable: false, cell: factorList });
  return columns;
}

function factorList(p) {
  const helpsWhenPositive = state.outcome.positiveHelps !== false;
  const neutral = state.outcome.positiveHelps === null;
  return h(
    'ul',
    { className: 'factors' },
    ...(p.factors ?? []).map((f) => {
      const helps = f.contribution > 0 === helpsWhenPositive;
      const kind = neutral ? (f.contribution > 0 ? 'for' : 'against') : helps ? 'helps' : 'hurts';
      const value = f.value === '' ? '(missing)' : f.value;
      return h('li', { className: `factor ${kind}`, title: `${f.column} = ${value} ${helps ? state.outcome.helpsText : state.outcome.hurtsText} (${signed(f.contribution)})` }, `${f.column} = ${value} (${signed(f.contribution)})`);
    }),
  );
}

function renderHead() {
  const cells = state.columns.map((c) => {
    const sorted = state.sort.key === c.key;
    const th = h('th', { scope: 'col', 'data-key': c.key, className: c.align ?? null, 'aria-sort': c.sortable === false ? null : sorted ? state.sort.direction : 'none' });
    if (c.sortable === false) th.append(c.label);
    else {
      const arrow = sorted ? (state.sort.direction === 'ascending' ? '▲' : '▼') : '↕';
      th.append(h('button', { type: 'button', className: 'sort', 'data-sort': c.key, 'aria-label': `${c.label}: sort ${sorted && state.sort.direction === 'ascending' ? 'descending' : 'ascending'}` }, c.label, h('span', { className: 'arrow', 'aria-hidden': 'true' }, ` ${arrow}`)));
    }
    return th;
  });
  $('scores-head').replaceChildren(...cells);
}

function onSortClick(event) {
  const button = /** @type {HTMLElement} */ (event.target).closest('button[data-sort]');
  if (!button) return;
  const key = button.getAttribute('data-sort');
  state.sort = { key, direction: state.sort.key === key && state.sort.direction === 'ascending' ? 'descending' : 'ascending' };
  renderHead();
  sortRows();
  /** @type {HTMLElement | null} */ ($('scores-head').querySelector(`button[data-sort="${CSS.escape(key)}"]`))?.focus();
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts every row (stable: ties keep file order), then filters and renders. */
function sortRows() {
  const predictions = state.result.predictions;
  const column = state.columns.find((c) => c.key === state.sort.key) ?? state.columns[0];
  const keys = predictions.map(column.value);
  const sign = state.sort.direction === 'ascending' ? 1 : -1;
  const order = predictions.map((_, i) => i);
  if (column.numeric) {
    // Missing values (NaN) last in either direction.
    order.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y) || a - b;
      return sign * (x - y) || a - b;
    });
  } else {
    order.sort((a, b) => sign * collator.compare(String(keys[a]), String(keys[b])) || a - b);
  }
  state.order = order;
  applyFilters();
}

function setUpFilters(predictions) {
  const band = /** @type {HTMLSelectElement} */ ($('filter-band'));
  const counts = bandCounts(predictions);
  const hasBands = predictions.some((p) => p.risk_band);
  band.replaceChildren(h('option', { value: '' }, 'All risk bands'), ...BANDS.map((b) => h('option', { value: b }, `${BAND_LABEL[b]} risk (${count(counts[b])})`)));
  $('band-filter-field').hidden = !hasBands;

  const segment = /** @type {HTMLSelectElement} */ ($('filter-segment'));
  const seen = tally(predictions.map((p) => p.segment).filter((v) => v !== undefined));
  const names = [...(state.model.segments ?? []), ...[...seen.keys()].filter((n) => !(state.model.segments ?? []).includes(n))];
  segment.replaceChildren(h('option', { value: '' }, 'All segments'), ...names.map((n) => h('option', { value: n }, `${n} (${count(seen.get(n) ?? 0)})`)));
  $('segment-filter-field').hidden = seen.size === 0;

  const hasIds = predictions.some((p) => p.ids && Object.keys(p.ids).length);
  /** @type {HTMLInputElement} */ ($('filter-id')).value = '';
  $('filter-id').closest('.field').hidden = !hasIds;
}

function applyFilters() {
  const band = /** @type {HTMLSelectElement} */ ($('filter-band')).value;
  const segment = /** @type {HTMLSelectElement} */ ($('filter-segment')).value;
  const query = /** @type {HTMLInputElement} */ ($('filter-id')).value.trim().toLowerCase();
  const predictions = state.result.predictions;
  state.view = state.order.filter((i) => {
    const p = predictions[i];
    if (band && p.risk_band !== band) return false;
    if (segment && p.segment !== segment) return false;
    if (query && !Object.values(p.ids ?? {}).some((v) => v.toLowerCase().includes(query))) return false;
    return true;
  });
  $('scores-body').replaceChildren();
  state.shown = 0;
  renderMore();
}

/** Appends the next PAGE rows of the view. */
function renderMore() {
  const predictions = state.result.predictions;
  const next = state.view.slice(state.shown, state.shown + PAGE);
  const fragment = document.createDocumentFragment();
  for (const i of next) {
    const p = predictions[i];
    fragment.append(h('tr', { 'data-row': p.row }, ...state.columns.map((c) => h(c.key === 'row' ? 'th' : 'td', { className: c.align ?? null, scope: c.key === 'row' ? 'row' : null, 'data-col': c.key }, c.cell(p)))));
  }
  $('scores-body').append(fragment);
  state.shown += next.length;
  renderCount();
}

function renderCount() {
  const total = state.result.predictions.length;
  const matching = state.view.length;
  const text = matching === total ? `Showing ${count(matching)} of ${count(total)} students` : `Showing ${count(matching)} of ${count(total)} students (filtered)`;
  const listed = state.shown < matching ? ` — the first ${count(state.shown)} are listed` : '';
  $('count').textContent = matching === 0 ? `No student matches these filters (0 of ${count(total)}).` : `${text}${listed}.`;
  $('count').setAttribute('data-matching', String(matching));
  const more = /** @type {HTMLButtonElement} */ ($('more'));
  more.hidden = state.shown >= matching;
  more.textContent = `Show ${count(Math.min(PAGE, matching - state.shown))} more`;
}

function setUpTable() {
  $('scores-head').addEventListener('click', onSortClick);
  const filters = /** @type {HTMLFormElement} */ ($('filters'));
  filters.addEventListener('submit', (event) => event.preventDefault());
  filters.addEventListener('change', () => state.result && applyFilters());
  let typing;
  $('filter-id').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => state.result && applyFilters(), 150);
  });
  // After the reset has cleared the fields.
  filters.addEventListener('reset', () => setTimeout(() => state.result && applyFilters()));
  $('more').addEventListener('click', renderMore);
}

// ── Single-student form ─────────────────────────────────────────────────────────────────────

const ROLE_NOTE = { feature: '', id: 'optional; shown with the result', segment: 'optional; used to place the student in a segment' };

function buildForm(model) {
  const fields = model.input.map((column, i) => {
    const id = `in-${i}`;
    const hintId = `${id}-hint`;
    const hints = [];
    let control;
    if (column.type === 'categorical' && column.role !== 'id') {
      control = h('select', { id, name: column.name, 'aria-describedby': hintId }, h('option', { value: '' }, '(missing)'), ...(column.categories ?? []).map((c) => h('option', { value: c }, c)));
    } else if (column.type === 'numeric') {
      control = h('input', { id, name: column.name, type: 'number', step: 'any', inputmode: 'decimal', 'aria-describedby': hintId, placeholder: column.min !== undefined ? `${fmt(column.min, 4)}–${fmt(column.max, 4)}` : null });
      if (column.min !== undefined) hints.push(`seen in training: ${fmt(column.min, 4)} to ${fmt(column.max, 4)}`);
    } else {
      control = h('input', { id, name: column.name, type: 'text', autocomplete: 'off', 'aria-describedby': hintId });
    }
    if (ROLE_NOTE[column.role]) hints.push(ROLE_NOTE[column.role]);
    const hint = hints.length ? h('p', { id: hintId, className: 'hint' }, hints.join('; ')) : null;
    if (!hint) control.removeAttribute('aria-describedby');
    return h('div', { className: `field role-${column.role}` }, h('label', { for: id }, column.name), control, hint);
  });
  $('student-fields').replaceChildren(...fields);
}

/** The form as one record: every input column, an empty field as null, numbers as numbers. */
function formRecord(model) {
  const record = {};
  const problems = [];
  for (const column of model.input) {
    const control = /** @type {HTMLInputElement | HTMLSelectElement} */ ($('student-form').querySelector(`[name="${CSS.escape(column.name)}"]`));
    if (control instanceof HTMLInputElement && control.validity.badInput) problems.push(`${column.name} is not a number`);
    const text = control.value.trim();
    record[column.name] = text === '' ? null : column.type === 'numeric' ? Number(text) : text;
  }
  return { record, problems };
}

async function scoreStudent(event) {
  event.preventDefault();
  clearError();
  const { model } = state;
  if (!model) return;
  const { record, problems } = formRecord(model);
  if (problems.length) return void showError(new ApiError(400, problems.join('; '), 'type a number, or leave the field empty for a missing value'));
  const region = $('card-region');
  region.setAttribute('aria-busy', 'true');
  try {
    const res = await api('/v1/predict', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify([record]) });
    region.replaceChildren(resultCard(await res.json()));
  } catch (error) {
    showError(error);
  } finally {
    region.removeAttribute('aria-busy');
  }
}

function resultCard(result) {
  const p = result.predictions[0];
  if (!p) {
    const reason = result.rejects[0]?.reason ?? 'the server gave no prediction';
    return h('div', { className: 'card card-rejected', id: 'student-card' }, h('h3', {}, 'This student could not be scored'), h('p', {}, capitalise(reason) + '.'));
  }
  const { model, outcome } = state;
  const shown = typeof p.prediction === 'number' ? fmt(p.prediction) : p.prediction;
  const rows = [
    ['Predicted ' + model.target, h('span', { className: 'prediction', 'data-field': 'prediction' }, shown)],
    p.probability !== undefined ? [outcome.kind === 'binary' ? `Probability of ${model.positive_class}` : 'Probability', fmt(p.probability, 2)] : null,
    p.risk_band ? ['Risk band', h('span', { className: `badge band-${p.risk_band}` }, `${BAND_LABEL[p.risk_band]} risk`)] : null,
    p.segment !== undefined ? ['Segment', p.segment] : null,
    p.recommendation !== undefined ? ['Recommendation', p.recommendation] : null,
  ].filter(Boolean);
  const notes = [];
  for (const column of Object.keys(result.unseen_categories)) notes.push(`${column}: a category the model never saw (scored as unknown)`);
  for (const column of Object.keys(result.out_of_range)) notes.push(`${column}: outside the range seen in training`);
  const id = Object.values(p.ids ?? {}).find((v) => v !== '');
  return h(
    'article',
    { className: 'card', id: 'student-card', 'aria-labelledby': 'card-title' },
    h('h3', { id: 'card-title' }, id ? `Result for ${id}` : 'Result'),
    h('dl', { className: 'card-figures' }, ...rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    h('h4', {}, 'What moved this prediction most'),
    (p.factors ?? []).length ? factorList(p) : h('p', { className: 'muted' }, 'No factor stands out.'),
    notes.length ? h('ul', { className: 'notes' }, ...notes.map((n) => h('li', {}, n))) : null,
  );
}

// ── Start ───────────────────────────────────────────────────────────────────────────────────

async function start() {
  $('auth-form').addEventListener('submit', onTokenSubmit);
  setUpUpload();
  setUpTable();
  $('student-form').addEventListener('submit', (event) => void scoreStudent(event));
  $('student-form').addEventListener('reset', () => $('card-region').replaceChildren());
  try {
    const res = await api('/v1/model');
    const model = await res.json();
    state.model = model;
    state.outcome = outcomeOf(model);
    renderModel(model);
    buildForm(model);
    // Usable once the model is known: results are laid out from it.
    for (const id of ['file', 'score-student']) /** @type {HTMLInputElement} */ ($(id)).disabled = false;
    document.body.classList.add('ready');
  } catch (error) {
    $('model-line').textContent = 'The model could not be loaded.';
    showError(error);
  }
}

void start();
