/**
 * The results' three charts: the risk distribution (or students per predicted class), students
 * per segment, and how often each column is among a student's top factors.
 */
import { barRows, bandLegend, CHART_WIDTH, empty, LABEL_WIDTH, niceStep, putChart, rowLabel, yAxis } from './chart-parts.js';
import { $, h, s } from './dom.js';
import { capitalise, count, fmt, lowerFirst, plural } from './format.js';
import { factorCounts } from './factors.js';
import { BANDS, bandCounts, riskValue, segmentCounts, tally } from './outcome.js';
import { state } from './state.js';

/** Draws every chart for the scored predictions. */
export function renderCharts(predictions) {
  drawRisk(predictions);
  drawSegments(predictions);
  drawFactors(predictions);
}

/** A histogram of the risk value, each bin stacked by risk band. */
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

/** Instead of the histogram when no prediction has a number to plot: students per predicted class. */
function drawClassCounts(predictions) {
  const counts = tally(predictions.map((p) => String(p.prediction)));
  const items = [...counts].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value);
  putChart('chart-risk', items.length ? barRows(items, { label: 'Students per predicted class', unit: 'student', className: 'fill-none' }) : empty('No student was scored.'));
}

function drawSegments(predictions) {
  const figure = $('chart-segments');
  const { names, seen } = segmentCounts(predictions);
  figure.hidden = names.length === 0;
  if (figure.hidden) return;
  const items = names.map((name) => ({ name, value: seen.get(name) ?? 0 }));
  putChart('chart-segments', barRows(items, { label: `Students per segment: ${items.map((i) => `${i.name} ${i.value}`).join(', ')}`, unit: 'student', className: 'fill-segment' }));
}

/** Back-to-back bars per column: how often it hurt (left) and helped (right). */
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
