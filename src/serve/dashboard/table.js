/**
 * The scored table: sorting by a column header, filtering by risk band, segment and student
 * id, and rendering the matching rows a page at a time (100,000 rows in the DOM would freeze
 * the page). Works on state.columns (columns.js) and state.result.
 */
import { $, h } from './dom.js';
import { count } from './format.js';
import { BAND_LABEL, BANDS, bandCounts, segmentCounts } from './outcome.js';
import { state } from './state.js';

const PAGE = 500; // table rows rendered at a time

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The header row: a sort button per sortable column, aria-sort saying which one sorts. */
export function renderHead() {
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

/** Sorts every row (stable: ties keep file order), then filters and renders. */
export function sortRows() {
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

/** Fills the filters' options (with counts) for new predictions and hides the filters that do not apply. */
export function setUpFilters(predictions) {
  const band = /** @type {HTMLSelectElement} */ ($('filter-band'));
  const counts = bandCounts(predictions);
  const hasBands = predictions.some((p) => p.risk_band);
  band.replaceChildren(h('option', { value: '' }, 'All risk bands'), ...BANDS.map((b) => h('option', { value: b }, `${BAND_LABEL[b]} risk (${count(counts[b])})`)));
  $('band-filter-field').hidden = !hasBands;

  const segment = /** @type {HTMLSelectElement} */ ($('filter-segment'));
  const { names, seen } = segmentCounts(predictions);
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

/** Wires the sort buttons, the filters and the "Show more" button. */
export function setUpTable() {
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
