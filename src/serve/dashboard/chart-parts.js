/**
 * Building blocks of the dashboard's SVG charts: the chart size, placing a chart in its
 * figure, axis steps and grid lines, labelled horizontal bars and the risk-band legend.
 * Charts are SVG built with the DOM, so the CSP needs no inline styles or scripts.
 */
import { $, h, s } from './dom.js';
import { count, percent, plural } from './format.js';
import { BAND_LABEL, BANDS } from './outcome.js';

// Chart coordinates (viewBox units): about the width a chart gets on a laptop, so 12px text stays 12px.
export const CHART_WIDTH = 420;
export const LABEL_WIDTH = 140;

/** Replaces a figure's chart, keeping its caption. */
export function putChart(id, svg, legend) {
  const figure = $(id);
  const caption = figure.querySelector('figcaption');
  figure.replaceChildren(caption, svg, legend ?? '');
}

/** What a figure shows instead of a chart when there is nothing to draw. */
export const empty = (text) => h('p', { className: 'muted' }, text);

/** A step of 1, 2 or 5 × 10^k near `raw`. */
export function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Horizontal grid lines with counts, from 0 to `top`. */
export function yAxis(top, y, left, right) {
  const step = niceStep(top / 4);
  const nodes = [];
  for (let v = 0; v <= top; v += Math.max(1, step)) {
    nodes.push(s('line', { x1: left, x2: right, y1: y(v), y2: y(v), className: 'grid' }));
    nodes.push(s('text', { x: left - 6, y: y(v) + 4, className: 'tick', 'text-anchor': 'end' }, count(v)));
  }
  return nodes;
}

/** The risk bands' colours with their counts and shares. */
export function bandLegend(counts) {
  const total = counts.high + counts.medium + counts.low;
  return h('ul', { className: 'legend' }, ...BANDS.map((b) => h('li', {}, h('span', { className: `swatch fill-${b}`, 'aria-hidden': 'true' }), `${BAND_LABEL[b]} risk: ${count(counts[b])} (${percent(counts[b], total)})`)));
}

/** Horizontal bars: one labelled row per item, the count at its end. */
export function barRows(items, { label, unit, className }) {
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
export function rowLabel(x, y, text) {
  const max = 19;
  const label = s('text', { x, y, className: 'label', 'text-anchor': 'end' }, text.length > max ? `${text.slice(0, max - 1)}…` : text);
  if (text.length > max) label.append(s('title', {}, text));
  return label;
}
