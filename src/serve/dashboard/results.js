/**
 * The results section for a scored file: lays it out (summary figures, notes on unusual
 * values, the rows that could not be scored), then hands the predictions to the charts and
 * the table.
 */
import { renderCharts } from './charts.js';
import { columnsFor } from './columns.js';
import { $, h } from './dom.js';
import { count, fmt, percent, plural } from './format.js';
import { bandCounts, tally } from './outcome.js';
import { state } from './state.js';
import { renderHead, setUpFilters, sortRows } from './table.js';

const MAX_REJECTS_SHOWN = 500;

/** Shows a POST /v1/predict answer for the uploaded file (state.file). */
export function showResults(result) {
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
    rows.push(h('tr', {}, h('td', { colspan: 3 }, `…and ${plural(result.rejects.length - shown.length, 'more row')}. spm predict writes them all to a .rejects.csv file.`)));
  }
  $('rejects-body').replaceChildren(...rows);
  $('rejects').hidden = result.rejects.length === 0;
}
